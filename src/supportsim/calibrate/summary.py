"""The one-screen text summary of a calibration (also the comment block of the TOML)."""

from __future__ import annotations

import math

from supportsim.calibrate.fit import Calibration
from supportsim.calibrate.staff import weekly_hours_note
from supportsim.calibrate.writing import callback_prob

DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def _rows(cal: Calibration) -> str:
    c = cal.calls
    used = len(c.frame)
    text = f"{c.source}: {c.rows} rows, {used} calls used"
    if c.dropped:
        text += "; not used: " + "; ".join(f"{k} {v}" for k, v in c.dropped.items())
    return text


def _arrivals(cal: Calibration) -> list[str]:
    a = cal.arrivals
    days = ", ".join(f"{DAYS[i]} {w.value:.2f}" for i, w in enumerate(a.weekly))
    return [
        f"open {a.open_hour:02d}:00-{a.close_hour:02d}:00, {DAYS[0]}-{DAYS[a.open_weekdays - 1]};"
        f" {a.days} open days used ({a.holidays} with no calls left out), {a.outside} new"
        " arrivals outside these hours",
        f"arrivals   new issues per open hour {a.rate.text('.1f')}; weekly {days}",
        f"           intraday {' '.join(f'{w.value:.2f}' for w in a.intraday)}"
        f" (shape dispersion phi {a.intraday_phi:.2f}, p {a.intraday_p:.2f})",
        f"           day-to-day CV {a.daily_cv.text('.3f')} (day totals, Q-profile);"
        f" hour-of-week cells: var/mean {a.dispersion_index:.2f}, CV {a.cell_cv:.3f}",
    ]


def _handle(cal: Calibration) -> list[str]:
    h = cal.handle
    if h is None:
        return ["handle     no talk times in the log"]
    o = h.overall
    lines = [
        f"handle     {h.basis}: {o.n} fitted, {h.short.value:.1%} shorter than {h.cut_s:g} s"
        " reported apart",
        f"           lognormal log-mean {o.log_mean.text('.3f')} log-sd {o.log_sd.text('.3f')}"
        f" (mean {o.mean_s / 60:.2f} min, KS {o.ks:.3f}); by type: mean"
        f" {h.mean_min.text('.2f')} min, log-sd {h.log_sd.text('.3f')} (KS {h.mixture_ks:.3f})",
    ]
    kinds = ", ".join(
        f"{k.name} {k.share.value:.0%} x{k.difficulty.value:.2f}" for k in h.kinds[:6]
    )
    more = f" (+{len(h.kinds) - 6} more)" if len(h.kinds) > 6 else ""
    lines.append(f"           kinds (share, difficulty): {kinds}{more}")
    if math.isfinite(h.acw_mean_s):
        lines.append(f"           after-contact work mean {h.acw_mean_s:.0f} s")
    return lines


def _patience(cal: Calibration) -> list[str]:
    p, chat = cal.patience, cal.chat_patience
    if p is None and chat is None:
        return ["patience   no waits or no abandonment in the log"]
    lines = []
    for label, fit in (("patience  ", p), ("chat       patience", chat)):
        if fit is not None:
            lines.append(
                f"{label} mean {fit.mean_min.text('.2f')} min (censored MLE; E[wait]/P(abandon)"
                f" {fit.ratio_min:.2f}); abandonment {fit.abandon.text('.3f')}; constant hazard"
                f" chi2 {fit.chi2:.1f}, p {fit.p_value:.3f}"
            )
    return lines


def _channels(cal: Calibration) -> list[str]:
    if cal.chat_share is None:
        return []
    chat = [k.name for k in cal.handle.kinds if k.channel == "chat"] if cal.handle else []
    lines = [
        f"channels   chat share of new issues {cal.chat_share.text('.3f')}"
        f" ({cal.chat_rate:.1f} chats per open hour); chat kinds: {', '.join(chat) or 'none'}"
    ]
    s = cal.chat_slowdown
    if s is not None:
        how = (
            f"estimated from {s.chats} chats, {s.shared} answered while holding another"
            if s.estimated
            else f"the base's: only {s.shared} chats answered while holding another"
        )
        lines.append(
            f"           most chats one agent held at once {cal.chat_concurrency}; slowdown"
            f" per other chat held {s.s.text('.3f')} ({how})"
        )
    if cal.blended_agents:
        lines.append(f"           {cal.blended_agents} agents took both phone and chat (blended)")
    return lines


def _pct(x: float) -> str:
    return f"{x:.1%}" if math.isfinite(x) else "n/a"


def _repeats(cal: Calibration, tuned: dict[str, float]) -> list[str]:
    r = cal.repeats
    if r is None:
        return ["repeats    no customer ids: retrials and repeat contacts not estimated"]
    ret = ", ".join(f"{k} {_pct(v.value)}" for k, v in r.returns.items())
    lines = [
        f"retrials   {r.retry.text('.3f')} of abandoned calls come back (mean delay"
        f" {r.retry_mean_min.text('.1f')} min); {r.identified:.0%} of calls identified",
        f"repeats    answered contacts called again within {ret}; after short"
        f" {_pct(r.after_short.value)}, after the rest {_pct(r.after_rest.value)}",
    ]
    if math.isfinite(r.after_unresolved.value):
        lines.append(
            f"           after unresolved {r.after_unresolved.text('.3f')}, after resolved"
            f" {r.after_resolved.text('.3f')}"
        )
    lines.append(
        f"           return delay median {r.delay_median_h.text('.2f')} h, log-sd"
        f" {r.delay_log_sd.text('.2f')} ({r.delays} returns)"
    )
    if tuned:
        lines.append(
            f"           -> callback_prob {tuned['callback_prob']:.3f} (direct"
            f" {callback_prob(cal):.3f}; pilot returns {tuned['pilot_return_share']:.1%}),"
            f" rediscovery {tuned.get('rediscovery', math.nan):.2f} (tuned by pilot runs)"
        )
    return lines


def _ratings(cal: Calibration) -> list[str]:
    g = cal.ratings
    if g is None:
        return []
    dist = " ".join(f"{k:g}:{v}" for k, v in g.counts.items())
    return [
        f"ratings    scale {g.low:g}-{g.high:g}, mean {g.mean:.2f}, response"
        f" {g.response.text('.3f')}; agent share of variance ICC(1) {g.icc.text('.3f')}"
        f" over {g.agents} agents",
        f"           answers {dist}",
    ]


def summary_text(cal: Calibration, tuned: dict[str, float] | None = None) -> str:
    """The calibration on one screen: each estimate with its interval or fit statistic."""
    s = cal.staffing
    lines = [
        _rows(cal),
        *_arrivals(cal),
        *_handle(cal),
        *_channels(cal),
        *_patience(cal),
        *_repeats(cal, tuned or {}),
        f"staffing   {s.distinct_agents} agents in the log; {s.basis}: {weekly_hours_note(s)}",
        *_ratings(cal),
        f"intervals  {cal.level:.0%}; assumptions: " + "; ".join(cal.notes),
    ]
    return "\n".join(lines)
