"""PDF rendering with WeasyPrint."""

from __future__ import annotations

from django.conf import settings


def html_to_pdf(html: str, base_url: str | None = None) -> bytes:
    """Render a complete HTML document to PDF bytes.

    Documents carry their styles inline; ``base_url`` resolves anything else against the static folder so
    no network access is ever attempted.
    """
    from weasyprint import HTML  # imported late: it loads Pango, which not every command needs

    base = base_url or str(settings.PACKAGE_DIR / "core" / "static")
    return HTML(string=html, base_url=base).write_pdf()
