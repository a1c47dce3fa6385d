"""The grensloos console command: settings from the environment, admin creation, demo idempotence."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

GRENSLOOS = [sys.executable, "-m", "grensloos"]


def _run(args: list[str], env_extra: dict, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in ("DATABASE_URL", "SECRET_KEY", "DEBUG", "GRENSLOOS_MODE", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update({"GRENSLOOS_DATA_DIR": str(tmp_path / "data"), **env_extra})
    return subprocess.run([*GRENSLOOS, *args], env=env, capture_output=True, text=True, timeout=300, cwd=tmp_path)


def test_production_check_deploy_is_clean(tmp_path) -> None:  # noqa: ANN001
    result = _run(
        ["check", "--deploy", "--fail-level", "WARNING"],
        {
            "GRENSLOOS_MODE": "production",
            "SECRET_KEY": "x" * 64 + "-production-secret-key-from-environment",
            "ALLOWED_HOSTS": "grensloos.example.org",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'p.sqlite3'}",
        },
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_requires_a_secret_key(tmp_path) -> None:  # noqa: ANN001
    result = _run(["check"], {"GRENSLOOS_MODE": "production", "ALLOWED_HOSTS": "example.org"}, tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_development_generates_and_keeps_a_private_secret_key(tmp_path) -> None:  # noqa: ANN001
    assert _run(["check"], {}, tmp_path).returncode == 0
    key_file = tmp_path / "data" / "secret_key"
    first = key_file.read_text()
    assert len(first) >= 50
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert _run(["check"], {}, tmp_path).returncode == 0
    assert key_file.read_text() == first


def test_every_command_honours_database_url(tmp_path) -> None:  # noqa: ANN001
    db_file = tmp_path / "elsewhere.sqlite3"
    result = _run(["migrate", "--verbosity", "0"], {"DATABASE_URL": f"sqlite:///{db_file}"}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert db_file.exists() and db_file.stat().st_size > 0
    assert not (tmp_path / "data" / "grensloos.sqlite3").exists()


def test_createadmin_prints_a_generated_password_once(db, capsys) -> None:  # noqa: ANN001
    call_command("createadmin")
    first = capsys.readouterr().out
    password = next(line.split(": ", 1)[1] for line in first.splitlines() if line.startswith("Password: "))
    admin = get_user_model().objects.get(username="admin")
    assert admin.check_password(password) and admin.is_superuser and len(password) >= 16
    call_command("createadmin")
    second = capsys.readouterr().out
    assert password not in second and "already exists" in second
    call_command("createadmin", reset_password=True)
    third = capsys.readouterr().out
    new_password = next(line.split(": ", 1)[1] for line in third.splitlines() if line.startswith("Password: "))
    admin.refresh_from_db()
    assert new_password != password and admin.check_password(new_password)


def test_two_admins_get_different_passwords(tmp_path) -> None:  # noqa: ANN001
    outputs = []
    for name in ("one", "two"):
        env = {"DATABASE_URL": f"sqlite:///{tmp_path / name}.sqlite3"}
        assert _run(["migrate", "--verbosity", "0"], env, tmp_path).returncode == 0
        outputs.append(_run(["createadmin"], env, tmp_path).stdout)
    passwords = [next(x for x in out.splitlines() if x.startswith("Password: ")) for out in outputs]
    assert passwords[0] != passwords[1]


@pytest.mark.django_db(transaction=True)
def test_demo_is_idempotent() -> None:
    from auditlog.models import LogEntry

    from grensloos.programme.exchange import export_programme

    call_command("demo")
    first = export_programme("2021-2024")
    entries = LogEntry.objects.count()
    call_command("demo")
    assert export_programme("2021-2024") == first
    assert LogEntry.objects.count() == entries  # the second run changed nothing, so it audited nothing
