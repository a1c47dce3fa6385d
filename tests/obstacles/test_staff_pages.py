"""Staff pages: the queue and case page by role, actions posted from the page, questions to the reporter
through an expiring link, e-mail texts with preview, the priority list and attachment downloads."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from grensloos.obstacles import services
from grensloos.obstacles.models import Attachment, MessageTemplate, ReporterContact, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(make_obstacle):  # noqa: ANN001, ANN201
    obstacle = make_obstacle(status=Status.RECEIVED, language="fr", title="Ambulance bloquée à la frontière")
    ReporterContact.objects.create(
        obstacle=obstacle, name="Reporter Secret", email="secret@example.org", language="fr", consent_text="ok"
    )
    attachment = Attachment(
        obstacle=obstacle, original_name="scan.pdf", content_type="application/pdf", size=20, sha256="1" * 64
    )
    attachment.file.save("scan.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    attachment.save()
    return obstacle


@pytest.mark.parametrize(
    ("role", "queue", "page", "contact"),
    [
        ("registered", 403, 403, False),
        ("delegate_be", 200, 403, False),
        ("advisor", 200, 200, False),
        ("analyst", 200, 200, True),
        ("admin", 200, 200, True),
    ],
)
def test_pages_by_role(client, staff, case, role, queue, page, contact):  # noqa: ANN001
    client.force_login(staff[role])
    assert client.get(reverse("obstacles:queue")).status_code == queue
    response = client.get(reverse("obstacles:case", args=[case.reference]))
    assert response.status_code == page
    if page == 200:
        body = response.content.decode()
        assert ("Reporter Secret" in body) is contact
        assert ("scan.pdf" in body) is contact
    download = client.get(reverse("obstacles:attachment", args=[case.attachments.get().pk]))
    assert download.status_code == (200 if contact else 403)


def test_anonymous_staff_pages_redirect_to_login(client, case):  # noqa: ANN001
    for url in (
        reverse("obstacles:queue"),
        reverse("obstacles:case", args=[case.reference]),
        reverse("obstacles:templates"),
        reverse("obstacles:priorities", args=[2026]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]
    response = client.post(reverse("obstacles:status", args=[case.reference]), {"target": "triage"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.RECEIVED


def test_triage_from_the_case_page(client, staff, case, django_capture_on_commit_callbacks):  # noqa: ANN001
    client.force_login(staff["analyst"])
    url = reverse("obstacles:status", args=[case.reference])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"target": "triage"})
        response = client.post(url, {"target": "rejected", "reason": ""})
    case.refresh_from_db()
    assert case.status == Status.TRIAGE  # the rejection without reason was refused
    assert "reason" in client.get(response["Location"]).content.decode().lower()
    client.post(
        reverse("obstacles:classify", args=[case.reference]),
        {
            "classify-domain": "health_care",
            "classify-obstacle_type": "legal",
            "classify-language": "fr",
            "classify-priority": "high",
            "classify-related": "",
        },
    )
    client.post(url, {"target": "accepted"})
    case.refresh_from_db()
    assert (case.status, case.domain, case.priority, case.classified) == ("accepted", "health_care", "high", True)
    assert len(mail.outbox) == 1  # triage → no template is special; the mail goes out per status change
    assert mail.outbox[0].to == ["secret@example.org"]


def test_delegate_cannot_post_transitions(client, staff, case):  # noqa: ANN001
    client.force_login(staff["delegate_be"])
    response = client.post(reverse("obstacles:status", args=[case.reference]), {"target": "triage"})
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.status == Status.RECEIVED


def test_information_request_round_trip(client, staff, case, django_capture_on_commit_callbacks):  # noqa: ANN001
    client.force_login(staff["analyst"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("obstacles:ask", args=[case.reference]), {"question": "Quel hôpital exactement ?"})
    case.refresh_from_db()
    assert case.awaiting_reporter
    message = mail.outbox[-1]
    assert message.to == ["secret@example.org"]
    link = next(word for word in message.body.split() if "/answer/" in word)
    path = link.split("127.0.0.1:8000", 1)[1]
    assert path.startswith("/fr/obstacles/answer/")
    client.logout()
    assert "Quel hôpital" in client.get(path).content.decode()
    assert client.post(path, {"answer": ""}).status_code == 200  # the empty answer is refused
    client.post(path, {"answer": "L'hôpital de Maastricht."})
    case.refresh_from_db()
    assert not case.awaiting_reporter
    assert case.status == Status.TRIAGE  # the answer moved the case on by itself
    assert case.information_requests.get().answer == "L'hôpital de Maastricht."
    with translation.override("fr"):
        answered = gettext("You have answered this question. Thank you.")
    assert answered in client.post(path, {"answer": "again"}).content.decode()
    assert case.information_requests.get().answer == "L'hôpital de Maastricht."


def test_expired_information_request(client, staff, case):  # noqa: ANN001
    request, token = services.request_information(staff["analyst"], case, "Which date?")
    request.expires_at = timezone.now() - datetime.timedelta(minutes=1)
    request.save()
    client.post(reverse("obstacles:answer", args=[token]), {"answer": "Too late"})
    request.refresh_from_db()
    assert request.answer == "" and request.answered_at is None


def test_message_templates_edit_preview_and_use(client, staff, case, django_capture_on_commit_callbacks):  # noqa: ANN001
    client.force_login(staff["advisor"])
    assert client.get(reverse("obstacles:templates")).status_code == 403
    client.force_login(staff["analyst"])
    url = reverse("obstacles:template", args=["triage"])
    data = {f"subject_{lang}": f"[{lang}] $reference" for lang in ("nl", "fr", "de", "en")}
    data |= {f"body_{lang}": f"Bonjour, {lang}: $title est $status. $link" for lang in ("nl", "fr", "de", "en")}
    preview = client.post(url, {**data, "preview": "1"})
    assert "[fr] OBS-2026-00042" in preview.content.decode()
    assert not MessageTemplate.objects.exists()
    client.post(url, {**data, "save": "1"})
    assert MessageTemplate.objects.get(status="triage").subject_fr == "[fr] $reference"
    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(staff["analyst"], case, Status.TRIAGE)
    assert mail.outbox[-1].subject == f"[fr] {case.reference}"
    assert "Ambulance bloquée" in mail.outbox[-1].body and "/fr/obstacles/track/" in mail.outbox[-1].body


def test_priority_page(client, staff, make_obstacle):  # noqa: ANN001
    accepted = make_obstacle(status=Status.ANALYSIS)
    client.force_login(staff["analyst"])
    url = reverse("obstacles:priorities", args=[2026])
    assert client.post(url, {"references": "NOPE-1"}).status_code == 400
    client.post(url, {"references": accepted.reference})
    services.answer_as_government(staff["delegate_lu"], accepted, text="Réponse.", language="fr", year=2026)
    body = client.get(url).content.decode()
    assert accepted.reference in body and "no answer yet" in body and "answered" in body


def test_overdue_view(client, staff, make_obstacle):  # noqa: ANN001
    late = make_obstacle(status=Status.TRIAGE, due_on=datetime.date(2020, 1, 6), title="Late case")
    make_obstacle(status=Status.TRIAGE, due_on=datetime.date(2099, 1, 6), title="Fresh case")
    client.force_login(staff["analyst"])
    body = client.get(reverse("obstacles:queue"), {"overdue": "1"}).content.decode()
    assert late.reference in body and "Fresh case" not in body


def test_sub_obstacle_and_links_from_the_classification_form(client, staff, make_obstacle, programme):  # noqa: ANN001
    from grensloos.programme.models import Project

    main = make_obstacle(status=Status.ANALYSIS, title="Main obstacle about pensions")
    sub = make_obstacle(status=Status.ACCEPTED, title="Sub obstacle about pension statements")
    other = make_obstacle(status=Status.ACCEPTED, title="Related obstacle")
    project = Project.objects.get(code="alpha")
    client.force_login(staff["analyst"])
    data = {
        "language": "en",
        "priority": "medium",
        "related": other.reference,
        "main_obstacle": main.reference,
        "projects": [project.pk],
        "domain": "labour_social_security",
        "obstacle_type": "administrative",
    }
    client.post(reverse("obstacles:classify", args=[sub.reference]), {f"classify-{k}": v for k, v in data.items()})
    sub.refresh_from_db()
    assert sub.parent == main and list(sub.projects.all()) == [project] and list(sub.related.all()) == [other]
    client.logout()
    body = client.get(reverse("obstacles:detail", args=[main.reference])).content.decode()
    assert "Sub obstacle about pension statements" in body
    # a cycle is refused
    client.force_login(staff["analyst"])
    cycle = {**data, "main_obstacle": sub.reference, "related": ""}
    client.post(reverse("obstacles:classify", args=[main.reference]), {f"classify-{k}": v for k, v in cycle.items()})
    main.refresh_from_db()
    assert main.parent is None
