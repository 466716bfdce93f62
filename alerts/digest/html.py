"""HTML of digests and briefings (Jinja2, autoescaped: crawled titles and URLs are data, never markup).

Images are referenced as ``cid:<name>`` for e-mail (the PNGs travel as inline attachments named
``<name>``) or embedded as ``data:`` URIs for the archive and the PDF, so both render offline.
"""

from __future__ import annotations

import base64
import functools
from datetime import datetime
from typing import Literal

import jinja2
from markupsafe import Markup

from alerts.digest.errors import DigestRenderError
from alerts.digest.evidence import safe_link
from alerts.digest.fonts import find_cjk_font
from alerts.digest.model import Briefing, Digest
from alerts.digest.styles import inline_styles, page_css

# cid: e-mail with the PNGs attached; data: self-contained file; none: charts left out (their numbers
# are in the tables) with a link to the archived page instead.
ImageMode = Literal["cid", "data", "none"]


def local_datetime(moment: datetime, tz: object) -> str:
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M")  # type: ignore[arg-type]


def short_id(doc_id: str) -> str:
    return doc_id[:12]


@functools.cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("alerts.digest", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["safe_link"] = safe_link
    env.filters["local"] = local_datetime
    env.filters["short_id"] = short_id
    return env


def image_source(charts: dict[str, bytes], name: str, mode: ImageMode) -> str:
    if mode == "cid":
        return f"cid:{name}"
    return "data:image/png;base64," + base64.b64encode(charts[name]).decode("ascii")


def render(
    template: str, document: Digest | Briefing, images: ImageMode, archive_url: str | None = None
) -> str:
    font = find_cjk_font()
    context = {
        "doc": document,
        "tz": document.period.tz,
        "css": inline_styles(font),
        "page_css": Markup(page_css(font)),  # our constants and the installed font's name
        "image": lambda name: image_source(document.charts, name, images),
        "charts": {} if images == "none" else document.charts,
        "charts_left_out": images == "none" and bool(document.charts),
        "archive_url": archive_url,
    }
    try:
        return environment().get_template(template).render(context)
    except jinja2.TemplateError as exc:
        raise DigestRenderError(f"cannot render {template}: {exc}") from exc


def render_html(digest: Digest, *, images: ImageMode = "data", archive_url: str | None = None) -> str:
    """The digest as one HTML page (``images="cid"`` for e-mail, ``"data"`` for the archive;
    ``"none"`` leaves charts out and points to ``archive_url``)."""
    return render("daily.html", digest, images, archive_url)


def render_briefing_html(briefing: Briefing, *, images: ImageMode = "data") -> str:
    """The monthly briefing pack as one HTML page."""
    return render("briefing.html", briefing, images)
