"""Imports are atomic, idempotent and keep their provenance; the API client works from recorded answers."""

from __future__ import annotations

import datetime

import pytest
import requests
import responses
from auditlog.models import LogEntry
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError

from grensloos.insights import services
from grensloos.insights.models import Dataset, ImportRecord, SeriesBlock

from .conftest import FIXTURES

pytestmark = pytest.mark.django_db
API = "https://ec.europa.eu/eurostat/api/dissemination/sdmx/2.1"


def _state() -> tuple:
    return (
        list(Dataset.objects.values_list("code", "checksum", "series_count", "observation_count")),
        list(SeriesBlock.objects.order_by("dataset_id", "geo").values_list("geo", "body")),
        ImportRecord.objects.count(),
    )


def test_import_command_records_provenance(samples, capsys) -> None:  # noqa: ANN001
    call_command("data", "import", str(samples / "tran_hv_frmod.tsv"), "--dataset", "tran_hv_frmod")
    assert "stored 128 series, 2104 observations" in capsys.readouterr().out
    dataset = Dataset.objects.get(code="tran_hv_frmod")
    record = dataset.imports.get()
    assert record.kind == "file" and record.file_format == "tsv" and record.location.endswith("tran_hv_frmod.tsv")
    assert record.series_count == 128 and record.observation_count == 2104 and record.rows_read == 128
    assert dataset.source.code == "eurostat" and dataset.imported_at is not None
    assert sorted(SeriesBlock.objects.filter(dataset=dataset).values_list("geo", flat=True))[:3] == ["AT", "BE", "BG"]


def test_reimporting_the_same_file_changes_nothing(samples, capsys) -> None:  # noqa: ANN001
    call_command("data", "import", str(samples / "nrg_ind_ren.tsv"), "--dataset", "nrg_ind_ren")
    before, audit = _state(), LogEntry.objects.count()
    call_command("data", "import", str(samples / "nrg_ind_ren.tsv"), "--dataset", "nrg_ind_ren")
    assert "unchanged" in capsys.readouterr().out
    assert _state() == before and LogEntry.objects.count() == audit


def test_last_update_given_for_a_bulk_file(samples) -> None:  # noqa: ANN001
    call_command("data", "import", str(samples / "sdg_08_10.tsv"), "--dataset", "sdg_08_10")
    assert Dataset.objects.get(code="sdg_08_10").last_update is None  # a bulk TSV does not state it
    call_command(
        "data", "import", str(samples / "sdg_08_10.tsv"), "--dataset", "sdg_08_10", "--last-update", "2025-04-14"
    )
    dataset = Dataset.objects.get(code="sdg_08_10")
    assert dataset.last_update.date() == datetime.date(2025, 4, 14)
    assert dataset.imports.count() == 1  # the same content: no new import, only the date is recorded
    for bad, message in (("14/04/2025", "not a date"), ("2999-01-01", "future")):
        with pytest.raises(CommandError, match=message):
            call_command(
                "data", "import", str(samples / "sdg_08_10.tsv"), "--dataset", "sdg_08_10", "--last-update", bad
            )
    assert Dataset.objects.get(code="sdg_08_10").last_update == dataset.last_update


def test_a_corrupted_file_writes_nothing(samples, tmp_path) -> None:  # noqa: ANN001
    call_command("data", "import", str(samples / "sdg_08_10.tsv"), "--dataset", "sdg_08_10")
    before = _state()
    lines = (samples / "sdg_08_10.tsv").read_text().splitlines()
    lines[40] = lines[40].replace("\t", "\t12,5 ", 1)  # a comma decimal separator in the first value of line 41
    broken = tmp_path / "sdg_08_10.tsv"
    broken.write_text("\n".join(lines) + "\n")
    with pytest.raises(CommandError) as exc:
        call_command("data", "import", str(broken), "--dataset", "sdg_08_10")
    assert exc.value.returncode == 2 and "line 41" in str(exc.value)
    assert _state() == before


def test_a_new_version_replaces_the_dataset_atomically(samples, tmp_path) -> None:  # noqa: ANN001
    call_command("data", "import", str(samples / "sdg_08_10.tsv"), "--dataset", "sdg_08_10")
    text = (samples / "sdg_08_10.tsv").read_text()
    smaller = tmp_path / "sdg.tsv"
    smaller.write_text("\n".join(text.splitlines()[:5]) + "\n")
    call_command("data", "import", str(smaller), "--dataset", "sdg_08_10")
    dataset = Dataset.objects.get(code="sdg_08_10")
    assert dataset.series_count == 4 and dataset.imports.count() == 2
    assert (
        sum(b.count("\n") + 1 for b in SeriesBlock.objects.filter(dataset=dataset).values_list("body", flat=True)) == 4
    )


