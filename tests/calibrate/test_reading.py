"""Reading logs: auto-detected roles (the classic bank layout), delimiters, Parquet,
compact dates, outcome codes, and rows that cannot be used counted by reason."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from supportsim.calibrate import read_calls
from supportsim.calibrate.roles import map_columns

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "logs" / "center_month.csv"


@pytest.fixture(scope="module")
def example() -> pd.DataFrame:
    return pd.read_csv(EXAMPLE, dtype=str, keep_default_na=False).head(3000)


def _no_zero(clock: pd.Series) -> pd.Series:
    """``08:05:03`` as the bank log writes it, ``8:05:03``."""
    return clock.str.replace(r"^0(\d):", r"\1:", regex=True)


def bank_layout(log: pd.DataFrame) -> pd.DataFrame:
    """The example log in the classic bank call-center layout (one PHANTOM call and one
    that ended in the voice menu added)."""
    answered = log["outcome"] == "AGENT"
    zero = "0:00:00"
    out = pd.DataFrame(
        {
            "vru+line": "AA0101",
            "call_id": np.arange(len(log)) + 33116,
            "customer_id": log["customer"].where(np.arange(len(log)) % 10 != 0, "0"),
            "priority": "1",
            "type": log["type"],
            "date": pd.to_datetime(log["date"]).dt.strftime("%y%m%d"),
            "vru_entry": _no_zero(log["arrival_time"]),
            "vru_exit": _no_zero(log["arrival_time"]),
            "vru_time": "0",
            "q_start": _no_zero(log["arrival_time"]),
            "q_exit": _no_zero(log["answer_time"].where(answered, log["end_time"])),
            "q_time": log["wait_sec"],
            "outcome": log["outcome"],
            "ser_start": _no_zero(log["answer_time"]).where(answered, zero),
            "ser_exit": _no_zero(log["end_time"]).where(answered, zero),
            "ser_time": log["talk_sec"],
            "server": log["agent"],
        }
    )
    phantom = out.iloc[[5]].assign(outcome="PHANTOM", server="NO_SERVER")
    menu_only = out.iloc[[6]].assign(  # ended in the voice menu: never queued
        outcome="HANG", server="NO_SERVER", q_start=zero, q_exit=zero, q_time="0", ser_time="0"
    )
    return pd.concat([out, phantom, menu_only], ignore_index=True)


def test_the_bank_layout_is_recognised_without_a_mapping(
    tmp_path: Path, example: pd.DataFrame
) -> None:
    bank = bank_layout(example)
    assert map_columns(bank.columns) == {
        "date": "date",
        "arrival": "q_start",
        "answer": "ser_start",
        "end": "ser_exit",
        "wait": "q_time",
        "talk": "ser_time",
        "outcome": "outcome",
        "agent": "server",
        "customer": "customer_id",
        "queue": "vru+line",
        "type": "type",
    }
    path = tmp_path / "bank.txt"
    bank.to_csv(path, sep="\t", index=False)
    calls = read_calls(path)
    assert calls.dropped == {
        "outcome other (PHANTOM)": 1,
        "never reached the queue (arrival 0:00:00, unanswered, no wait)": 1,
    }
    assert len(calls.frame) == len(example)
    f = calls.frame
    assert f["customer"].isna().sum() == len(example) // 10 + (len(example) % 10 > 0)
    assert (f["agent"].isna() == ~f["answered"]).all()
    original = read_calls(EXAMPLE).frame.head(len(example))
    assert (f["arrive"].to_numpy() == original["arrive"].to_numpy()).all()
    assert np.allclose(f["talk_s"], original["talk_s"]) and np.allclose(
        f["wait_s"], original["wait_s"]
    )


def test_waits_and_talk_come_from_the_times_when_not_given(
    tmp_path: Path, example: pd.DataFrame
) -> None:
    path = tmp_path / "times.csv"
    example.drop(columns=["wait_sec", "talk_sec"]).to_csv(path, sep=";", index=False)
    derived = read_calls(path).frame
    given = read_calls(EXAMPLE).frame.head(len(example))
    assert np.abs(derived["wait_s"] - given["wait_s"]).max() <= 1.0  # times in whole seconds
    assert np.abs(derived["talk_s"] - given["talk_s"]).max() <= 1.0


def test_parquet_and_a_mapping(tmp_path: Path, example: pd.DataFrame) -> None:
    renamed = example.rename(columns={"talk_sec": "duree_conversation", "outcome": "issue_code"})
    path = tmp_path / "calls.parquet"
    renamed.assign(issue_code=renamed["issue_code"].map({"AGENT": "OK", "HANG": "KO"})).to_parquet(
        path
    )
    calls = read_calls(
        path,
        columns="talk=duree_conversation,outcome=issue_code",
        outcomes="answered=OK,abandoned=KO",
    )
    assert calls.columns["talk"] == "duree_conversation"
    assert calls.frame["answered"].mean() == pytest.approx((example["outcome"] == "AGENT").mean())


def test_unusable_rows_are_counted_by_reason(tmp_path: Path, example: pd.DataFrame) -> None:
    bad = example.copy()
    bad.loc[0, "arrival_time"] = "25:61:00"
    bad.loc[1, "outcome"] = "TRANSFER"
    bad.loc[2, "wait_sec"] = "-4"
    bad.loc[3, "talk_sec"] = ""
    bad.loc[3, "outcome"] = "AGENT"
    path = tmp_path / "bad_rows.csv"
    bad.to_csv(path, index=False)
    calls = read_calls(path)
    assert calls.dropped == {
        "arrival time not understood": 1,
        "outcome unmapped (TRANSFER)": 1,
        "negative wait": 1,
        "talk missing": 1,
    }
    assert len(calls.frame) == len(example) - 4
