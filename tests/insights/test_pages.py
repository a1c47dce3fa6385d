"""Dashboards, indicator pages, CSV, regional view and the live figures in the work programme."""

from __future__ import annotations

import csv
import io

import pytest
from django.utils.html import escape

from grensloos.accounts.models import Role
from grensloos.insights.demo import _bind_programme_indicators
from grensloos.insights.models import Indicator
from grensloos.programme import reports

from ..factories import UserFactory


@pytest.mark.parametrize("lang", ["nl", "fr", "de", "en"])
def test_dashboard_and_line_pages_in_each_language(client, loaded, lang) -> None:  # noqa: ANN001
    index = client.get(f"/{lang}/data/")
    assert index.status_code == 200 and f'<html lang="{lang}">' in index.content.decode()
    indicator = Indicator.objects.get(code="freight-inland-waterways")
    assert escape(getattr(indicator, f"name_{lang}")) in index.content.decode()
    line = client.get(f"/{lang}/data/lines/1/").content.decode()
    assert escape(getattr(indicator, f"name_{lang}")) in line
    assert "<table" in line
    assert client.get(f"/{lang}/data/sources/").status_code == 200


def test_indicator_page_compares_with_the_eu_and_shows_flags(client, loaded) -> None:  # noqa: ANN001
    html = client.get("/en/data/indicators/freight-inland-waterways/").content.decode()
    assert "<svg" in html and "<title id=" in html and "<desc id=" in html
    assert "Belgium" in html and "Netherlands" in html and "Luxembourg" in html and "EU-27" in html
    assert '<abbr title="b: break in time series, e: estimated">be</abbr>' in html
    assert "2018 (break in series)" in html  # Belgium's trend starts at its break
    assert "/en/data/indicators/freight-inland-waterways.csv" in html
    assert "tran_hv_frmod" in html


def test_csv_download(client, loaded) -> None:  # noqa: ANN001
    response = client.get("/en/data/indicators/freight-inland-waterways.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    be_2018 = next(r for r in rows if r["geo"] == "BE" and r["period"] == "2018")
    assert be_2018["value"] == "11.9" and be_2018["flags"] == "be" and be_2018["series"] == "A,PC,IWW,BE"
    assert {r["geo"] for r in rows} == {"BE", "NL", "LU", "EU27_2020"}


def test_regional_view_of_a_nuts2_indicator(client, loaded) -> None:  # noqa: ANN001
    html = client.get("/fr/data/indicators/cross-border-commuters/").content.decode()
    assert "Prov. Liège" in html and "(BE33)" in html and "BE-DE, BE-NL" in html and "Düsseldorf" not in html
    assert "Köln" in html  # a German border region
    rows = list(
        csv.DictReader(io.StringIO(client.get("/en/data/indicators/cross-border-commuters.csv").content.decode()))
    )
    assert {"BE33", "NL42", "DEA2"} <= {r["geo"] for r in rows}


def test_indicator_without_data_says_so(client, catalogue) -> None:  # noqa: ANN001
    html = client.get("/en/data/indicators/online-shopping/").content.decode()
    assert "has not been loaded yet" in html
    assert "not yet been checked" in html


def test_unknown_indicator_is_404(client, catalogue) -> None:  # noqa: ANN001
    assert client.get("/en/data/indicators/nope/").status_code == 404
    assert client.get("/en/data/lines/9/").status_code == 404


def test_programme_shows_live_figures(client, loaded) -> None:  # noqa: ANN001
    assert _bind_programme_indicators()
    html = client.get("/en/programme/2021-2024/projects/inland-shipping-modal-shift/").content.decode()
    assert "Inland waterways&#x27; share of freight (BE)" in html
    assert "10.7" in html and '2023, <a href="/en/data/indicators/freight-inland-waterways/">Eurostat</a>' in html
    analyst = UserFactory(username="an", role=Role.ANALYST)
    client.force_login(analyst)
    evaluation = client.get("/en/programme/2021-2024/evaluation/?as_of=2022-12-31").content.decode()
    assert "Benelux data for this line" in evaluation
    assert "11.20 (2022, Eurostat)" in evaluation  # the live figure as of the report date
    context = reports.midterm_context(loaded[0].line.programme)
    assert context["line_data"][1]


def test_a_definition_that_no_longer_fits_its_dataset_breaks_no_programme_page(client, loaded) -> None:  # noqa: ANN001
    """E.g. an analyst edits the filters in the admin, or a refresh changes the dataset's dimensions."""
    assert _bind_programme_indicators()
    Indicator.objects.filter(code="freight-inland-waterways").update(filters={"freq": "A", "no_such_dim": "X"})
    project = client.get("/en/programme/2021-2024/projects/inland-shipping-modal-shift/")
    assert project.status_code == 200
    assert '<a href="/en/data/indicators/freight-inland-waterways/">Eurostat</a>' not in project.content.decode()
    page = client.get("/en/data/indicators/freight-inland-waterways/").content.decode()
    assert "does not match the dataset" in page and "no_such_dim" in page
    client.force_login(UserFactory(username="an", role=Role.ANALYST))
    assert client.get("/en/programme/2021-2024/evaluation/").status_code == 200
    assert reports.midterm_context(loaded[0].line.programme)["line_data"]  # the other indicators still show


def test_round_trip_keeps_the_binding_to_a_data_series(loaded) -> None:  # noqa: ANN001
    from grensloos.programme import exchange
    from grensloos.programme.models import Territory, WorkProgramme

    _bind_programme_indicators()
    first = exchange.export_programme("2021-2024")
    project = next(p for p in first["programme"]["projects"] if p["code"] == "inland-shipping-modal-shift")
    bound = next(i for i in project["indicators"] if i["code"] == "iww-share-be")
    assert bound["data_series"] == {"indicator": "freight-inland-waterways", "geo": "BE"}
    WorkProgramme.objects.all().delete()
    Territory.objects.all().delete()
    exchange.import_programme(first)
    assert exchange.export_programme("2021-2024") == first
