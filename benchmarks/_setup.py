"""Shared set-up of the benchmarks: a fresh database in a temporary folder (or DATABASE_URL), migrated."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def fresh_django(extra_env: dict | None = None) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="grensloos-bench-"))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder / 'bench.sqlite3'}")
    os.environ["GRENSLOOS_DATA_DIR"] = str(folder)
    os.environ.setdefault("DEBUG", "false")  # as in production: no query logging
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "grensloos.settings")
    for key, value in (extra_env or {}).items():
        os.environ[key] = value
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    return folder


def samples() -> Path:
    for candidate in (
        os.environ.get("GRENSLOOS_EUROSTAT_SAMPLES", ""),
        "../shared/data/eurostat",
        "/work/shared/data/eurostat",
    ):
        if candidate and (Path(candidate) / "lfsa_egised.tsv").exists():
            return Path(candidate)
    raise SystemExit("Set GRENSLOOS_EUROSTAT_SAMPLES to the folder with lfsa_egised.tsv.")
