from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "insights"


def _samples_folder() -> Path:
    for candidate in (Path(settings.GRENSLOOS_EUROSTAT_SAMPLES), Path("/work/shared/data/eurostat")):
        if (candidate / "lfsa_egised.tsv").exists():
            return candidate
    pytest.fail("The real Eurostat sample files (shared/data/eurostat) are needed; set GRENSLOOS_EUROSTAT_SAMPLES.")


@pytest.fixture(scope="session")
def samples() -> Path:
    return _samples_folder()


@pytest.fixture
def catalogue(programme_demo):  # noqa: ANN001, ANN201
    from grensloos.insights.services import load_catalogue

    return load_catalogue()


@pytest.fixture
def programme_demo(db):  # noqa: ANN001, ANN201
    from grensloos.programme.demo import demo_document
    from grensloos.programme.exchange import import_programme

    return import_programme(demo_document())


@pytest.fixture
def loaded(catalogue, samples):  # noqa: ANN001, ANN201
    """Catalogue plus a few real datasets and the commuting fixture (regional)."""
    from grensloos.insights.services import import_file

    for name, code in (
        ("tran_hv_frmod.tsv", "tran_hv_frmod"),
        ("nrg_ind_ren.tsv", "nrg_ind_ren"),
        ("crim_off_cat.tsv", "crim_off_cat"),
    ):
        import_file(samples / name, code)
    import_file(FIXTURES / "lfst_r_lfe2ecomm.tsv", "lfst_r_lfe2ecomm")
    return catalogue
