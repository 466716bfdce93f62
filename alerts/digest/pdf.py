"""PDF with WeasyPrint from the same HTML as the archive (``data:`` images, the CJK font).

The renderer may fetch nothing but ``data:`` URIs: crawled content cannot make it reach the network.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from alerts.digest.errors import DigestRenderError
from alerts.digest.html import render_briefing_html, render_html
from alerts.digest.model import Briefing, Digest

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Pdf:
    data: bytes
    pages: int


def html_to_pdf(html: str) -> Pdf:
    """Lay out ``html`` and write it as PDF; raises :class:`DigestRenderError`."""
    import weasyprint

    fetcher = weasyprint.URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    try:
        document = weasyprint.HTML(string=html, url_fetcher=fetcher).render()
        data = document.write_pdf()
    except (weasyprint.urls.FatalURLFetchingError, ValueError, OSError) as exc:
        raise DigestRenderError(f"cannot write the PDF: {exc}") from exc
    logger.debug("PDF: %d pages, %d bytes", len(document.pages), len(data))
    return Pdf(bytes(data), len(document.pages))


def render_pdf(digest: Digest) -> Pdf:
    """The digest as PDF (A4, page numbers, charts and Chinese text embedded)."""
    return html_to_pdf(render_html(digest, images="data"))


def render_briefing_pdf(briefing: Briefing) -> Pdf:
    return html_to_pdf(render_briefing_html(briefing, images="data"))
