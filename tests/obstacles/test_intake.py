"""The public door: the report form and API, attachments judged by content, consent, borders, proof of work,
rate limits, the private tracking link and the e-mail to the reporter."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from grensloos.obstacles import services
from grensloos.obstacles.models import Attachment, Obstacle, ReporterContact, Status

pytestmark = pytest.mark.django_db

FR_TEXT = {
    "title": "Mon diplôme d'infirmière belge n'est pas reconnu aux Pays-Bas",
    "description": (
        "Je suis infirmière diplômée en Belgique et je veux travailler dans un hôpital à Maastricht. "
        "La procédure de reconnaissance du diplôme prend des mois et coûte cher."
    ),
}


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return buffer.getvalue()


def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def post_report(client, solve_pow, files=(), lang="fr", **overrides):  # noqa: ANN001, ANN201
    """Send the report form as a browser would, in the page language ``lang``."""
    data = {
        **FR_TEXT,
        "borders": ["BE-NL"],
        "affected": ["workers"],
        "region": "nl42",
        "contact_name": "Camille",
        "contact_email": "camille@example.org",
        "consent": "on",
        "altcha": solve_pow(),
        "send": "1",
    } | overrides
    if files:
        data["attachments"] = list(files)
    return client.post(f"/{lang}/obstacles/report/", data)


def test_report_in_french_is_stored_detected_and_tracked(client, solve_pow, django_capture_on_commit_callbacks):  # noqa: ANN001
    with django_capture_on_commit_callbacks(execute=True):
        response = post_report(client, solve_pow, files=[SimpleUploadedFile("scan.png", png_bytes())])
    assert response.status_code == 302
    obstacle = Obstacle.objects.get()
    assert obstacle.status == Status.RECEIVED
    assert obstacle.language == "fr"  # detected: the form was left on "recognise automatically"
    assert obstacle.border_list == ["BE-NL"] and obstacle.region == "NL42"
    assert obstacle.reference.startswith("OBS-")
    assert obstacle.due_on is not None
    assert obstacle.embedding  # stored once, so suggestions need not embed it again
    contact = obstacle.contact
    assert contact.email == "camille@example.org" and contact.language == "fr"
    assert "Secretariat-General" in contact.consent_text or "Secrétariat" in contact.consent_text
    attachment = Attachment.objects.get()
    assert attachment.content_type == "image/png"
    assert "private" in attachment.file.path and "static" not in attachment.file.path
    # the reporter lands on the private page and got a mail with the same link
    track = client.get(response["Location"])
    assert track.status_code == 200 and obstacle.reference in track.content.decode()
    assert len(mail.outbox) == 1 and response["Location"] in mail.outbox[0].body
    # the report is not public before it is accepted
    assert client.get(f"/fr/obstacles/{obstacle.reference}/").status_code == 404


def test_language_can_be_corrected_by_the_reporter(client, solve_pow):  # noqa: ANN001
    post_report(client, solve_pow, language="nl")
    assert Obstacle.objects.get().language == "nl"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.pdf", b"MZ\x90\x00" + b"\x00" * 200, "not a PDF, PNG or JPEG"),
        ("photo.png", b"GIF89a" + b"\x00" * 100, "not a PDF, PNG or JPEG"),
        ("broken.png", png_bytes()[:30], "not a PDF, PNG or JPEG"),
        ("half.pdf", b"%PDF-1.4\n" + b"x" * 100, "not a PDF, PNG or JPEG"),
        ("big.pdf", b"%PDF-1.4\n" + b"x" * (6 * 1024 * 1024) + b"%%EOF", "larger than"),
    ],
)
def test_bad_attachments_are_refused_and_nothing_is_stored(client, solve_pow, name, content, message):  # noqa: ANN001
    response = post_report(client, solve_pow, files=[SimpleUploadedFile(name, content)], lang="en")
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body and name in body
    assert not Obstacle.objects.exists() and not Attachment.objects.exists() and not ReporterContact.objects.exists()


def test_too_many_attachments(client, solve_pow, settings):  # noqa: ANN001
    settings.OBSTACLES_MAX_ATTACHMENTS = 1
    files = [SimpleUploadedFile("a.pdf", pdf_bytes()), SimpleUploadedFile("b.pdf", pdf_bytes())]
    assert post_report(client, solve_pow, files=files).status_code == 400
    assert not Obstacle.objects.exists()


def test_contact_details_need_consent(client, solve_pow):  # noqa: ANN001
    response = post_report(client, solve_pow, consent="", lang="en")
    assert response.status_code == 400
    assert "consent" in response.content.decode().lower()
    assert not Obstacle.objects.exists()


def test_anonymous_report_without_contact_is_fine(client, solve_pow):  # noqa: ANN001
    response = post_report(client, solve_pow, contact_name="", contact_email="", consent="")
    assert response.status_code == 302
    assert not ReporterContact.objects.exists()


@pytest.mark.parametrize("borders", [[], ["BE-XX"], ["FR-NL"]])
def test_bad_borders_are_refused(client, solve_pow, borders):  # noqa: ANN001
    assert post_report(client, solve_pow, borders=borders).status_code == 400
    assert not Obstacle.objects.exists()


def test_border_pairs_are_normalised_in_the_api(client, solve_pow):  # noqa: ANN001
    response = client.post(
        "/api/obstacles/reports",
        {**FR_TEXT, "borders": ["nl-be", "LU-DE"], "altcha": solve_pow()},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert Obstacle.objects.get().border_list == ["BE-NL", "DE-LU"]
    assert response.json()["language"] == "fr"
    assert services.obstacle_for_token(response.json()["tracking_token"]).reference == response.json()["reference"]


@pytest.mark.parametrize("payload", ["", "not-base64!", "eyJhIjoxfQ=="])
def test_proof_of_work_is_required(client, solve_pow, payload):  # noqa: ANN001
    response = post_report(client, solve_pow, altcha=payload)
    assert response.status_code == 400
    api = client.post(
        "/api/obstacles/reports", {**FR_TEXT, "borders": ["BE-NL"], "altcha": payload}, content_type="application/json"
    )
    assert api.status_code == 400 and "altcha" in api.json()
    assert not Obstacle.objects.exists()


def test_a_solved_challenge_works_once(client, solve_pow):  # noqa: ANN001
    payload = solve_pow()
    assert post_report(client, solve_pow, altcha=payload).status_code == 302
    assert post_report(client, solve_pow, altcha=payload).status_code == 400
    assert Obstacle.objects.count() == 1


def test_form_rate_limit(client, solve_pow, settings):  # noqa: ANN001
    settings.OBSTACLES_INTAKE_RATE = "2/h"
    assert post_report(client, solve_pow).status_code == 302
    assert post_report(client, solve_pow).status_code == 302
    assert post_report(client, solve_pow).status_code == 429
    assert Obstacle.objects.count() == 2


def test_preview_shows_similar_obstacles_and_stores_nothing(client, solve_pow, make_obstacle):  # noqa: ANN001
    make_obstacle(
        status=Status.ACCEPTED,
        language="nl",
        title="Belgisch verpleegkundigediploma niet erkend in Nederlandse ziekenhuizen",
        description="Verpleegkundigen met een Belgisch diploma moeten lang wachten op erkenning in Nederland.",
    )
    from grensloos.obstacles import suggest

    suggest.reset_index()
    response = post_report(client, solve_pow, preview="1", send="")
    assert response.status_code == 200
    assert "Belgisch verpleegkundigediploma" in response.content.decode()
    assert Obstacle.objects.count() == 1


def test_tracking_link_is_signed(client, make_obstacle):  # noqa: ANN001
    obstacle = make_obstacle()
    token = services.tracking_token(obstacle)
    assert client.get(f"/en/obstacles/track/{token}/").status_code == 200
    assert client.get(f"/en/obstacles/track/{token[:-2]}xx/").status_code == 404
    obstacle.tracking_nonce = "reset"
    obstacle.save()
    assert client.get(f"/en/obstacles/track/{token}/").status_code == 404


def test_api_report_with_attachments(client, solve_pow):  # noqa: ANN001
    data = {**FR_TEXT, "borders": ["BE-NL", "BE-LU"], "altcha": solve_pow()}
    good = client.post("/api/obstacles/reports", {**data, "attachments": [SimpleUploadedFile("a.png", png_bytes())]})
    assert good.status_code == 201, good.content
    assert Attachment.objects.get().content_type == "image/png"
    assert Obstacle.objects.get().border_list == ["BE-LU", "BE-NL"]
    bad = client.post(
        "/api/obstacles/reports",
        {**data, "altcha": solve_pow(), "attachments": [SimpleUploadedFile("b.pdf", b"MZ" + b"\0" * 100)]},
    )
    assert bad.status_code == 400 and "attachments" in bad.json()
    assert Obstacle.objects.count() == 1 and Attachment.objects.count() == 1
