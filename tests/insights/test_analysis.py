"""Trend maths against hand-computed values."""

from __future__ import annotations

import math

import pytest

from grensloos.insights.analysis import Observation, Series, period_to_year, trend


def _series(points: list[tuple[str, float | None, str]]) -> Series:
    return Series("BE", "k", [Observation(p, v, f) for p, v, f in points])


def test_slope_cagr_and_latest_change() -> None:
    # y = 10, 12, 14, 16 over 2020..2023: slope 2 per year; CAGR (16/10)^(1/3) - 1 = 0.16961
    t = trend(_series([("2020", 10, ""), ("2021", 12, ""), ("2022", 14, ""), ("2023", 16, "")]))
    assert t.slope == pytest.approx(2.0)
    assert t.cagr == pytest.approx(0.169607, abs=1e-6)
    assert t.latest_change == pytest.approx(2.0) and t.latest_change_pct == pytest.approx(2 / 14)
    assert t.points == 4 and t.segment_start == "2020" and not t.after_break


def test_least_squares_on_noisy_values() -> None:
    # x = 0,1,2,3 ; y = 1,3,2,6 → slope = Σ(dx·dy)/Σdx² = (−1.5·−2 + −0.5·0 + 0.5·−1 + 1.5·3) / 5 = 7/5
    t = trend(_series([("2000", 1, ""), ("2001", 3, ""), ("2002", 2, ""), ("2003", 6, "")]))
    assert t.slope == pytest.approx(1.4)


def test_trend_starts_at_the_last_break() -> None:
    points = [("2015", 100, ""), ("2016", 110, ""), ("2017", 50, "b"), ("2018", 55, ""), ("2019", 60.5, "")]
    t = trend(_series(points))
    assert t.after_break and t.segment_start == "2017" and t.points == 3
    assert t.slope == pytest.approx(5.25)  # 50, 55, 60.5 → (−1·−5.1667 + 0 + 1·5.3333)/2
    assert t.cagr == pytest.approx(0.1)  # 50 → 60.5 in two years: +10 % a year


def test_a_break_on_the_last_point_leaves_no_comparable_change() -> None:
    t = trend(_series([("2020", 10, ""), ("2021", 11, ""), ("2022", 30, "b")]))
    assert t.points == 1 and t.slope is None and t.latest_change is None and t.after_break


def test_missing_values_are_skipped_and_negative_values_have_no_cagr() -> None:
    t = trend(_series([("2020", -2, ""), ("2021", None, "c"), ("2022", 2, "")]))
    assert t.points == 2 and t.slope == pytest.approx(2.0) and t.cagr is None
    assert t.latest_change == pytest.approx(4.0)


def test_quarterly_and_monthly_periods() -> None:
    assert period_to_year("2021-Q3") == 2021.5 and period_to_year("2021Q1") == 2021.0
    assert period_to_year("2021-07") == pytest.approx(2021.5) and period_to_year("2021M07") == pytest.approx(2021.5)
    t = trend(_series([("2021-Q1", 100, ""), ("2021-Q2", 101, ""), ("2021-Q3", 102, ""), ("2021-Q4", 103, "")]))
    assert t.slope == pytest.approx(4.0)  # one per quarter = four per year
    assert t.cagr == pytest.approx(math.pow(1.03, 1 / 0.75) - 1)


def test_a_break_on_a_missing_value_still_cuts_the_series() -> None:
    # 2019 is ": b": no figure, but a new method from 2019 on, so 2018 is not comparable with 2020-2021
    t = trend(_series([("2018", 1, ""), ("2019", None, "b"), ("2020", 3, ""), ("2021", 4, "")]))
    assert t.segment_start == "2020" and t.points == 2 and t.after_break
    assert t.slope == pytest.approx(1.0) and t.cagr == pytest.approx(4 / 3 - 1)
