"""舆情日报 and the monthly briefing pack: built from the index, rendered as HTML, PDF and e-mail.

Usage (the app gathers the non-index inputs in ``app/digest_inputs.py``)::

    digest = build_daily_digest(store, inputs)          # DigestInputs → Digest (charts included)
    pdf = render_pdf(digest)                            # Pdf(data, pages), WeasyPrint
    files = archive_digest(digest, home / "digests", pdf)   # YYYY/YYYY-MM-DD.{html,pdf,json}
    mail = compose_digest_mail(digest, pdf)             # HTML with cid: charts + attachments
    briefing = build_monthly_briefing(store, briefing_inputs)

Every statement carries the items it rests on (:class:`Citation`: id, title, link, source, time).
The coverage line (which sources were degraded or silent, since when) always comes first.

Exception tree::

    DigestError
    ├── DigestFontError       no CJK font installed (install fonts-wqy-microhei)
    ├── DigestRenderError     a chart, the HTML or the PDF could not be produced
    ├── DigestArchiveError    the archive directory cannot be written
    └── DigestDeliveryError   the digest could not be handed to the notification outbox
"""

from alerts.digest.archive import ArchivedFiles, archive_briefing, archive_digest, digest_json
from alerts.digest.briefing import build_monthly_briefing
from alerts.digest.daily import CHART_PROVINCES, CHART_TOPICS, CHART_TREND, build_daily_digest
from alerts.digest.errors import (
    DigestArchiveError,
    DigestDeliveryError,
    DigestError,
    DigestFontError,
    DigestRenderError,
)
from alerts.digest.fonts import CjkFont, find_cjk_font
from alerts.digest.html import render_briefing_html, render_html
from alerts.digest.inputs import (
    AlertInput,
    AlertsInput,
    BriefingInputs,
    DeadlineInput,
    DigestInputs,
    HotspotInput,
    Names,
    Period,
    ResponseInput,
    SourceCoverage,
)
from alerts.digest.mail import DigestMail, MailAttachment, compose_digest_mail
from alerts.digest.model import Briefing, Citation, Digest, Statement
from alerts.digest.pdf import Pdf, render_briefing_pdf, render_pdf

__all__ = [
    "CHART_PROVINCES",
    "CHART_TOPICS",
    "CHART_TREND",
    "AlertInput",
    "AlertsInput",
    "ArchivedFiles",
    "Briefing",
    "BriefingInputs",
    "Citation",
    "CjkFont",
    "DeadlineInput",
    "Digest",
    "DigestArchiveError",
    "DigestDeliveryError",
    "DigestError",
    "DigestFontError",
    "DigestInputs",
    "DigestMail",
    "DigestRenderError",
    "HotspotInput",
    "MailAttachment",
    "Names",
    "Pdf",
    "Period",
    "ResponseInput",
    "SourceCoverage",
    "Statement",
    "archive_briefing",
    "archive_digest",
    "build_daily_digest",
    "build_monthly_briefing",
    "compose_digest_mail",
    "digest_json",
    "find_cjk_font",
    "render_briefing_html",
    "render_briefing_pdf",
    "render_html",
    "render_pdf",
]
