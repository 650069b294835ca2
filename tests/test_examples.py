"""The shipped examples are found from any working directory, or a missing one says what to do."""

from __future__ import annotations

from pathlib import Path

import pytest

from supportsim.examples import example_path


def test_found_from_an_unrelated_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    log = example_path("logs", "center_month.csv")
    assert log.is_file() and log.parent.parent.name == "examples"


def test_a_missing_file_is_one_line_saying_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(
        FileNotFoundError, match=r"^examples/logs/nope\.csv not found from .*pip install"
    ) as err:
        example_path("logs", "nope.csv")
    assert "\n" not in str(err.value)
