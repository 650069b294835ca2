"""The saved notebooks carry their checked figures, and the saved-outputs check compares them
with a fresh run's to rounding (``notebooks/check_saved.py``, run by ``make notebooks``)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
_spec = importlib.util.spec_from_file_location("check_saved", NOTEBOOKS / "check_saved.py")
assert _spec is not None and _spec.loader is not None
check_saved = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_saved)


def _notebook(path: Path, lines: list[str]) -> Path:
    cell = {
        "cell_type": "code",
        "source": "",
        "metadata": {},
        "execution_count": 1,
        "outputs": [{"output_type": "stream", "name": "stdout", "text": [f"{x}\n" for x in lines]}],
    }
    path.write_text(
        json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    )
    return path


def test_at_least_seven_notebooks_each_with_saved_key_figures() -> None:
    books = sorted(NOTEBOOKS.glob("*.ipynb"))
    assert len(books) >= 7, [b.name for b in books]
    for book in books:
        assert check_saved.keys(book), (
            f"{book.name}: no saved KEY lines (run make notebooks-refresh)"
        )


@pytest.mark.parametrize(
    ("saved", "fresh", "ok"),
    [
        ("0.123", "0.123", True),
        ("0.123", "0.124", True),
        ("+0.12", "+0.14", False),
        ("7.0", "7", True),
        ("star_bonus", "rubric_review", False),
        ("-0.0358", "-0.0360", False),
    ],
)
def test_numbers_agree_to_rounding(saved: str, fresh: str, ok: bool) -> None:
    assert check_saved.same(saved, fresh) is ok


def test_stale_missing_and_extra_keys_fail_one_line_each(tmp_path: Path) -> None:
    (tmp_path / "fresh").mkdir()
    saved = _notebook(tmp_path / "a.ipynb", ["KEY x = 0.50", "KEY gone = 1", "noise"])
    _notebook(tmp_path / "fresh" / "a.ipynb", ["KEY x = 0.73", "KEY new = 2"])
    problems = check_saved.differences(saved, tmp_path / "fresh" / "a.ipynb")
    assert problems == [
        "a.ipynb: new missing from the saved outputs (fresh 2)",
        "a.ipynb: gone saved but not printed by the fresh run",
        "a.ipynb: x saved 0.50, fresh 0.73",
    ]
    assert check_saved.main(["--fresh", str(tmp_path / "fresh"), str(saved)]) == 1
