"""The report in a real headless Chromium: it renders, its figures load, nothing errs, nothing runs.

Needs Debian's chromium and chromium-driver (``make browser`` installs them).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from supportsim.experiments import SerialExecutor
from supportsim.policy import default_alternatives, evaluate_policy, policy_from_dict, render_report

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
EVIL_TITLE = 'Bonus <script>window.__pwned = 1</script> "quoted" & co'
EVIL_TEXT = '<img src=x onerror="window.__pwned = 2"> a plan'

# Skipped on a developer's machine without the browser, never in CI (CI=true), where a
# missing browser must fail loudly rather than hide the test.
pytestmark = pytest.mark.skipif(
    not (CHROMIUM.exists() and CHROMEDRIVER.exists()) and os.environ.get("CI") != "true",
    reason="needs /usr/bin/chromium and /usr/bin/chromedriver: run `make browser`",
)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    policy = policy_from_dict(
        {
            "title": EVIL_TITLE,
            "description": EVIL_TEXT,
            "scheme": {"name": "star_bonus", "params": {"threshold": 7.0, "bonus": 0.3}},
            "center": {"agents": 6, "arrivals_per_hour": 20.0, "days": 14, "warmup_days": 7},
            "evaluation": {"replications": 2, "seed": 3},
        }
    )
    ev = evaluate_policy(
        policy, alternatives=["rubric_review"], executor=SerialExecutor(), progress=False
    )
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(render_report(ev), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def composed_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A composed policy with tiers, a gate, an action, --vary, and every alternative: the
    fullest page (twelve schemes in the figures)."""
    policy = policy_from_dict(
        {
            "title": "Tiered CSAT bonus with a handle-time gate",
            "scheme": {
                "bonus": [
                    {
                        "score": "mean_stars",
                        "min_n": 5,
                        "tiers": [{"at": 7.0, "pay": 0.1}, {"at": 8.5, "pay": 0.2}],
                        "only_if": ["aht_min <= 12"],
                    }
                ],
                "action": [
                    {"rank": "first_contact_resolution", "bottom": 0.1, "ladder": "warn_only"}
                ],
            },
            "center": {"agents": 6, "arrivals_per_hour": 20.0, "days": 14, "warmup_days": 7},
            "evaluation": {"replications": 2, "seed": 3},
        }
    )
    ev = evaluate_policy(
        policy,
        alternatives=default_alternatives(),
        executor=SerialExecutor(),
        progress=False,
        vary="bonus.0.tiers.0.at=6.5,7,7.5",
    )
    assert len(set(ev.stats["scheme"])) >= 10
    path = tmp_path_factory.mktemp("composed") / "report.html"
    path.write_text(render_report(ev), encoding="utf-8")
    return path


#: Leaf boxes that hold text or a picture: each must fit its container, and no two may overlap.
LAYOUT_JS = """
const sel = 'h1, h2, h3, p, li, th, td, figcaption, img';
const boxes = Array.from(document.querySelectorAll(sel)).filter(e => e.getClientRects().length);
const problems = [];
const inside = (e) => e.parentElement.closest('section, header, footer, table, figure, ul') || document.body;
for (const e of boxes) {
  const r = e.getBoundingClientRect(), c = inside(e).getBoundingClientRect();
  if (r.left < c.left - 1 || r.right > c.right + 1)
    problems.push('outside its container: ' + e.tagName + ' ' + e.textContent.slice(0, 60));
  if (e.tagName !== 'IMG' && e.scrollWidth > e.clientWidth + 1)
    problems.push('clipped: ' + e.tagName + ' ' + e.textContent.slice(0, 60));
}
for (let i = 0; i < boxes.length; i++) {
  for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], b = boxes[j];
    if (a.contains(b) || b.contains(a)) continue;
    const p = a.getBoundingClientRect(), q = b.getBoundingClientRect();
    const w = Math.min(p.right, q.right) - Math.max(p.left, q.left);
    const h = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
    if (w > 1 && h > 1)
      problems.push('overlap: ' + a.tagName + ' ' + a.textContent.slice(0, 40) + ' / ' + b.tagName + ' ' + b.textContent.slice(0, 40));
  }
}
if (document.documentElement.scrollWidth > window.innerWidth)
  problems.push('the page scrolls sideways: ' + document.documentElement.scrollWidth);
return [boxes.length, problems.slice(0, 20)];
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="supportsim-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--window-size=1280,2000",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def test_report_renders_with_figures_and_no_errors(browser: Any, report: Path) -> None:
    from selenium.webdriver.common.by import By

    browser.get(report.as_uri())
    assert browser.execute_script("return document.readyState") == "complete"
    # the policy's text is shown as text, never run as markup
    assert browser.find_element(By.ID, "title").text == EVIL_TITLE
    assert browser.find_element(By.ID, "description").text == EVIL_TEXT
    assert browser.title == f"Policy report: {EVIL_TITLE}"
    assert browser.execute_script("return window.__pwned === undefined")
    assert browser.find_elements(By.TAG_NAME, "script") == []
    # every figure decoded to a real image
    sizes = browser.execute_script(
        "return Array.from(document.images).map(i => [i.complete, i.naturalWidth, i.naturalHeight])"
    )
    assert len(sizes) >= 3
    assert all(done and w > 100 and h > 100 for done, w, h in sizes), sizes
    verdict = browser.find_element(By.ID, "verdict").text
    assert verdict.startswith("Verdict: ") and len(verdict) > 40
    assert len(browser.find_elements(By.CSS_SELECTOR, "#effects tbody tr")) >= 5
    errors = [e for e in browser.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]
    assert errors == []
    png = browser.get_screenshot_as_png()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000


def test_report_layout_at_1280_px_nothing_clipped_or_overlapping(
    browser: Any, report: Path, composed_report: Path
) -> None:
    from selenium.webdriver.common.by import By

    browser.set_window_size(1280, 2000)
    for page in (report, composed_report):
        browser.get(page.as_uri())
        assert browser.execute_script("return window.innerWidth") <= 1280
        count, problems = browser.execute_script(LAYOUT_JS)
        assert count > 50 and problems == [], problems
    # the composed page says who earns each tier, and what each threshold would do
    earning = browser.find_element(By.ID, "earning").text
    assert "tier 1 (≥ 7 stars)" in earning and "agent-weeks earning it" in earning
    assert "bonus.0.tiers.0.at" in browser.find_element(By.ID, "vary").text
    sizes = browser.execute_script(
        "return Array.from(document.images).map(i => [i.complete, i.naturalWidth])"
    )
    assert len(sizes) >= 3 and all(done and w > 100 for done, w in sizes), sizes
