"""Who may do what in the cross-border worker check.

In other apps this lives in ``rules.py``; here ``rules/`` is the OpenFisca country package, so the app
imports this module itself when it is ready.

The check, the ledger, the employer batch and the rules table are public: nothing is stored. The policy
simulation is for people who work inside the platform (advisors, analysts, delegates, administrators).
"""

from __future__ import annotations

import rules

from grensloos.accounts.rules import is_staff_member

rules.add_perm("crossborder.run_simulation", is_staff_member)
