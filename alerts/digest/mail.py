"""The digest as an e-mail: HTML with ``cid:`` charts, the charts as inline PNG attachments named as
the ``cid:`` references (how apprise's e-mail plugin pairs them), a plain-text part and the PDF."""

from __future__ import annotations

from dataclasses import dataclass

from alerts.digest.html import render_html
from alerts.digest.model import Digest, Statement
from alerts.digest.pdf import Pdf


@dataclass(frozen=True)
class MailAttachment:
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class DigestMail:
    subject: str
    html: str
    text: str
    attachments: tuple[MailAttachment, ...]


def plain_text(digest: Digest) -> str:
    """The coverage line and the overview, for clients that do not show HTML."""
    lines = [digest.title, "", f"信源覆盖：{digest.coverage.statement.text}", ""]
    lines += [_statement_line(s) for s in digest.overview]
    lines += ["", "完整内容（图表、热点、告警、分布与依据）见 HTML 正文与所附 PDF。"]
    return "\n".join(lines)


def _statement_line(statement: Statement) -> str:
    cited = "；".join(f"{c.title} {c.url}" for c in statement.citations)
    return f"- {statement.text}" + (f"（依据：{cited}）" if cited else "")


def compose_digest_mail(
    digest: Digest, pdf: Pdf | None, *, inline_images: bool = True, archive_url: str | None = None
) -> DigestMail:
    """The digest as e-mail. ``inline_images``: charts as ``cid:`` PNG attachments plus the PDF;
    otherwise (a channel that carries no attachments) charts are left out with a link to the archive."""
    if not inline_images:
        html = render_html(digest, images="none", archive_url=archive_url)
        return DigestMail(digest.title, html, plain_text(digest), ())
    attachments = [MailAttachment(name, "image/png", data) for name, data in digest.charts.items()]
    if pdf is not None:
        attachments.append(
            MailAttachment(f"舆情日报-{digest.day.isoformat()}.pdf", "application/pdf", pdf.data)
        )
    return DigestMail(digest.title, render_html(digest, images="cid"), plain_text(digest), tuple(attachments))
