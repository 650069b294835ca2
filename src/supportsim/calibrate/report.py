"""The fit report: one self-contained HTML page (figures embedded as PNG) of a calibration."""

from __future__ import annotations

import base64
import io
from typing import Any

import jinja2
from matplotlib.figure import Figure

from supportsim.calibrate.figures import plot_abandonment, plot_handle, plot_intraday
from supportsim.calibrate.fit import Calibration
from supportsim.calibrate.replay import ReplayCheck, replay_text
from supportsim.calibrate.summary import DAYS

TEMPLATE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Calibration: {{ source }}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; color: #222; }
pre { background: #f6f6f6; padding: 0.8rem; overflow-x: auto; font-size: 0.85rem; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
td, th { border-bottom: 1px solid #ddd; padding: 0.2rem 0.6rem; text-align: right; }
th:first-child, td:first-child { text-align: left; }
img { max-width: 100%; }
</style></head><body>
<h1>Is this my center? Calibration of {{ source }}</h1>
<h2>Summary</h2>
<pre>{{ summary }}</pre>
{% if replay %}<h2>Replay check</h2><pre>{{ replay }}</pre>{% endif %}
<h2>Rows not used</h2>
<table><tr><th>reason</th><th>rows</th></tr>
{% for reason, n in dropped %}<tr><td>{{ reason }}</td><td>{{ n }}</td></tr>
{% else %}<tr><td>none</td><td>0</td></tr>{% endfor %}</table>
<h2>Arrivals</h2>
<img alt="intraday profile" src="data:image/png;base64,{{ figures.intraday }}">
<table><tr><th>profile</th><th>weight</th><th>95% CI</th></tr>
{% for name, w in profile %}<tr><td>{{ name }}</td><td>{{ w[0] }}</td><td>{{ w[1] }}</td></tr>{% endfor %}</table>
<h2>Handle time</h2>
<img alt="handle time" src="data:image/png;base64,{{ figures.handle }}">
<table><tr><th>kind (type)</th><th>line</th><th>share of new issues</th><th>talks fitted</th><th>log-mean ln(s)</th><th>own log-sd</th><th>KS</th><th>difficulty</th></tr>
{% for k in kinds %}<tr>{% for c in k %}<td>{{ c }}</td>{% endfor %}</tr>{% endfor %}</table>
<h2>Patience and abandonment</h2>
<img alt="abandonment against wait" src="data:image/png;base64,{{ figures.abandonment }}">
<h2>Staffing: agents seen and rostered per hour</h2>
<table><tr><th>weekday</th>{% for h in hours %}<th>{{ h }}</th>{% endfor %}</tr>
{% for name, row in staffing %}<tr><td>{{ name }}</td>{% for c in row %}<td>{{ c }}</td>{% endfor %}</tr>{% endfor %}</table>
<h2>The calibrated scenario</h2>
<pre>{{ toml }}</pre>
</body></html>
"""


def _png(fig: Figure) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=90)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _kinds(cal: Calibration) -> list[list[str]]:
    if cal.handle is None:
        return []
    return [
        [
            k.name,
            k.line,
            k.share.text(".3f"),
            str(k.fit.n),
            k.fit.log_mean.text(".3f"),
            k.fit.log_sd.text(".3f"),
            f"{k.fit.ks:.3f}",
            k.difficulty.text(".3f"),
        ]
        for k in cal.handle.kinds
    ]


def _profile(cal: Calibration) -> list[tuple[str, tuple[str, str]]]:
    a = cal.arrivals
    rows = [
        (DAYS[i], (f"{w.value:.3f}", f"[{w.lo:.3f}, {w.hi:.3f}]")) for i, w in enumerate(a.weekly)
    ]
    rows += [
        (f"{a.open_hour + i:02d}:00", (f"{w.value:.3f}", f"[{w.lo:.3f}, {w.hi:.3f}]"))
        for i, w in enumerate(a.intraday)
    ]
    return rows


def _staffing(cal: Calibration) -> list[tuple[str, list[str]]]:
    s = cal.staffing
    return [
        (
            f"{DAYS[d]} seen / rostered",
            [f"{t:.1f} / {c:.0f}" for t, c in zip(s.target[d], s.coverage[d], strict=True)],
        )
        for d in range(s.target.shape[0])
    ]


def render_report(
    cal: Calibration, summary: str, toml: str, check: ReplayCheck | None = None
) -> str:
    """The fit report as one HTML page (figures embedded, text escaped)."""
    env = jinja2.Environment(autoescape=True)
    a = cal.arrivals
    context: dict[str, Any] = {
        "source": cal.calls.source,
        "summary": summary,
        "replay": replay_text(check) if check is not None else "",
        "dropped": sorted(cal.calls.dropped.items(), key=lambda kv: -kv[1]),
        "profile": _profile(cal),
        "kinds": _kinds(cal),
        "hours": [f"{h:02d}" for h in range(a.open_hour, a.close_hour)],
        "staffing": _staffing(cal),
        "toml": toml,
        "figures": {
            "intraday": _png(plot_intraday(cal)),
            "handle": _png(plot_handle(cal)),
            "abandonment": _png(plot_abandonment(cal)),
        },
    }
    return env.from_string(TEMPLATE).render(**context)