def test_a_failure_after_the_blocks_are_written_rolls_everything_back(samples, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    """The blocks go in with COPY on PostgreSQL and INSERT elsewhere; both are inside the import's transaction."""
    call_command("data", "import", str(samples / "sdg_08_10.tsv"), "--dataset", "sdg_08_10")
    smaller = tmp_path / "sdg.tsv"
    smaller.write_text("\n".join((samples / "sdg_08_10.tsv").read_text().splitlines()[:5]) + "\n")
    before = _state()

    def broken(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise IntegrityError("the provenance record could not be written")

    monkeypatch.setattr(ImportRecord.objects, "create", broken)
    with pytest.raises(IntegrityError):
        services.import_file(samples / "nrg_ind_ren.tsv", "nrg_ind_ren")  # a new dataset
    with pytest.raises(IntegrityError):
        services.import_file(smaller, "sdg_08_10")  # a new version of a stored one
    assert _state() == before


def test_file_of_another_dataset_is_refused(samples) -> None:  # noqa: ANN001
    with pytest.raises(CommandError, match="holds dataset isoc_eb_ics"):
        call_command("data", "import", str(samples / "sdmxcsv_isoc_eb_ics.csv"), "--dataset", "isoc_e_dii")
    assert not Dataset.objects.exists()


def test_other_formats_and_their_provenance(samples) -> None:  # noqa: ANN001
    services.import_file(samples / "sdmxcsv_isoc_eb_ics.csv", "isoc_eb_ics")
    services.import_file(FIXTURES / "lfsa_ehomp.csv", "lfsa_ehomp")
    services.import_file(FIXTURES / "isoc_ec_ibuy.json", "isoc_ec_ibuy")
    services.import_file(samples / "sdmxml_nama_10_gdp.xml", "nama_10_gdp")
    eb = Dataset.objects.get(code="isoc_eb_ics")
    assert eb.last_update == datetime.datetime.fromisoformat("2023-12-08T11:00:00+00:00")
    assert Dataset.objects.get(code="isoc_ec_ibuy").imports.get().file_format == "json-stat"
    assert Dataset.objects.get(code="nama_10_gdp").observation_count == 4


def test_bad_dataset_code_and_missing_file(tmp_path) -> None:  # noqa: ANN001
    with pytest.raises(CommandError, match="not a dataset code"):
        call_command("data", "import", str(FIXTURES / "lfsa_ehomp.csv"), "--dataset", "Bad Code!")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("data", "import", str(tmp_path / "nope.tsv"), "--dataset", "x_y")


def _register(rsps: responses.RequestsMock) -> None:
    rsps.get(
        f"{API}/dataflow/ESTAT/LFST_R_LFE2ECOMM/latest?references=descendants",
        body=(FIXTURES / "api" / "dataflow_LFST_R_LFE2ECOMM.xml").read_bytes(),
        content_type="application/xml",
    )
    rsps.get(
        f"{API}/data/LFST_R_LFE2ECOMM?startPeriod=2000",
        body=(FIXTURES / "api" / "data_LFST_R_LFE2ECOMM.xml").read_bytes(),
        content_type="application/xml",
    )


def test_refresh_from_recorded_api_answers(capsys) -> None:
    with responses.RequestsMock() as rsps:
        _register(rsps)
        call_command("data", "refresh", "--dataset", "lfst_r_lfe2ecomm")
    assert "stored 4 series, 20 observations" in capsys.readouterr().out
    dataset = Dataset.objects.get(code="lfst_r_lfe2ecomm")
    assert dataset.last_update == datetime.datetime.fromisoformat("2024-04-26T23:00:00+02:00")
    assert dataset.title_en.startswith("Employment and commuting")
    record = dataset.imports.get()
    assert record.kind == "api" and record.location == f"{API}/data/LFST_R_LFE2ECOMM"
    with responses.RequestsMock() as rsps:  # the same answer again: nothing changes
        _register(rsps)
        call_command("data", "refresh", "--dataset", "lfst_r_lfe2ecomm")
    assert "unchanged" in capsys.readouterr().out and dataset.imports.count() == 1


def test_refresh_offline_fails_clearly_and_changes_nothing(capsys) -> None:
    services.import_file(FIXTURES / "lfst_r_lfe2ecomm.tsv", "lfst_r_lfe2ecomm")
    before = _state()
    with responses.RequestsMock() as rsps:
        rsps.get(
            f"{API}/dataflow/ESTAT/LFST_R_LFE2ECOMM/latest?references=descendants",
            body=requests.exceptions.ConnectionError("Network is unreachable"),
        )
        with pytest.raises(CommandError) as exc:
            call_command("data", "refresh", "--dataset", "lfst_r_lfe2ecomm")
    assert exc.value.returncode == 1
    assert "cannot be reached" in capsys.readouterr().err
    assert _state() == before


def test_refresh_server_error_is_reported(capsys) -> None:
    with responses.RequestsMock() as rsps:
        rsps.get(f"{API}/dataflow/ESTAT/LFST_R_LFE2ECOMM/latest?references=descendants", status=503)
        with pytest.raises(CommandError):
            call_command("data", "refresh", "--dataset", "lfst_r_lfe2ecomm")
    assert "HTTP 503" in capsys.readouterr().err
    assert not Dataset.objects.exists()


def test_catalogue_is_idempotent_and_tied_to_the_programme(programme_demo) -> None:  # noqa: ANN001
    first = services.load_catalogue()
    entries = LogEntry.objects.count()
    services.load_catalogue()
    assert LogEntry.objects.count() == entries
    by_code = {i.code: i for i in first}
    assert by_code["freight-inland-waterways"].theme.code == "1.6"
    assert by_code["crime-homicide"].line.number == 2
    assert by_code["cross-border-commuters"].regional and not by_code["cross-border-commuters"].checked
    for indicator in first:
        for lang in ("nl", "fr", "de", "en"):
            assert getattr(indicator, f"name_{lang}") and getattr(indicator, f"unit_{lang}")
