"""The open-data API of the Benelux data module: filters by indicator, country/region and period."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def test_series_filtered_by_geo_and_period(api, loaded) -> None:  # noqa: ANN001
    data = api.get("/api/insights/series/?indicator=freight-inland-waterways&geo=BE,NL&start=2017&end=2019").json()
    assert [s["geo"] for s in data] == ["BE", "NL"]
    be = data[0]
    assert be["key"] == "A,PC,IWW,BE" and be["dataset"] == "tran_hv_frmod"
    assert [o["period"] for o in be["observations"]] == ["2017", "2018", "2019"]
    assert be["observations"][1] == {"period": "2018", "value": 11.9, "flags": "be"}


def test_default_geos_are_benelux_and_eu(api, loaded) -> None:  # noqa: ANN001
    data = api.get("/api/insights/observations/?indicator=renewable-energy-share&start=2022&end=2022").json()
    assert {(o["geo"], o["period"]) for o in data} == {
        ("BE", "2022"),
        ("NL", "2022"),
        ("LU", "2022"),
        ("EU27_2020", "2022"),
    }


def test_regions(api, loaded) -> None:  # noqa: ANN001
    data = api.get("/api/insights/series/?indicator=cross-border-commuters&geo=BE33,NL42,XX99").json()
    assert [s["geo"] for s in data] == ["BE33", "NL42"]


def test_bad_parameters(api, loaded) -> None:  # noqa: ANN001
    assert api.get("/api/insights/series/").status_code == 400
    assert "indicator" in api.get("/api/insights/series/").json()
    assert api.get("/api/insights/series/?indicator=nope").status_code == 404
    bad = api.get("/api/insights/series/?indicator=freight-rail&start=yesterday")
    assert bad.status_code == 400 and "start" in bad.json()
    assert api.get("/api/insights/series/?indicator=online-shopping").json() == []  # dataset not loaded


def test_indicator_catalogue_and_provenance(api, loaded) -> None:  # noqa: ANN001
    by_line = api.get("/api/insights/indicators/?line=2").json()["results"]
    assert {i["code"] for i in by_line} >= {"crime-homicide", "crime-fraud"}
    assert api.get("/api/insights/indicators/?theme=1.6").json()["count"] >= 3
    one = api.get("/api/insights/indicators/freight-rail/").json()
    assert one["name"]["de"] == "Schienengüterverkehr" and one["theme"] == "1.6" and one["line"] == 1
    dataset = api.get("/api/insights/datasets/tran_hv_frmod/").json()
    assert dataset["series_count"] == 128 and dataset["imports"][0]["location"] == "tran_hv_frmod.tsv"
    assert "/" not in dataset["imports"][0]["location"]  # server paths are not published


@pytest.mark.parametrize("path", ["/api/insights/series/", "/api/insights/observations/", "/api/insights/indicators/"])
@pytest.mark.parametrize("role", [None, "analyst", "admin"])
def test_writes_are_refused_for_every_role(api, loaded, django_user_model, path, role) -> None:  # noqa: ANN001
    """The data API is read-only: data only comes in through imports and refreshes, whoever asks."""
    if role:
        api.force_authenticate(django_user_model.objects.create(username=f"u-{role}", role=role))
    response = api.post(path + "?indicator=renewable-energy-share", {"x": 1}, format="json")
    assert response.status_code in (403, 405)
    from grensloos.insights.models import SeriesBlock

    assert SeriesBlock.objects.exists()


@pytest.mark.parametrize("param", ["indicator", "geo", "start", "end"])
def test_null_characters_are_a_bad_request(api, loaded, param) -> None:  # noqa: ANN001
    """PostgreSQL refuses NUL in text; the API must say 400, not fail with a 500."""
    query = {"indicator": "renewable-energy-share", param: "BE\x00"}
    for path in ("/api/insights/series/", "/api/insights/observations/"):
        response = api.get(path, query)
        assert response.status_code == 400 and param in response.json()
    assert api.get("/api/insights/indicators/", {"dataset": "nrg\x00"}).status_code == 400
