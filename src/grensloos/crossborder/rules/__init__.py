"""grensloos-rules: the cross-border worker check as an OpenFisca country package.

* ``entities.py``: one person entity, the worker-year;
* ``variables/``: inputs, the social-security formulas and the tax formulas;
* ``parameters/``: every threshold, tolerance and date as dated YAML, each value with its legal source;
* ``reforms.py``: what-if changes of the parameters for policy simulation;
* ``tests/``: OpenFisca YAML tests, run by the project's test suite.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from openfisca_core.variables import Variable

from .entities import entities
from .variables import inputs, social_security, tax

HERE = Path(__file__).resolve().parent


class CrossBorderTaxBenefitSystem(TaxBenefitSystem):
    def __init__(self) -> None:
        super().__init__(entities)
        for module in (inputs, social_security, tax):
            for item in vars(module).values():
                if isinstance(item, type) and issubclass(item, Variable) and item is not Variable:
                    self.add_variable(item)
        self.load_parameters(str(HERE / "parameters"))


@cache
def tax_benefit_system() -> CrossBorderTaxBenefitSystem:
    """The model, built once per process (loading the parameters reads the YAML files)."""
    return CrossBorderTaxBenefitSystem()


#: the name OpenFisca's own tools look for, so ``openfisca test -c grensloos.crossborder.rules ...`` works
CountryTaxBenefitSystem = CrossBorderTaxBenefitSystem
