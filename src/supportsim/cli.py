"""The ``supportsim`` command line: run, compare, figures, sweep, evaluate, list, calibrate.

Bad input prints one line (``supportsim: error: ...``) and exits with status 2; nothing
else is printed and no traceback is shown.

The runner (pandas, simpy) and everything heavier is imported inside the command that
needs it, so ``--help`` and ``list`` load none of them (tests/cli/test_imports.py).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from supportsim.analysis.plausibility import implausible, pays_bonus
from supportsim.config import OWN_SCHEME, build_scenario, parse_sets, wrong_kind_of_file
from supportsim.errors import ConfigError, ExecutorLost, Note
from supportsim.report import (
    catalogue_json,
    catalogue_text,
    compare_json,
    compare_text,
    lists,
    run_json,
    run_text,
    sweep_json,
    sweep_text,
)
from supportsim.scenario import SCENARIOS, Scenario
from supportsim.schemes import Scheme, make_scheme
from supportsim.schemes.tables import read_scheme_table

DEFAULT_COMPARE = ("flat_salary", "per_contact_pay", "star_bonus", "rubric_review")


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors are one line and exit 2."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"supportsim: error: {message}\n")
        raise SystemExit(2)


def _int_at_least(minimum: int, text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None
    if value < minimum:
        raise argparse.ArgumentTypeError(f"{text!r} must be an integer >= {minimum}")
    return value


def _non_negative_int(text: str) -> int:
    return _int_at_least(0, text)


def _positive_int(text: str) -> int:
    return _int_at_least(1, text)


def _world_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--scenario",
        default="default",
        help=f"built-in scenario ({', '.join(SCENARIOS.names())}) or a .toml file (default: default)",
    )
    p.add_argument(
        "--set",
        dest="sets",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a scenario parameter (agents=30) or a scheme parameter "
        "(star_bonus.threshold=8.5); repeatable",
    )
    p.add_argument(
        "--seed", type=_non_negative_int, default=1, help="root random seed (default: 1)"
    )
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format")


def _executor_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--jobs",
        type=_positive_int,
        default=None,
        help="local worker processes (default: all cores; 1 runs in this process)",
    )
    p.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="run on a Dask distributed cluster (e.g. tcp://host:8786) instead of local cores",
    )
    p.add_argument("--no-progress", action="store_true", help="hide the progress bar")


def _add_run(sub: argparse._SubParsersAction[_Parser]) -> None:
    """The ``run`` command: one scheme, one replication, its summary."""
    p = sub.add_parser("run", help="simulate one scheme once and print its summary")
    p.add_argument(
        "--scheme",
        default=None,
        help="scheme name (see 'supportsim list schemes'), or a Python scheme as"
        " module:Class (default: the scenario file's scheme, else flat_salary)",
    )
    p.add_argument(
        "--replication", type=_non_negative_int, default=0, help="replication index (default 0)"
    )
    p.add_argument(
        "--save",
        type=Path,
        metavar="DIR",
        help="also write the run's tables and its contact log (contact_log.csv) as CSV to DIR",
    )
    p.add_argument(
        "--summary-only",
        action="store_true",
        help="keep no per-contact tables: flat memory however many days (not with --save)",
    )
    _world_args(p)


def _add_compare(sub: argparse._SubParsersAction[_Parser]) -> None:
    """The ``compare`` command: schemes under common random numbers."""
    p = sub.add_parser("compare", help="compare schemes under common random numbers, with 95%% CIs")
    p.add_argument(
        "--schemes",
        default=",".join(DEFAULT_COMPARE),
        help="comma-separated scheme names (default: the four core schemes)",
    )
    p.add_argument(
        "--reps", type=_positive_int, default=5, help="replications per scheme (default 5)"
    )
    p.add_argument(
        "--jobs", type=_positive_int, default=None, help="worker processes (default: all cores)"
    )
    p.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    _world_args(p)


def _add_figures(sub: argparse._SubParsersAction[_Parser]) -> None:
    """The ``figures`` command: the analysis figures of one scheme run."""
    p = sub.add_parser(
        "figures", help="write the analysis figures of one scheme run as PNG and SVG"
    )
    p.add_argument(
        "--scheme",
        default=None,
        help="scheme to picture (default: the scenario file's scheme, else star_bonus)",
    )
    p.add_argument("--out", type=Path, required=True, metavar="DIR", help="directory to write into")
    p.add_argument(
        "--compare",
        default="",
        metavar="SCHEMES",
        help="also compare these comma-separated schemes (with --scheme) and draw the comparison",
    )
    p.add_argument(
        "--reps", type=_positive_int, default=5, help="replications for --compare (default 5)"
    )
    _world_args(p)


def _add_sweep(sub: argparse._SubParsersAction[_Parser]) -> None:
    """The ``sweep`` command: an experiment spec into a results directory."""
    p = sub.add_parser(
        "sweep",
        help="run an experiment spec (schemes x grid x replications) into a resumable results directory",
    )
    p.add_argument("spec", type=Path, help="sweep spec (.toml)")
    p.add_argument(
        "--out", type=Path, required=True, metavar="DIR", help="results directory (resumable)"
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="run into --out even if it holds the results of another spec",
    )
    _executor_args(p)
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format")


def _add_evaluate(sub: argparse._SubParsersAction[_Parser]) -> None:
    """The ``evaluate`` command: a policy file into an HTML report."""
    p = sub.add_parser(
        "evaluate", help="evaluate a proposed policy file and write a self-contained HTML report"
    )
    p.add_argument("policy", type=Path, help="policy file (.toml)")
    p.add_argument("--out", type=Path, required=True, metavar="FILE", help="HTML report to write")
    p.add_argument(
        "--reps", type=_positive_int, default=None, help="replications (default: the policy file's)"
    )
    p.add_argument(
        "--seed",
        type=_non_negative_int,
        default=None,
        help="root seed (default: the policy file's)",
    )
    p.add_argument(
        "--alternatives",
        default=None,
        metavar="SCHEMES",
        help="comma-separated schemes to search for the best alternative (default: all registered)",
    )
    p.add_argument(
        "--runs", type=Path, default=None, metavar="DIR", help="keep the runs here (resumable)"
    )
    p.add_argument(
        "--vary",
        default=None,
        metavar="PATH=V1,V2,...",
        help="also evaluate the policy at these values of one [scheme] setting, e.g."
        " 'bonus.0.tiers.0.at=7.5,8,8.5,9' (a built-in scheme: 'threshold=8,9')",
    )
    _executor_args(p)
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format")


def _add_list(sub: argparse._SubParsersAction[_Parser]) -> None:
    """The ``list`` command: the catalogues."""
    p = sub.add_parser(
        "list",
        help="list schemes, scenarios, metrics, measures, learning rules or scenario parameters",
    )
    p.add_argument(
        "what", choices=("schemes", "scenarios", "metrics", "measures", "params", "learning")
    )
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format")


def _add_calibrate(sub: argparse._SubParsersAction[_Parser]) -> None:
    """The ``calibrate`` command: a contact log into a scenario file."""
    p = sub.add_parser(
        "calibrate", help="calibrate a scenario from a contact log (CSV, TSV or Parquet)"
    )
    p.add_argument("log", type=Path, help="contact log: one row per call")
    p.add_argument("--out", type=Path, required=True, metavar="TOML", help="scenario file to write")
    p.add_argument(
        "--columns",
        default=None,
        metavar="ROLE=NAME,...",
        help="map roles to the log's columns (date, arrival, answer, end, wait, talk, acw,"
        " outcome, agent, customer, queue, type, rating, resolved); others are found by name",
    )
    p.add_argument(
        "--outcome",
        default=None,
        metavar="CLASS=CODE,...",
        help="outcome codes, e.g. answered=AGENT,abandoned=HANG,other=PHANTOM",
    )
    p.add_argument(
        "--short-sec",
        type=float,
        default=10.0,
        help="talks shorter than this are reported apart, not fitted (default 10)",
    )
    p.add_argument("--report", type=Path, default=None, metavar="HTML", help="write a fit report")
    p.add_argument(
        "--check",
        action="store_true",
        help="replay: run the calibrated scenario and print observed vs simulated",
    )
    p.add_argument(
        "--seed",
        type=_non_negative_int,
        default=0,
        help="seed of the pilot and replay runs and of the chat slowdown's bootstrap",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for docs and tests)."""
    parser = _Parser(
        prog="supportsim", description="Simulate what incentive schemes do to a support team."
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    _add_run(sub)
    _add_compare(sub)
    _add_figures(sub)
    _add_sweep(sub)
    _add_evaluate(sub)
    _add_list(sub)
    _add_calibrate(sub)
    return parser


def _world(args: argparse.Namespace) -> tuple[Scenario, dict[str, dict[str, Any]]]:
    return build_scenario(args.scenario, parse_sets(args.sets), where="--set")


def _schemes(names: Sequence[str], cfg: dict[str, dict[str, Any]]) -> list[Scheme]:
    return [make_scheme(n, **cfg.get(n, {})) for n in names]


def _scheme(args: argparse.Namespace, cfg: dict[str, dict[str, Any]], default: str) -> Scheme:
    """``--scheme``, else the scenario file's own ``scheme``, else ``default``."""
    if args.scheme is not None:
        return _schemes([args.scheme], cfg)[0]
    if OWN_SCHEME in cfg:
        name, params = read_scheme_table(cfg[OWN_SCHEME], f"{args.scenario} [scheme]")
        return make_scheme(name, **params)
    return _schemes([default], cfg)[0]


def _warn(lines: Sequence[str], about: str = "") -> None:
    """Print one ``supportsim: warning:`` line per implausible figure (to stderr)."""
    prefix = f"{about}: " if about else ""
    for line in lines:
        sys.stderr.write(f"supportsim: warning: {prefix}{line}\n")


def _cmd_run(args: argparse.Namespace) -> str:
    from supportsim.runner import run

    scenario, cfg = _world(args)
    scheme = _scheme(args, cfg, "flat_salary")
    if args.summary_only and args.save:
        raise ConfigError(
            "--save writes the contacts and issues tables, which --summary-only does not"
            " keep: use one or the other"
        )
    result = run(
        scenario, scheme, args.seed, replication=args.replication, tables=not args.summary_only
    )
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
        for name in ("contacts", "issues", "agent_periods"):
            getattr(result, name).to_csv(args.save / f"{name}.csv", index=False)
        from supportsim.calibrate.export import contact_log

        log = contact_log(result.contacts, scenario)
        log.to_csv(args.save / "contact_log.csv", index=False)
    _warn(result.warnings)
    return run_json(result) if args.format == "json" else run_text(result)


def _cmd_compare(args: argparse.Namespace) -> str:
    from supportsim.runner import compare

    scenario, cfg = _world(args)
    names = [n.strip() for n in args.schemes.split(",") if n.strip()]
    if not names:
        raise ConfigError(f"--schemes {args.schemes!r}: give at least one scheme name")
    cmp = compare(
        scenario,
        _schemes(names, cfg),
        reps=args.reps,
        seed=args.seed,
        jobs=args.jobs,
        progress=False if args.no_progress else None,
    )
    for scheme, lines in cmp.warnings.items():
        _warn(lines, scheme)
    return compare_json(cmp) if args.format == "json" else compare_text(cmp)


def _cmd_figures(args: argparse.Namespace) -> str:
    from supportsim.plots.figures import write_figures  # matplotlib only when asked for
    from supportsim.runner import compare, run

    scenario, cfg = _world(args)
    scheme = _scheme(args, cfg, "star_bonus")
    result = run(scenario, scheme, args.seed)
    comparison = None
    others = [n.strip() for n in args.compare.split(",") if n.strip() and n.strip() != scheme.name]
    if others:
        schemes = [scheme, *_schemes(others, cfg)]
        comparison = compare(scenario, schemes, reps=args.reps, seed=args.seed, progress=None)
    written = write_figures(result, args.out, comparison)
    if args.format == "json":
        return json.dumps({"files": [str(p) for p in written]}, indent=2)
    return "\n".join(str(p) for p in written)


def _cmd_sweep(args: argparse.Namespace) -> str:
    from supportsim.experiments import ResultStore, load_spec, open_executor, run_sweep
    from supportsim.experiments.sensitivity import save_sensitivity, spec_sensitivity
    from supportsim.experiments.sweep import sweep_provenance

    spec = load_spec(args.spec)
    progress = False if args.no_progress else None
    outcome = sens = None
    force = args.force
    try:
        with open_executor(args.scheduler, args.jobs) as ex:
            if spec.schemes:
                outcome = run_sweep(spec, args.out, executor=ex, progress=progress, force=force)
            if spec.sensitivity is not None:
                sens_dir = args.out / "sensitivity"
                sens = spec_sensitivity(spec, sens_dir, executor=ex, progress=progress, force=force)
    except (KeyboardInterrupt, ExecutorLost):
        stores = (ResultStore(args.out), ResultStore(args.out / "sensitivity"))
        saved = sum(len(s.finished()) for s in stores)
        sys.stderr.write(
            f"supportsim: {saved} finished runs are saved in {args.out};"
            " run the same command again to resume\n"
        )
        raise
    if sens is not None:
        from supportsim.plots.sensitivity import plot_sensitivity

        save_sensitivity(sens, args.out / "sensitivity")
        plot_sensitivity(sens.indices).savefig(
            args.out / "sensitivity" / "sensitivity.png", dpi=150
        )
    if args.format == "json":
        return sweep_json(outcome, sens, provenance=sweep_provenance(spec))
    return sweep_text(outcome, sens)


def _cmd_evaluate(args: argparse.Namespace) -> str:
    import dataclasses

    from supportsim.experiments import open_executor
    from supportsim.policy import evaluate_policy, load_policy, render_report
    from supportsim.policy.vary import parse_vary
    from supportsim.runner import mean_summary

    try:
        policy = load_policy(args.policy)
    except ConfigError:  # a sweep spec or a scenario given as a policy: say so
        wrong = wrong_kind_of_file(args.policy, "policy file")
        if wrong is not None:
            raise wrong from None
        raise
    if args.reps is not None:
        if args.reps < 2:
            raise ConfigError(f"--reps {args.reps}: must be >= 2 (confidence intervals)")
        policy = dataclasses.replace(policy, replications=args.reps)
    if args.seed is not None:
        policy = dataclasses.replace(policy, seed=args.seed)
    alternatives = None
    if args.alternatives is not None:
        alternatives = [n.strip() for n in args.alternatives.split(",") if n.strip()]
    vary = parse_vary(args.vary) if args.vary is not None else None
    with open_executor(args.scheduler, args.jobs) as ex:
        ev = evaluate_policy(
            policy,
            alternatives=alternatives,
            out_dir=args.runs,
            executor=ex,
            progress=False if args.no_progress else None,
            vary=vary,
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render_report(ev), encoding="utf-8")
    proposed = mean_summary(ev.stats, "proposed")
    warnings = implausible(proposed, pays_bonus=pays_bonus(policy.build_scheme()))
    _warn(warnings, "proposed policy")
    if args.format == "json":
        doc = {
            "warnings": warnings,
            "report": str(args.out),
            "verdict": ev.verdict.headline,
            "tone": ev.verdict.tone,
            "reasons": list(ev.verdict.reasons),
            "other_side": list(ev.verdict.other_side),
            "verdict_warnings": list(ev.verdict.warnings),
            "earning": list(ev.earning.sentences) if ev.earning else [],
            "best_alternative": ev.best,
            "provenance": _policy_provenance(policy, ev.stats),
        }
        return json.dumps(doc, indent=2)
    lines = [f"report: {args.out}", f"verdict: {ev.verdict.headline}"]
    lines += [f"- {r}" for r in ev.verdict.reasons]
    lines += [f"+ on the other side: {r}" for r in ev.verdict.other_side]
    lines += [f"! {r}" for r in ev.verdict.warnings]
    return "\n".join(lines)


def _policy_provenance(policy: Any, stats: Any) -> dict[str, Any]:
    """Version, code hash, seed, replications, the center in full and every scheme's
    parameters of a policy evaluation (the proposed one and the alternatives)."""
    from supportsim.provenance import provenance

    names = [n for n in dict.fromkeys(stats["scheme"]) if n != "proposed"]
    schemes = {"proposed": policy.build_scheme(), **{n: make_scheme(n) for n in names}}
    return provenance(policy.scenario, schemes, policy.seed, replications=policy.replications)


def _cmd_list(args: argparse.Namespace) -> str:
    if args.what == "metrics":
        return catalogue_json() if args.format == "json" else catalogue_text()
    return lists.as_json(args.what) if args.format == "json" else lists.as_text(args.what)


def _show_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: Any = None,
    line: str | None = None,
) -> None:
    """A Python warning as one line: ``supportsim: note: ...`` for a :class:`Note`."""
    kind = "note" if issubclass(category, Note) else "warning"
    text = " ".join(str(message).split())
    sys.stderr.write(f"supportsim: {kind}: {text}\n")


