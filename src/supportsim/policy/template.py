"""The report's HTML template (Jinja2, autoescaped). Kept in Python so no data files need installing.

The page is self-contained: inline CSS, figures as ``data:`` PNG images, no scripts, and
a Content-Security-Policy that forbids loading or running anything else.
"""

TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>Policy report: {{ policy.title }}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 62rem; margin: 2rem auto; padding: 0 1rem; color: #222; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.2rem; margin-top: 2.2rem; border-bottom: 1px solid #ddd; padding-bottom: .2rem; }
.sub { color: #555; margin-top: 0; }
.verdict { border-left: .5rem solid #999; background: #f6f6f6; padding: .8rem 1.2rem; margin: 1.2rem 0; }
.verdict.good { border-color: #009E73; } .verdict.bad { border-color: #D55E00; } .verdict.neutral { border-color: #E69F00; }
.verdict h2 { border: none; margin: 0 0 .4rem 0; }
table { border-collapse: collapse; margin: .6rem 0; font-size: .92rem; }
th, td { border-bottom: 1px solid #e2e2e2; padding: .3rem .6rem; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.ci { color: #666; font-size: .85em; }
.better { color: #006e52; font-weight: 600; } .worse { color: #b34700; font-weight: 600; }
figure { margin: 1rem 0; } figure img { max-width: 100%; height: auto; border: 1px solid #eee; box-sizing: border-box; }
td, th { overflow-wrap: break-word; } td code { white-space: nowrap; }
#effects td:first-child { min-width: 11rem; } td.note { color: #555; }
tr.tier td:first-child { padding-left: 1.6rem; color: #444; }
tr.mine td { font-weight: 600; }
.policy-lines { margin: .3rem 0 0 0; padding-left: 1.2rem; } .policy-lines li.tier { margin-left: 1.4rem; list-style: circle; }
.verdict h3 { font-size: 1rem; margin: .8rem 0 .2rem 0; }
figcaption { color: #555; font-size: .9rem; }
code { background: #f2f2f2; padding: 0 .2rem; }
footer { margin-top: 3rem; color: #777; font-size: .85rem; }
</style>
</head>
<body>
<header>
<h1 id="title">{{ policy.title }}</h1>
<p class="sub">Proposed policy:</p>
<ul class="policy-lines sub" id="policy">{% for line in lines %}<li{% if line.kind == "tier" %} class="tier"{% endif %}>{{ line.text }}</li>{% endfor %}</ul>
{% if policy.description %}<p id="description">{{ policy.description }}</p>{% endif %}
</header>

<section class="verdict {{ verdict.tone }}" id="verdict">
<h2>Verdict: {{ verdict.headline }}</h2>
<ul id="reasons">{% for r in verdict.reasons %}<li>{{ r }}</li>{% endfor %}</ul>
{% if verdict.other_side %}<h3>On the other side</h3>
<ul id="other-side">{% for r in verdict.other_side %}<li>{{ r }}</li>{% endfor %}</ul>{% endif %}
{% if verdict.warnings %}<h3>Warnings</h3>
<ul id="warnings">{% for r in verdict.warnings %}<li>{{ r }}</li>{% endfor %}</ul>{% endif %}
</section>

<section id="effects">
<h2>Headline effects</h2>
<p>Means over {{ reps }} replications with 95% confidence intervals. Differences are paired by
replication: every scheme met the same customers, issues, product failures and agents (common
random numbers). <span class="better">Green</span> and <span class="worse">orange</span> mark
differences whose interval excludes zero{% if material %} ({{ material | join("; ") }}){% endif %},
in the better or worse direction.</p>
<table>
<thead><tr><th>figure</th><th>flat salary</th><th>proposed</th><th>proposed − flat salary</th>{% if show_best %}<th>best alternative ({{ best }})</th><th>proposed − {{ best }}</th>{% endif %}</tr></thead>
<tbody>
{% for row in effects %}<tr>
<td><strong>{{ row.label }}</strong><br><span class="ci">{{ row.why }}</span></td>
{% if row.note %}<td class="note" colspan="{{ 5 if show_best else 3 }}">{{ row.note }}</td>{% else %}
<td class="num">{{ row.flat }}<br><span class="ci">{{ row.flat_ci }}</span></td>
<td class="num">{{ row.proposed }}<br><span class="ci">{{ row.proposed_ci }}</span></td>
<td class="num {{ row.vs_flat_dir }}">{{ row.vs_flat }}<br><span class="ci">{{ row.vs_flat_ci }}</span></td>
{% if show_best %}<td class="num">{{ row.best }}<br><span class="ci">{{ row.best_ci }}</span></td>
<td class="num {{ row.vs_best_dir }}">{{ row.vs_best }}<br><span class="ci">{{ row.vs_best_ci }}</span></td>{% endif %}{% endif %}
</tr>{% endfor %}
</tbody>
</table>
</section>

{% if earning %}<section id="earning">
<h2>Who earns what</h2>
{% for p in earning.sentences %}<p>{{ p }}</p>
{% endfor %}{% if earning.rows %}<table>
<thead><tr><th>pay rule</th><th class="num">{{ earning.unit }} earning it</th><th class="num">bonus payments</th><th class="num">{{ spend_label }}</th></tr></thead>
<tbody>{% for r in earning.rows %}<tr{% if r.tier %} class="tier"{% endif %}><td>{{ r.text }}</td><td class="num">{{ r.share }}<br><span class="ci">{{ r.share_ci }}</span></td><td class="num">{{ r.payments }}</td><td class="num">{{ r.spend }}</td></tr>{% endfor %}</tbody>
</table>
<p class="sub">Shares are means over {{ reps }} replications with 95% confidence intervals; a tier's share counts the {{ earning.unit }} whose highest tier reached was that one. Bonus payments are counted over all replications.</p>{% endif %}
</section>
{% endif %}
<section id="bonus">
<h2>Who gets the bonus, and who deserves it</h2>
<p>{{ bonus_text }}</p>
{% if pay_vs_quality %}<figure><img src="data:image/png;base64,{{ pay_vs_quality }}" alt="Pay against true quality under the proposed policy">
<figcaption>Pay against true quality under the proposed policy (replication 0, measured weeks). A fair
bonus puts the agents' means (large dots) on a rising line; a lottery scatters them.</figcaption></figure>{% endif %}
</section>

{% if vary %}<section id="vary">
<h2>What threshold? The policy at each value of <code>{{ vary.path }}</code></h2>
<p>The proposed policy run at each value below, on the same replications as everything else{% if vary.current %} (the policy file's own value, {{ vary.current }}, in bold){% endif %}: who earns the bonus, what it costs, and what it does to true quality, callbacks and rating noise.</p>
<figure><img src="data:image/png;base64,{{ vary.figure }}" alt="The policy's figures at each value of {{ vary.path }}"><figcaption>Mean and 95% confidence interval over {{ reps }} replications at each value.</figcaption></figure>
<table>
<thead><tr><th>{{ vary.path }}</th>{% for c in vary.columns %}<th class="num">{{ c }}</th>{% endfor %}</tr></thead>
<tbody>{% for r in vary.rows %}<tr{% if r.mine %} class="mine"{% endif %}><td>{{ r.value }}</td>{% for m, ci in r.cells %}<td class="num">{{ m }}<br><span class="ci">{{ ci }}</span></td>{% endfor %}</tr>{% endfor %}</tbody>
</table>
</section>
{% endif %}
<section id="alternative">
<h2>The best alternative</h2>
<p>Rule, fixed before looking at the results: {{ rule }}. Alternatives are the registered schemes
at their default parameters{% if same %} (not {{ same|join(", ") }}, whose defaults are the proposed policy itself){% endif %}.
{% if best %}Best: <strong>{{ best }}</strong>{% if best_unconstrained %} (no alternative stayed within the proposed policy's limits, so this is the best on quality alone){% endif %}.{% if not show_best %} The flat salary itself is the best alternative, so the table above compares with it only.{% endif %}{% else %}There was no alternative to compare.{% endif %}</p>
<table>
<thead><tr><th>scheme</th>{% for c in candidate_columns %}<th>{{ c }}</th>{% endfor %}<th>within the limits</th></tr></thead>
<tbody>{% for c in candidates %}<tr><td>{{ c.scheme }}</td>{% for v in c.cells %}<td class="num">{{ v }}</td>{% endfor %}<td>{{ "yes" if c.eligible else "no" }}</td></tr>{% endfor %}</tbody>
</table>
</section>

<section id="figures">
<h2>Figures</h2>
{% for f in gallery %}<figure><img src="data:image/png;base64,{{ f.data }}" alt="{{ f.alt }}"><figcaption>{{ f.caption }}</figcaption></figure>
{% endfor %}
</section>

<section id="method">
<h2>What was simulated</h2>
<table><tbody>{% for k, v in center %}<tr><td><code>{{ k }}</code></td><td class="num">{{ v }}</td></tr>{% endfor %}</tbody></table>
<p>{{ reps }} replications per scheme, root seed {{ policy.seed }}. The first {{ warmup }} days of each
run are a warm-up and are excluded. Agents do not know the pay formula: they learn which effort pays
from their own pay and from better-paid colleagues, so a scheme's effects include how agents adapt to it.</p>
<h2>Definitions</h2>
<table><tbody>{% for k, d in definitions %}<tr><td><code>{{ k }}</code></td><td>{{ d }}</td></tr>{% endfor %}</tbody></table>
</section>
<footer>Generated by supportsim {{ version }}. Simulated evidence, not a forecast: check the center's parameters above against your own data.</footer>
</body>
</html>
"""
