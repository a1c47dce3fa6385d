"""What-if changes of the rules, as OpenFisca reforms of the parameters.

A reform is named ``NAME=VALUE`` on the command line and on the simulation page:

* ``tolerance-BE-NL=34``: a tax day tolerance of 34 days for the pair (any covered pair, e.g. ``tolerance-DE-LU=50``);
* ``substantial-share=0.4``: the social-security "substantial activity" threshold (25 % today);
* ``framework-limit=0.6``: the telework limit of the framework agreement (below 50 % today, from July 2023).

Each sets the parameter from 1 January 2019 onward, so every simulated year sees the changed rule.
"""

from __future__ import annotations

from dataclasses import dataclass

from openfisca_core.reforms import Reform

from .variables.common import PAIRS

FROM = "2019-01-01"


class ReformError(ValueError):
    pass


@dataclass(frozen=True)
class Change:
    name: str
    parameter: str
    value: float
    label: str


def parse(text: str) -> Change:
    name, sep, raw = (text or "").partition("=")
    name = name.strip()
    if not sep:
        raise ReformError(f"{text!r}: write the reform as NAME=VALUE, e.g. tolerance-BE-NL=34")
    try:
        value = float(raw)
    except ValueError:
        raise ReformError(f"{text!r}: {raw!r} is not a number") from None
    if name.startswith("tolerance-"):
        pair = "_".join(sorted(name.removeprefix("tolerance-").upper().split("-")))
        if pair not in PAIRS:
            raise ReformError(f"{text!r}: the pair must be one of {', '.join(p.replace('_', '-') for p in PAIRS)}")
        if not (0 <= value <= 366 and value.is_integer()):
            raise ReformError(f"{text!r}: a tolerance is a whole number of days from 0 to 366")
        return Change(name, f"tax.tolerance_days.{pair}", value, f"{pair.replace('_', '-')} tolerance {value:g} days")
    if name in ("substantial-share", "framework-limit"):
        if not 0 < value < 1:
            raise ReformError(f"{text!r}: a share lies strictly between 0 and 1")
        path = (
            "social_security.substantial_activity_share"
            if name == "substantial-share"
            else "social_security.framework_agreement.telework_share_limit"
        )
        return Change(name, path, value, f"{name} {value:g}")
    raise ReformError(f"{text!r}: unknown reform; use tolerance-XX-YY, substantial-share or framework-limit")


def reform_class(change: Change) -> type[Reform]:
    def modify(parameters):
        node = parameters
        for part in change.parameter.split("."):
            node = node.children[part]
        if change.name == "framework-limit":
            # the agreement only exists from July 2023: change its limit, not its start
            node.update(start=node.values_list[0].instant_str, value=change.value)
        else:
            node.update(start=FROM, value=change.value)
        return parameters

    class ChangedRules(Reform):
        name = change.label

        def apply(self):
            self.modify_parameters(modifier_function=modify)

    return ChangedRules
