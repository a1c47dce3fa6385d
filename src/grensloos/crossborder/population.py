"""Synthetic populations of cross-border workers, for policy simulation and benchmarks.

Nothing here describes real people. The mix is documented and adjustable (``Mix``):

* pairs of states: ``pair_weights`` gives the relative number of workers per (residence, employer) flow; the
  default puts most on the flows into Luxembourg and between Belgium, the Netherlands and Germany, as the
  commuting statistics of the data module suggest, but every covered flow has some workers;
* years: uniform over 2019–2026 unless ``years`` is given;
* working days: normal around 218 (s.d. 8), clipped to 180–230;
* telework: a share ``no_telework`` never works from home; the others pick a habit of ``weekly_days`` days a
  week (weights ``weekly_weights``) and then vary by ±``habit_spread`` of it, so the days at home are
  ``days_per_week / 5 × working days`` give or take; this is the distribution the what-if answers depend on;
* third states: ``third_state_share`` of the workers spend 1–20 days in another state;
* ``public_sector_share`` work for a public administration (most of them nationals of their residence state);
* ``framework_request_share`` of those teleworking 25 % or more asked for the framework agreement.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from typing import IO

import numpy as np

from .engine import YEARS, Columns
from .rules.variables.common import STATES, pair_name

DEFAULT_FLOWS = {
    ("FR", "LU"): 120, ("BE", "LU"): 50, ("DE", "LU"): 50, ("BE", "NL"): 30, ("NL", "BE"): 15,
    ("DE", "NL"): 20, ("NL", "DE"): 30, ("BE", "DE"): 8, ("DE", "BE"): 5, ("FR", "BE"): 40,
    ("BE", "FR"): 10, ("NL", "LU"): 2, ("LU", "BE"): 3, ("LU", "DE"): 2, ("LU", "FR"): 2, ("FR", "NL"): 1,
    ("NL", "FR"): 1, ("LU", "NL"): 1,
}  # fmt: skip


@dataclass
class Mix:
    pair_weights: dict[tuple[str, str], float] = field(default_factory=lambda: dict(DEFAULT_FLOWS))
    years: tuple[int, ...] = tuple(YEARS)
    no_telework: float = 0.35
    weekly_days: tuple[float, ...] = (0.5, 1, 1.5, 2, 2.5, 3)
    weekly_weights: tuple[float, ...] = (0.15, 0.3, 0.15, 0.25, 0.1, 0.05)
    habit_spread: float = 0.25
    third_state_share: float = 0.10
    public_sector_share: float = 0.05
    framework_request_share: float = 0.30

    def __post_init__(self) -> None:
        for (res, emp), weight in self.pair_weights.items():
            if pair_name(res, emp) is None or res == emp or weight < 0:
                raise ValueError(f"{res}->{emp} is not a covered flow with a non-negative weight")
        if len(self.weekly_days) != len(self.weekly_weights) or not self.weekly_days:
            raise ValueError("weekly_days and weekly_weights must have the same, non-zero length")
        if any(not 0 <= d <= 5 for d in self.weekly_days) or any(w < 0 for w in self.weekly_weights):
            raise ValueError("telework habits are 0 to 5 days a week with non-negative weights")
        if sum(self.weekly_weights) <= 0:
            raise ValueError("the telework weights must not all be zero")
        for name in ("no_telework", "third_state_share", "public_sector_share", "framework_request_share"):
            if not 0 <= getattr(self, name) <= 1:
                raise ValueError(f"{name} must lie between 0 and 1")


def generate(size: int, seed: int = 2024, mix: Mix | None = None) -> Columns:
    """``size`` synthetic worker-years as columns, reproducible for a given seed and mix."""
    mix = mix or Mix()
    rng = np.random.default_rng(seed)
    flows = list(mix.pair_weights)
    weights = np.array([mix.pair_weights[f] for f in flows], dtype=float)
    flow = rng.choice(len(flows), size=size, p=weights / weights.sum())
    index = {s: i for i, s in enumerate(STATES)}
    residence = np.array([index[r] for r, _e in flows], dtype=np.int16)[flow]
    employer = np.array([index[e] for _r, e in flows], dtype=np.int16)[flow]
    year = rng.choice(np.array(mix.years, dtype=np.int16), size=size)
    total = np.clip(np.rint(rng.normal(218, 8, size)), 180, 230).astype(np.float32)
    habit = np.array(mix.weekly_days)[
        rng.choice(len(mix.weekly_days), size=size, p=np.array(mix.weekly_weights) / sum(mix.weekly_weights))
    ]
    habit = habit * (1 + rng.uniform(-mix.habit_spread, mix.habit_spread, size))
    home = np.where(rng.random(size) < mix.no_telework, 0, np.rint(habit / 5 * total)).astype(np.float32)
    third = np.where(rng.random(size) < mix.third_state_share, rng.integers(1, 21, size), 0).astype(np.float32)
    home = np.minimum(home, total - third)
    public = rng.random(size) < mix.public_sector_share
    national = public & (rng.random(size) < 0.9)
    framework = (home / total >= 0.25) & (rng.random(size) < mix.framework_request_share) & ~public
    return Columns(
        residence=residence,
        employer=employer,
        year=year,
        total=total,
        in_employer=total - home - third,
        in_residence=home,
        in_third=third,
        public_sector=public,
        framework_requested=framework,
        national_of_residence=national,
        counted=np.full(size, np.nan, dtype=np.float32),
    )


COLUMNS = (
    "employee_id", "residence", "employer_country", "year", "working_days_total", "days_in_employer_country",
    "days_in_residence_country", "days_elsewhere", "public_sector", "framework_agreement_requested",
    "national_of_residence_state",
)  # fmt: skip


def write_csv(columns: Columns, out: IO[str]) -> None:
    """Write a population in the batch format (third-state days are put in Germany or, for Germans, France)."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for i in range(len(columns)):
        res, emp = STATES[columns.residence[i]], STATES[columns.employer[i]]
        third_code = next(c for c in ("DE", "FR", "NL") if c not in (res, emp))
        writer.writerow(
            [
                f"W{i + 1:07d}", res, emp, int(columns.year[i]), f"{columns.total[i]:g}",
                f"{columns.in_employer[i]:g}", f"{columns.in_residence[i]:g}",
                f"{third_code}:{columns.in_third[i]:g}" if columns.in_third[i] else "",
                str(bool(columns.public_sector[i])).lower(), str(bool(columns.framework_requested[i])).lower(),
                str(bool(columns.national_of_residence[i])).lower(),
            ]
        )  # fmt: skip
