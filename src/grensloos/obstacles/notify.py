"""E-mails to reporters: one per status change, in the reporter's language, from editable templates.

A ``MessageTemplate`` per status holds subject and text in four languages; ``$reference``, ``$title``,
``$status``, ``$reason`` and ``$link`` are filled in with Python's ``string.Template`` (no code runs in a
template). Where the Secretariat has not written one, a built-in text is used.
"""

from __future__ import annotations

from string import Template

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .models import MessageTemplate, Obstacle, ReporterContact, Status

PLACEHOLDERS = ("reference", "title", "status", "reason", "link")


def default_texts(status: str) -> tuple[str, str]:
    """The built-in subject and text for ``status`` in the active language."""
    subject = _("Your report $reference: $status")
    if status == Status.RECEIVED:
        body = _(
            "Thank you for reporting a cross-border obstacle. We have registered it as $reference "
            '("$title").\n\nYou can follow it with this private link: $link\n\nKeep the link to yourself: '
            "anyone who has it can see the progress of your report."
        )
    else:
        body = _(
            'The status of your report $reference ("$title") is now: $status.\n\n$reason\n\n'
            "Follow your report with your private link: $link"
        )
    return subject, body


def _site_url(view: str, token: str, lang: str) -> str:
    """The public address of a private page, in the reporter's language."""
    with translation.override(lang):
        return settings.SITE_URL.rstrip("/") + reverse(view, args=[token])


def tracking_url(token: str, lang: str) -> str:
    return _site_url("obstacles:track", token, lang)


def render(status: str, lang: str, context: dict[str, str], template: MessageTemplate | None = None) -> tuple[str, str]:
    """Subject and text of the message for ``status`` in ``lang``."""
    with translation.override(lang):
        if template is None:
            template = MessageTemplate.objects.filter(status=status).first()
        if template is not None:
            subject = getattr(template, f"subject_{lang}") or template.subject
            body = getattr(template, f"body_{lang}") or template.body
        else:
            subject, body = default_texts(status)
        values = {key: str(context.get(key, "")) for key in PLACEHOLDERS}
        return Template(subject).safe_substitute(values).strip(), Template(body).safe_substitute(values).strip()


def context_for(obstacle: Obstacle, *, status: str, reason: str = "", link: str = "", lang: str) -> dict[str, str]:
    with translation.override(lang):
        return {
            "reference": obstacle.reference,
            "title": obstacle.title,
            "status": str(Status(status).label),
            "reason": reason,
            "link": link,
        }


def status_changed(obstacle: Obstacle, status: str, *, reason: str = "") -> bool:
    """Tell the reporter (if they left an address) about a new status. Returns whether a message went out."""
    from .services import tracking_token

    contact = ReporterContact.objects.filter(obstacle=obstacle).first()
    if contact is None or not contact.email:
        return False
    lang = contact.language
    link = tracking_url(tracking_token(obstacle), lang)
    subject, body = render(status, lang, context_for(obstacle, status=status, reason=reason, link=link, lang=lang))
    send_mail(subject, body, None, [contact.email])
    return True


def information_requested(obstacle: Obstacle, question: str, answer_url: str, expires: str) -> bool:
    contact = ReporterContact.objects.filter(obstacle=obstacle).first()
    if contact is None or not contact.email:
        return False
    with translation.override(contact.language):
        subject = _("Question about your report %(reference)s") % {"reference": obstacle.reference}
        body = _(
            "To handle your report %(reference)s we need more information:\n\n%(question)s\n\n"
            "Please answer before %(expires)s through this private link: %(url)s"
        ) % {"reference": obstacle.reference, "question": question, "url": answer_url, "expires": expires}
    send_mail(subject, body, None, [contact.email])
    return True


def answer_url(token: str, lang: str) -> str:
    return _site_url("obstacles:answer", token, lang)
