"""The back office of the data module (who may curate what) and the pages by policy domain."""

from __future__ import annotations

import json

import pytest
from auditlog.models import LogEntry
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.test import RequestFactory
from django.utils.html import escape
from django.utils.translation import override

from grensloos.accounts.models import Role
from grensloos.core.vocabularies import Domain
from grensloos.insights import services
from grensloos.insights.models import Dataset, ImportRecord, Indicator, SeriesBlock

from ..factories import UserFactory

ROLES = {
    "registered": Role.REGISTERED,
    "advisor": Role.ADVISOR,
    "delegate": Role.DELEGATE,
    "analyst": Role.ANALYST,
    "admin": Role.ADMIN,
}


def _user(role: str):  # noqa: ANN202
    extra = {"country": "BE"} if role == "delegate" else {}
    return UserFactory(username=f"u-{role}", role=ROLES[role], **extra)


@pytest.mark.parametrize("role", list(ROLES))
def test_who_may_curate_what_in_the_admin(loaded, role) -> None:  # noqa: ANN001
    request = RequestFactory().get("/")
    request.user = _user(role)
    indicator_admin = admin.site._registry[Indicator]
    dataset_admin = admin.site._registry[Dataset]
    dataset = Dataset.objects.get(code="tran_hv_frmod")
    secretariat = role in ("analyst", "admin")
    assert indicator_admin.has_change_permission(request, Indicator.objects.first()) is secretariat
    assert indicator_admin.has_add_permission(request) is secretariat
    assert dataset_admin.has_view_permission(request, dataset) is secretariat  # the admin is for staff only
    assert dataset_admin.has_delete_permission(request, dataset) is secretariat
    # figures only come in through imports: nobody edits a dataset or an import record by hand
    assert dataset_admin.has_change_permission(request, dataset) is False
    assert dataset_admin.has_add_permission(request) is False
    assert ImportRecord not in admin.site._registry  # shown read-only inside its dataset


@pytest.mark.parametrize("role,allowed", [("registered", False), ("delegate", False), ("analyst", True)])
def test_deleting_a_wrong_import_in_the_admin(client, loaded, role, allowed) -> None:  # noqa: ANN001
    dataset = Dataset.objects.get(code="tran_hv_frmod")
    client.force_login(_user(role))
    response = client.post(f"/en/admin/insights/dataset/{dataset.pk}/delete/", {"post": "yes"})
    assert response.status_code in (302, 403)
    assert Dataset.objects.filter(code="tran_hv_frmod").exists() is not allowed
    assert SeriesBlock.objects.filter(dataset_id=dataset.pk).exists() is not allowed
    if allowed:
        entry = LogEntry.objects.get_for_model(Dataset).filter(object_pk=str(dataset.pk)).latest("timestamp")
        assert entry.action == LogEntry.Action.DELETE and entry.actor.username == "u-analyst"


def test_staff_see_datasets_with_their_imports(client, loaded) -> None:  # noqa: ANN001
    client.force_login(_user("analyst"))
    dataset = Dataset.objects.get(code="tran_hv_frmod")
    html = client.get(f"/en/admin/insights/dataset/{dataset.pk}/change/").content.decode()
    assert "tran_hv_frmod.tsv" in html  # the import record with the file it came from
    assert client.get("/en/admin/insights/indicator/").status_code == 200


@pytest.mark.parametrize("lang", ["nl", "fr", "de", "en"])
def test_domain_page_shows_the_indicators_of_the_domain(client, loaded, lang) -> None:  # noqa: ANN001
    html = client.get(f"/{lang}/data/domains/mobility_transport/").content.decode()
    with override(lang):
        assert escape(str(Domain.MOBILITY_TRANSPORT.label)) in html
    for indicator in Indicator.objects.filter(domain="mobility_transport"):
        assert escape(getattr(indicator, f"name_{lang}")) in html
    assert escape(Indicator.objects.get(code="crime-robbery").name) not in html
    assert f"/{lang}/data/domains/mobility_transport/" in client.get(f"/{lang}/data/").content.decode()


def test_unknown_domain_is_not_found(client, loaded) -> None:  # noqa: ANN001
    assert client.get("/en/data/domains/astrology/").status_code == 404


def test_related_indicators_for_another_module(loaded) -> None:  # noqa: ANN001
    """What an obstacle page of a domain includes: the latest figures of that domain's indicators."""
    template = Template("{% load insights_tags %}{% related_indicators domain 2 %}")
    html = template.render(Context({"domain": "environment_energy"}))
    assert html.count('class="card"') == 2
    assert "Related Benelux data" in html and "/en/data/domains/environment_energy/" in html
    assert "Belgium" in html and "<table" in html
    assert template.render(Context({"domain": "astrology"})).strip() == ""
    assert template.render(Context({"domain": "taxation"})).strip() == ""  # no indicators: nothing at all


def test_catalogue_refuses_an_unknown_domain(catalogue, tmp_path) -> None:  # noqa: ANN001
    entries = json.loads(services.CATALOGUE.read_text(encoding="utf-8"))
    entries[0]["domain"] = "astrology"
    bad = tmp_path / "indicators.json"
    bad.write_text(json.dumps(entries), encoding="utf-8")
    with pytest.raises(ValidationError, match="domain"):
        services.load_catalogue(bad)
    assert Indicator.objects.get(code=entries[0]["code"]).domain != "astrology"
