from __future__ import annotations

import base64
import json

import pytest
from altcha import solve_challenge_v1

from grensloos.accounts.models import Role
from grensloos.obstacles import intake
from grensloos.obstacles.models import Obstacle, Status


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):  # noqa: ANN001, ANN202
    # Attachments go to a per-test folder; proof-of-work challenges stay small so tests solve them fast.
    settings.DATA_DIR = tmp_path
    settings.OBSTACLES_POW_MAX_NUMBER = 2000
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Many users per test: a fast hasher keeps the role matrix quick (the login tests use the real one).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _english():  # noqa: ANN202
    """reverse() gives English addresses unless a test asks for another language."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def solve_pow():  # noqa: ANN201
    """A solved proof-of-work payload, as the browser's script would send it."""

    def solve() -> str:
        ch = intake.new_challenge()
        solution = solve_challenge_v1(ch["challenge"], ch["salt"], ch["algorithm"], ch["maxnumber"])
        payload = {k: ch[k] for k in ("algorithm", "challenge", "salt", "signature")} | {"number": solution.number}
        return base64.b64encode(json.dumps(payload).encode()).decode()

    return solve


@pytest.fixture
def staff(make_user):  # noqa: ANN001, ANN201
    """One user per role: advisor, analyst, admin, delegates of BE/NL/LU, a registered user."""
    return {
        "advisor": make_user(Role.ADVISOR, username="advisor"),
        "advisor2": make_user(Role.ADVISOR, username="advisor2"),
        "analyst": make_user(Role.ANALYST, username="analyst1"),
        "admin": make_user(Role.ADMIN, username="admin1"),
        "delegate_be": make_user(Role.DELEGATE, country="BE", username="del_be"),
        "delegate_nl": make_user(Role.DELEGATE, country="NL", username="del_nl"),
        "delegate_lu": make_user(Role.DELEGATE, country="LU", username="del_lu"),
        "registered": make_user(Role.REGISTERED, username="citizen"),
    }


@pytest.fixture
def make_obstacle(db):  # noqa: ANN001, ANN201
    counter = iter(range(1, 100_000))

    def make(**kwargs) -> Obstacle:  # noqa: ANN003
        borders = kwargs.pop("borders", ["BE-NL"])
        affected = kwargs.pop("affected", ["workers"])
        values = {
            "reference": f"T-{next(counter):05d}",
            "title": "Diploma of nurse not recognised across the border",
            "description": "A Belgian nursing diploma is not accepted by a Dutch hospital without a long procedure.",
            "language": "en",
            "status": Status.RECEIVED,
            "tracking_nonce": "nonce" + str(next(counter)),
        } | kwargs
        obstacle = Obstacle(**values)
        obstacle.border_list = borders
        obstacle.affected_list = affected
        if obstacle.is_public and obstacle.accepted_on is None and obstacle.status != Status.ARCHIVED:
            obstacle.accepted_on = obstacle.reported_on
        obstacle.save()
        return obstacle

    return make
