"""Every interface string exists in Dutch, French and German, and the catalogues cover every string in use."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

LOCALE = Path(settings.PACKAGE_DIR) / "locale"


def _catalogue(lang: str, root: Path = LOCALE):  # noqa: ANN202
    with (root / lang / "LC_MESSAGES" / "django.po").open("rb") as handle:
        return read_po(handle, locale=lang)


def _translated(message) -> bool:  # noqa: ANN001
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(strings) and not message.fuzzy


@pytest.mark.parametrize("lang", ["nl", "fr", "de"])
def test_catalogue_is_complete(lang) -> None:  # noqa: ANN001
    catalogue = _catalogue(lang)
    missing = [m.id for m in catalogue if m.id and not _translated(m)]
    assert missing == []
    assert len(catalogue) > 100


def test_catalogues_cover_every_string_in_the_code(tmp_path) -> None:  # noqa: ANN001
    """Extract the strings again into a scratch copy and compare with the committed catalogues."""
    if shutil.which("xgettext") is None:
        pytest.fail("GNU gettext (xgettext) is needed to extract strings; .ci/run installs it.")
    copy = tmp_path / "grensloos"
    shutil.copytree(settings.PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    shutil.rmtree(copy / "locale")
    (copy / "locale" / "nl").mkdir(parents=True)
    (tmp_path / "scratch_settings.py").write_text(
        f"from grensloos.settings import *  # noqa\nLOCALE_PATHS = [{str(copy / 'locale')!r}]\n"
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "DJANGO_SETTINGS_MODULE": "scratch_settings"}
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "nl", "--no-obsolete"],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    extracted = {m.id for m in _catalogue("nl", copy / "locale") if m.id}
    committed = {m.id for m in _catalogue("nl") if m.id}
    assert sorted(extracted - committed) == [], "run makemessages and translate the new strings"


@pytest.mark.parametrize(
    "lang,expected",
    [("nl", "Werkprogramma"), ("fr", "Programme de travail"), ("de", "Arbeitsprogramm"), ("en", "Work programme")],
)
def test_pages_use_the_catalogue(client, db, lang, expected) -> None:  # noqa: ANN001
    html = client.get(f"/{lang}/").content.decode()
    assert expected in html
