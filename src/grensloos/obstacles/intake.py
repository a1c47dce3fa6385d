"""Checks at the public door: attachments, the proof-of-work challenge and the client address for rate limits.

Attachments are judged by their content, never by their name or the browser's claim: ``filetype`` reads the
magic bytes, then Pillow decodes images and PDFs must have a header and an end-of-file marker. Anything else
is refused with a message that names the file.

The proof of work is ALTCHA's SHA-256 scheme (the ``altcha`` library, v1 API): the server hands out a signed
challenge, the browser searches the number whose SHA-256 matches, and the server checks the answer and its
expiry. No third party is involved and nothing about the visitor is stored. A solved challenge can be used only once.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import io
import json
from dataclasses import dataclass

import filetype
from altcha import ChallengeOptionsV1, create_challenge_v1, verify_solution_v1
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image

from grensloos.core.errors import DomainError

ALLOWED_TYPES = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}
POW_TTL = datetime.timedelta(minutes=20)


@dataclass
class CheckedFile:
    name: str
    content_type: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def check_attachment(upload: UploadedFile) -> CheckedFile:
    """Read and check one uploaded file; raise DomainError(field="attachments") naming the file."""
    name = (upload.name or "file").rsplit("/", 1)[-1][:200]
    limit = int(settings.OBSTACLES_MAX_ATTACHMENT_MB * 1024 * 1024)
    if upload.size is not None and upload.size > limit:
        raise DomainError(
            _("%(name)s is larger than %(limit)s MB.") % {"name": name, "limit": settings.OBSTACLES_MAX_ATTACHMENT_MB},
            field="attachments",
        )
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise DomainError(
            _("%(name)s is larger than %(limit)s MB.") % {"name": name, "limit": settings.OBSTACLES_MAX_ATTACHMENT_MB},
            field="attachments",
        )
    refused = DomainError(
        _("%(name)s is not a PDF, PNG or JPEG file (its content was checked, not its name).") % {"name": name},
        field="attachments",
    )
    kind = filetype.guess(data)
    if kind is None or kind.mime not in ALLOWED_TYPES:
        raise refused
    if kind.mime == "application/pdf":
        if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-2048:]:
            raise refused
    else:
        try:
            with Image.open(io.BytesIO(data)) as image:
                if image.format not in {"PNG", "JPEG"}:
                    raise refused
                image.verify()
        except refused.__class__:
            raise
        except Exception as exc:  # Pillow raises many kinds of errors for broken files
            raise refused from exc
    return CheckedFile(name=name, content_type=kind.mime, data=data)


def check_attachments(uploads: list[UploadedFile]) -> list[CheckedFile]:
    if len(uploads) > settings.OBSTACLES_MAX_ATTACHMENTS:
        raise DomainError(
            _("Attach at most %(count)s files.") % {"count": settings.OBSTACLES_MAX_ATTACHMENTS}, field="attachments"
        )
    return [check_attachment(upload) for upload in uploads]


# Proof of work ---------------------------------------------------------------------------------------------


def _hmac_key() -> str:
    return hashlib.sha256(("altcha:" + settings.SECRET_KEY).encode()).hexdigest()


def new_challenge() -> dict:
    """A fresh challenge as the JSON the browser needs."""
    expires = datetime.datetime.now(datetime.UTC) + POW_TTL
    challenge = create_challenge_v1(
        ChallengeOptionsV1(hmac_key=_hmac_key(), max_number=settings.OBSTACLES_POW_MAX_NUMBER, expires=expires)
    )
    return {
        "algorithm": challenge.algorithm,
        "challenge": challenge.challenge,
        "maxnumber": challenge.max_number,
        "salt": challenge.salt,
        "signature": challenge.signature,
    }


def check_proof_of_work(payload: str) -> None:
    """Raise DomainError unless ``payload`` (base64 JSON from the browser) solves a challenge of ours."""
    if not settings.OBSTACLES_POW_ENABLED:
        return
    error = DomainError(
        _("The anti-spam check did not succeed. Please wait until it is done and send the form again."),
        field="altcha",
    )
    if not payload or len(payload) > 2000:
        raise error
    try:
        ok, _reason = verify_solution_v1(payload, _hmac_key(), check_expires=True)
    except Exception as exc:  # a malformed payload
        raise error from exc
    if not ok:
        raise error
    # One use per challenge (whatever the encoding of the payload): remember it until it would expire anyway.
    challenge = json.loads(base64.b64decode(payload))["challenge"]
    key = "altcha-used:" + hashlib.sha256(str(challenge).encode()).hexdigest()
    if not cache.add(key, 1, timeout=int(POW_TTL.total_seconds())):
        raise error
