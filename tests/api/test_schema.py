"""The OpenAPI schema validates, and Schemathesis finds no server error and no response outside the schema."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from openapi_spec_validator import validate
from rest_framework.authtoken.models import Token

from grensloos.accounts.models import Role
from grensloos.programme.demo import demo_document
from grensloos.programme.exchange import import_programme
from grensloos.wsgi import application

from ..factories import UserFactory


def test_schema_is_valid_openapi(client, db) -> None:  # noqa: ANN001
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    validate(schema)
    assert schema["openapi"].startswith("3.")
    assert "/api/programme/projects/" in schema["paths"]


def test_docs_pages_use_local_assets(client, db) -> None:  # noqa: ANN001
    for url in ("/api/docs/", "/api/redoc/"):
        html = client.get(url).content.decode()
        assert "cdn." not in html and "unpkg" not in html and "jsdelivr" not in html


@pytest.fixture
def api_schema(db):  # noqa: ANN001, ANN201
    import_programme(demo_document())
    return schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


@pytest.fixture
def analyst_token(db) -> str:  # noqa: ANN001
    user = UserFactory(username="st-analyst", role=Role.ANALYST)
    return Token.objects.create(user=user).key


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_anonymous(case) -> None:  # noqa: ANN001
    case.call_and_validate(
        checks=[schemathesis.checks.not_a_server_error, schemathesis.checks.response_schema_conformance]
    )


@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_as_analyst(case, analyst_token) -> None:  # noqa: ANN001
    case.call_and_validate(
        headers={"Authorization": f"Token {analyst_token}"},
        checks=[schemathesis.checks.not_a_server_error, schemathesis.checks.response_schema_conformance],
    )
