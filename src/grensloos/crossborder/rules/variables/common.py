"""Helpers shared by the formulas: the pair of states and parameter look-ups over a whole year."""

from __future__ import annotations

import numpy as np
from openfisca_core.indexed_enums import Enum

from .inputs import State


class Pair(Enum):
    """A residence/employer combination, written as the alphabetically sorted pair of states."""

    BE_DE = "Belgium–Germany"
    BE_FR = "Belgium–France"
    BE_LU = "Belgium–Luxembourg"
    BE_NL = "Belgium–Netherlands"
    DE_LU = "Germany–Luxembourg"
    DE_NL = "Germany–Netherlands"
    FR_LU = "France–Luxembourg"
    FR_NL = "France–Netherlands"
    LU_NL = "Luxembourg–Netherlands"


STATES = [s.name for s in State]
PAIRS = [p.name for p in Pair]
BENELUX = {"BE", "NL", "LU"}


def pair_name(a: str, b: str) -> str | None:
    """The pair for two state codes, or None when the check does not cover it (same state, DE–FR...)."""
    name = "_".join(sorted((a, b)))
    return name if name in Pair.__members__ else None


# PAIR_TABLE[residence index, employer index] -> Pair index (or -1 where no pair is covered).
PAIR_TABLE = np.full((len(STATES), len(STATES)), -1, dtype=np.int16)
for i, a in enumerate(STATES):
    for j, b in enumerate(STATES):
        name = pair_name(a, b)
        if name:
            PAIR_TABLE[i, j] = PAIRS.index(name)


def fraction(days: np.ndarray, total: np.ndarray, empty: float = 0.0) -> np.ndarray:
    """``days / total`` per worker; ``empty`` where the total is zero (input validation prevents it)."""
    return np.divide(days, total, out=np.full_like(total, empty), where=total > 0)


def pick(node, key):
    """``node[key]`` per worker, where ``key`` is an enum array naming the child of a parameter node.

    OpenFisca can index a node with an enum array itself, but does it one element at a time in Python; here
    the node's few children become a small array once and every worker picks from it by enum index.
    """
    names = [member.name for member in key.possible_values]
    return np.array([node[name] for name in names])[np.asarray(key).astype(np.int64)]


def over_year(parameters, period, path: str, key: np.ndarray | None = None):
    """A parameter at the first and at the last day of the year, per worker where ``key`` selects a child.

    The arrangements that matter here (COVID-19 measures, the telework framework agreement) started or ended
    during a year; reading both ends tells a rule that held all year from one that changed inside it.
    """
    ends = []
    for instant in (period.start, period.stop):
        node = parameters(instant)
        for part in path.split("."):
            node = node[part]
        ends.append(node if key is None else pick(node, key))
    return ends
