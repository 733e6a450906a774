"""dates.py says why a date is impossible in its own words (the datetime module's
change between Python releases), and agrees with datetime on which dates exist."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from publisher.dates import DateError, impossible, parse_date


@given(
    st.integers(0, 9999), st.integers(0, 13), st.integers(0, 32),
    st.integers(0, 25), st.integers(0, 61), st.integers(0, 61),
)  # fmt: skip
def test_impossible_agrees_with_datetime(year, month, day, hour, minute, second):
    try:
        datetime(year, month, day, hour, minute, second)
        exists = True
    except ValueError:
        exists = False
    assert (impossible(year, month, day, hour, minute, second) is None) == exists


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2026-02-29", "February 2026 has 28 days"),
        ("2026-04-31 10:00", "April 2026 has 30 days"),
        ("2026-13-01", "there is no month 13"),
        ("0000-01-01", "there is no year 0"),
        ("2026-01-01T24:00:00Z", "hour 24 is out of range (0-23)"),
        ("2026-01-01 10:60", "minute 60 is out of range (0-59)"),
        ("2026-01-01T10:00:60Z", "second 60 is out of range (0-59)"),
    ],
)
def test_an_impossible_date_is_told_why(text, reason):
    with pytest.raises(DateError) as caught:
        parse_date(text, UTC)
    assert str(caught.value) == f"impossible date {text!r}: {reason}"


def test_leap_days_exist():
    assert parse_date("2024-02-29", UTC) == datetime(2024, 2, 29, tzinfo=UTC)
