"""The OpenFisca model: its YAML tests, and every parameter value carries a source or says it is uncertain."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import grensloos.crossborder.rules as rules_package
from grensloos.crossborder import catalogue
from grensloos.crossborder.rules import tax_benefit_system

RULES = Path(rules_package.__file__).parent
YAML_TESTS = sorted((RULES / "tests").glob("*.yaml"))

RUNNER = """
import os, sys, pytest
from grensloos.crossborder.rules import tax_benefit_system
from openfisca_core.tools.test_runner import OpenFiscaPlugin
sys.exit(pytest.main(["-q", "-p", "no:django", "-p", "no:cacheprovider", "-p", "no:xdist", "-c", os.devnull,
                      "--rootdir", sys.argv[2], sys.argv[1]], plugins=[OpenFiscaPlugin(tax_benefit_system(), {})]))
"""


@pytest.mark.parametrize("path", YAML_TESTS, ids=[p.name for p in YAML_TESTS])
def test_openfisca_yaml_tests_pass(path: Path, tmp_path: Path) -> None:
    """OpenFisca's own test runner, in a separate process so its pytest session stays apart from ours."""
    run = subprocess.run(
        [sys.executable, "-c", RUNNER, str(path), str(tmp_path)], capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stdout + run.stderr
    expected = len(yaml.safe_load(path.read_text()))
    assert f"{expected} passed" in run.stdout


def test_a_wrong_expectation_fails(tmp_path: Path) -> None:
    """The runner really checks: an expectation that contradicts the BE–LU tolerance fails."""
    case = [
        {
            "name": "wrong on purpose",
            "period": 2024,
            "input": {
                "residence": "BE",
                "employer_state": "LU",
                "working_days_total": 220,
                "days_in_employer_state": 186,
                "days_in_residence": 34,
            },
            "output": {"tax_rule": "PLACE_OF_WORK"},
        }
    ]
    path = tmp_path / "wrong.yaml"
    path.write_text(yaml.safe_dump(case))
    run = subprocess.run([sys.executable, "-c", RUNNER, str(path), str(tmp_path)], capture_output=True, text=True)
    assert run.returncode != 0 and "TOLERANCE" in run.stdout


def test_every_parameter_value_has_a_source_or_an_uncertainty() -> None:
    """A value in force in 2019–2026 that decides something names its source, or says it is uncertain."""
    for rule in catalogue.rules_table():
        assert rule["description"], rule["parameter"]
        for value in rule["values"]:
            if value["to"] is not None and value["to"] < "2019-01-01":
                continue  # only the baseline before the period the check covers
            decisive = value["value"] not in (False, 0) or value["from"] > "2019-01-01"
            if decisive or value["uncertain"]:
                assert value["references"] or value["uncertain"], (rule["parameter"], value["from"])
            for ref in value["references"]:
                assert ref["title"] and ref["url"].startswith(("http://", "https://")) and ref["date"], ref


def test_tolerances_over_time_match_the_researched_values() -> None:
    system = tax_benefit_system()
    expected = {
        ("BE_LU", "2021-06-01"): 24,
        ("BE_LU", "2022-06-01"): 34,
        ("FR_LU", "2022-06-01"): 29,
        ("FR_LU", "2023-06-01"): 34,
        ("DE_LU", "2023-06-01"): 19,
        ("DE_LU", "2024-06-01"): 34,
        ("DE_NL", "2025-06-01"): 0,
        ("DE_NL", "2026-06-01"): 34,
        ("BE_NL", "2024-06-01"): 0,
    }
    for (pair, day), days in expected.items():
        assert system.parameters(day).tax.tolerance_days[pair] == days, (pair, day)


def test_the_parameter_texts_are_offered_for_translation() -> None:
    """Descriptions, notes, doubts and source titles of the YAML files are in ``texts.py`` for makemessages."""
    from grensloos.crossborder import texts

    wanted = set()
    for path in (RULES / "parameters").rglob("*.yaml"):
        data = yaml.safe_load(path.read_text())
        wanted.add(data["description"])
        for entry in data["values"].values():
            meta = entry.get("metadata") or {}
            wanted.update(meta[k] for k in ("uncertain", "note") if k in meta)
            wanted.update(ref["title"] for ref in meta.get("reference", []))
    wanted.update(ref["title"] for ref in yaml.safe_load((RULES / "sources.yaml").read_text())["legal_bases"].values())
    assert wanted <= set(texts.TEXTS), sorted(wanted - set(texts.TEXTS))[:3]


def test_openfisca_command_line_finds_the_country_package(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "openfisca_core.scripts.openfisca_command", "test", "-c", "grensloos.crossborder.rules",
         str(YAML_TESTS[0])],
        capture_output=True, text=True, cwd=tmp_path,
        env={**os.environ, "PYTEST_ADDOPTS": "-p no:django -p no:cacheprovider"},
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
