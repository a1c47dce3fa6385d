"""The OpenAPI schema validates, and Schemathesis finds no server error and no response outside the schema."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from openapi_spec_validator import validate
from rest_framework.authtoken.models import Token

from grensloos.accounts.models import Role
from grensloos.wsgi import application

from ..factories import UserFactory


def test_schema_is_valid_openapi(client, db) -> None:  # noqa: ANN001
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    validate(schema)
    assert schema["openapi"].startswith("3.")
    assert "/api/programme/projects/" in schema["paths"]


def test_docs_page_uses_local_assets_only(client, db) -> None:  # noqa: ANN001
    html = client.get("/api/docs/").content.decode()
    assert '<html lang="en">' in html
    assert "/static/drf_spectacular_sidecar/redoc/" in html
    assert "https://" not in html


@pytest.fixture(autouse=True)
def _keep_the_test_connection():  # noqa: ANN202
    """Schemathesis calls the WSGI application directly, which fires Django's request signals; like Django's
    test client, keep them from closing the database connection that holds the test's transaction."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def analyst_token(db) -> str:  # noqa: ANN001
    user = UserFactory(username="st-analyst", role=Role.ANALYST)
    return Token.objects.create(user=user).key


# The schema is read from the application itself, as a client would.
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


@schema.parametrize()
@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_anonymous(case, programme) -> None:  # noqa: ANN001
    case.call_and_validate(
        checks=[schemathesis.checks.not_a_server_error, schemathesis.checks.response_schema_conformance]
    )


@schema.parametrize()
@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_as_analyst(case, programme, analyst_token) -> None:  # noqa: ANN001
    case.call_and_validate(
        headers={"Authorization": f"Token {analyst_token}"},
        checks=[schemathesis.checks.not_a_server_error, schemathesis.checks.response_schema_conformance],
    )