def _cmd_calibrate(args: argparse.Namespace) -> str:
    from supportsim.calibrate.command import calibrate_command

    return calibrate_command(
        args.log,
        args.out,
        columns=args.columns,
        outcome=args.outcome,
        short_sec=args.short_sec,
        report=args.report,
        check=args.check,
        seed=args.seed,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``supportsim`` command."""
    with warnings.catch_warnings():
        warnings.simplefilter("default")
        warnings.simplefilter("always", Note)
        warnings.showwarning = _show_warning
        return _main(argv)


def _one_line(err: BaseException) -> str:
    """An error's message on one line (a message never spans lines; this makes sure)."""
    return " ".join(str(err).split())


def _main(argv: Sequence[str] | None) -> int:
    args = build_parser().parse_args(argv)
    commands = {
        "run": _cmd_run,
        "compare": _cmd_compare,
        "figures": _cmd_figures,
        "sweep": _cmd_sweep,
        "evaluate": _cmd_evaluate,
        "list": _cmd_list,
        "calibrate": _cmd_calibrate,
    }
    try:
        out = commands[args.command](args)
    except ConfigError as err:
        sys.stderr.write(f"supportsim: error: {_one_line(err)}\n")
        return 2
    except OSError as err:  # a file or directory the command could not read or write
        where = f"{err.filename}: " if err.filename else ""
        sys.stderr.write(f"supportsim: error: {where}{err.strerror or err}\n")
        return 2
    except ExecutorLost as err:
        sys.stderr.write(f"supportsim: error: {err}\n")
        return 1
    except KeyboardInterrupt:
        sys.stderr.write("supportsim: interrupted\n")
        return 130
    except Exception as err:  # a bug: one line, unless asked for the traceback
        if os.environ.get("SUPPORTSIM_TRACEBACK"):
            raise
        sys.stderr.write(
            f"supportsim: internal error: {type(err).__name__}: {_one_line(err)}"
            " (please report it; SUPPORTSIM_TRACEBACK=1 shows the traceback)\n"
        )
        return 1
    try:
        print(out)
    except BrokenPipeError:  # e.g. piped into `head`: not an error worth a traceback
        sys.stderr.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
