"""Policy simulation: how many workers a change of rule moves, by pair of states."""

from __future__ import annotations

import numpy as np

from . import engine
from .engine import Columns
from .rules import tax_benefit_system
from .rules.reforms import Change, reform_class
from .rules.variables.common import PAIRS


def simulate(columns: Columns, change: Change) -> dict:
    """Assess the population under today's rules and under ``change``; count who changes, by pair."""
    base = engine.compute(columns)
    reformed = engine.compute(columns, reform_class(change)(tax_benefit_system()))
    tax_changed = np.abs(base["tax_share_employer_state"] - reformed["tax_share_employer_state"]) > 1e-9
    ss_changed = base["social_security_state"] != reformed["social_security_state"]
    pair = np.asarray(base["state_pair"]).astype(np.int64)
    by_pair = {}
    for i, name in enumerate(PAIRS):
        mask = pair == i
        workers = int(mask.sum())
        if not workers:
            continue
        by_pair[name.replace("_", "-")] = {
            "workers": workers,
            "tax_share_changed": int(tax_changed[mask].sum()),
            "social_security_changed": int(ss_changed[mask].sum()),
            "employer_state_tax_share_before": round(float(base["tax_share_employer_state"][mask].mean()), 4),
            "employer_state_tax_share_after": round(float(reformed["tax_share_employer_state"][mask].mean()), 4),
        }
    return {
        "reform": change.label,
        "parameter": change.parameter,
        "value": change.value,
        "population": len(columns),
        "tax_share_changed": int(tax_changed.sum()),
        "social_security_changed": int(ss_changed.sum()),
        "by_pair": by_pair,
    }
