"""The digest archive and its files. HTML digests open in a sandbox (no scripts); others download."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse

from app.web.auth import CanReadDigests, services_of
from app.web.digests import MEDIA_TYPES, list_digests, resolve_digest
from app.web.errors import NotFound
from app.web.templating import render

router = APIRouter(include_in_schema=False)
SANDBOX_CSP = "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; font-src 'self'"


@router.get("/digests")
def digests_page(request: Request, principal: CanReadDigests) -> HTMLResponse:
    entries = list_digests(services_of(request).digests_dir)
    context = {"daily": [e for e in entries if not e.monthly], "monthly": [e for e in entries if e.monthly]}
    return render(request, "digests.html", context)


@router.get("/digests/files/{path:path}")
def digest_file(request: Request, principal: CanReadDigests, path: str, download: int = 0) -> FileResponse:
    target = resolve_digest(services_of(request).digests_dir, path)
    if target is None:
        raise NotFound("没有这个简报文件。")
    media_type = MEDIA_TYPES[target.suffix.lower()]
    inline = target.suffix.lower() in {".html", ".htm"} and not download
    disposition = "inline" if inline else "attachment"
    headers = {
        "Content-Disposition": f"{disposition}; filename*=UTF-8''{quote(target.name)}",
        "Content-Security-Policy": SANDBOX_CSP,
    }
    return FileResponse(target, media_type=media_type, headers=headers)
