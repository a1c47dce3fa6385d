"""Demo content of the Benelux data module, loaded by ``grensloos demo``.

The indicator catalogue is always loaded. Real Eurostat files are loaded when a folder of them is
available (setting ``GRENSLOOS_EUROSTAT_SAMPLES``; the files are never copied into the repository), and
then two demo project indicators of the work programme are bound to live series.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

from django.conf import settings

from . import queries, services
from .models import Indicator

SAMPLE_FILES = {
    "crim_off_cat.tsv": "crim_off_cat",
    "nrg_ind_ren.tsv": "nrg_ind_ren",
    "tran_hv_frmod.tsv": "tran_hv_frmod",
    "sdg_08_10.tsv": "sdg_08_10",
    "isoc_e_dii.tsv": "isoc_e_dii",
    "isoc_sks_itsp_sex.tsv": "isoc_sks_itsp_sex",
    "lfsa_egised.tsv": "lfsa_egised",
    "sdmxcsv_isoc_eb_ics.csv": "isoc_eb_ics",
    "sdmxml_nama_10_gdp.xml": "nama_10_gdp",
    "jsonstat_hlth_ehis_hc7.json": "hlth_ehis_hc7",
    "jsonstat_hlth_ehis_hc8.json": "hlth_ehis_hc8",
}

# (project, indicator code, data indicator, geo, target, names in nl/fr/de/en) — targets are demo values.
BINDINGS = [
    (
        "inland-shipping-modal-shift",
        "iww-share-be",
        "freight-inland-waterways",
        "BE",
        Decimal("15"),
        (
            "Aandeel binnenvaart in het goederenvervoer (BE)",
            "Part de la navigation intérieure dans le fret (BE)",
            "Anteil der Binnenschifffahrt am Güterverkehr (BE)",
            "Inland waterways' share of freight (BE)",
        ),
    ),
    (
        "benelux-climate-platform",
        "renewables-share-nl",
        "renewable-energy-share",
        "NL",
        Decimal("27"),
        (
            "Aandeel hernieuwbare energie (NL)",
            "Part des énergies renouvelables (NL)",
            "Anteil erneuerbarer Energie (NL)",
            "Share of renewable energy (NL)",
        ),
    ),
]


def sample_folder() -> Path | None:
    folder = Path(settings.GRENSLOOS_EUROSTAT_SAMPLES)
    return folder if folder.is_dir() else None


def load_demo() -> list[str]:
    report = [f"Data catalogue: {len(services.load_catalogue())} indicators."]
    folder = sample_folder()
    if folder is None:
        report.append(
            "No Eurostat sample files found (GRENSLOOS_EUROSTAT_SAMPLES); the dashboards stay empty until "
            "'grensloos data refresh' or 'grensloos data import'."
        )
        return report
    for name, code in SAMPLE_FILES.items():
        path = folder / name
        if path.exists():
            report.append(services.import_file(path, code).summary())
    report.extend(_bind_programme_indicators())
    return report


def _bind_programme_indicators() -> list[str]:
    from grensloos.programme.models import Indicator as ProgrammeIndicator
    from grensloos.programme.models import Project

    out = []
    for project_code, code, data_code, geo, target, names in BINDINGS:
        project = Project.objects.filter(code=project_code).first()
        data_indicator = Indicator.objects.filter(code=data_code).first()
        if project is None or data_indicator is None:
            continue
        series = queries.indicator_series(data_indicator, [geo]).get(geo)
        baseline = next((o for o in series.values() if o.period == "2019"), None) if series else None
        if baseline is None:
            continue
        values = {
            "baseline": Decimal(str(baseline.value)),
            "baseline_date": datetime.date(2019, 12, 31),
            "target": target,
            "target_date": datetime.date(2024, 12, 31),
            "is_demo": True,
            "data_series": data_indicator,
            "data_geo": geo,
            **{f"name_{lang}": name for lang, name in zip(("nl", "fr", "de", "en"), names, strict=True)},
            **{f"unit_{lang}": "%" for lang in ("nl", "fr", "de", "en")},
        }
        indicator = ProgrammeIndicator.objects.filter(project=project, code=code).first()
        if indicator is None:
            indicator = ProgrammeIndicator(project=project, code=code)
        if indicator.pk is None or any(getattr(indicator, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(indicator, key, value)
            indicator.full_clean()
            indicator.save()
        out.append(f"Bound {project_code}/{code} to the live series {data_code} ({geo}).")
    return out
