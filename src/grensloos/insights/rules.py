"""Who may do what in the Benelux data module.

Everything is public to read. The Secretariat curates the catalogue (indicators, sources) and may remove a
dataset that was imported by mistake; the figures themselves only come in through imports and refreshes
(`grensloos data ...`), never through a form.
"""

from __future__ import annotations

import rules

from grensloos.accounts.rules import is_secretariat

for model in ("source", "dataset", "importrecord", "indicator", "seriesblock"):
    rules.add_perm(f"insights.view_{model}", rules.always_allow)

for model in ("source", "indicator"):
    for action in ("add", "change", "delete"):
        rules.add_perm(f"insights.{action}_{model}", is_secretariat)

rules.add_perm("insights.delete_dataset", is_secretariat)
