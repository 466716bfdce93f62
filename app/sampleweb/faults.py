"""Fault endpoints (``/faults/…``) and the generic per-source fault modes applied to normal answers."""

from __future__ import annotations

from collections.abc import Iterator

from app.sampleweb.render import weibo_pages
from app.sampleweb.response import Delivery, Response, html_response
from app.sampleweb.state import Request, ServerState

MAX_TIMEOUT, MAX_SLOW_BYTES, MAX_HUGE_MB = 30.0, 100_000, 200
MODE_TIMEOUT = 10.0
_ARTICLE = (
    "<!DOCTYPE html><html><head><meta charset='{charset}'><title>故障测试页面</title></head><body>"
    "<h1>故障测试页面</h1><div class='content'>{paragraphs}</div></body></html>"
)
_PARAGRAPH = (
    "<p>这是一段用于测试的正文，内容涉及环境监测、水质检测和空气质量，用来检查抓取程序的容错能力。</p>"
)
MALFORMED_XML = (
    '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>坏掉的订阅 & 源</title>'
    "<item><title>第一条<link>http://127.0.0.1/x</link><pubDate>Fri, 20 Nov 2026 09:30:00 +0800"
    "</item><item><title>第二条</title></channel>"
)
MALFORMED_JSON = (
    '{"ok": 1, "data": {"cardlistInfo": {"page": 2}, "cards": [{"card_type": 9, "mblog": {"id": "52610'
)


def error_page(status: int) -> Response:
    page = html_response(
        f"<html><head><title>{status}</title></head><body><h1>{status}</h1><p>服务器错误</p></body></html>",
        status=status,
    )
    if status == 503:
        page.headers["Retry-After"] = "2"
    return page


def filler_page(paragraphs: int = 20, charset: str = "utf-8") -> str:
    return _ARTICLE.format(charset=charset, paragraphs=_PARAGRAPH * paragraphs)


def _float(req: Request, name: str, default: float, ceiling: float) -> float:
    try:
        return min(max(float(req.query.get(name, default)), 0.0), ceiling)
    except ValueError:
        return default


def huge_stream(total: int) -> Iterator[bytes]:
    """A valid HTML page of exactly ``total`` bytes, produced chunk by chunk (never held whole)."""
    head = filler_page(0).split("</div>")[0].encode()
    tail = b"</div></body></html>"
    block = (_PARAGRAPH * 300).encode()
    body = max(0, total - len(head) - len(tail))
    yield head
    for _ in range(body // len(block)):
        yield block
    rest = body % len(block)
    yield (b"<!--" + b"x" * (rest - 7) + b"-->") if rest >= 7 else b" " * rest
    yield tail


def _huge(req: Request) -> Response:
    total = int(_float(req, "mb", 50, MAX_HUGE_MB) * 1024 * 1024)
    chunked = req.query.get("chunked") == "1"
    return Response(
        delivery=Delivery.STREAM, stream=lambda: huge_stream(total), stream_length=None if chunked else total
    )


def _flaky(req: Request, state: ServerState) -> Response:
    key, fail = req.query.get("key", "default"), int(_float(req, "fail", 2, 100))
    with state.flaky_lock:
        seen = state.flaky_counts.get(key, 0)
        state.flaky_counts[key] = seen + 1
    return error_page(500) if seen < fail else html_response(filler_page())


def _slow(req: Request) -> Response:
    size = int(_float(req, "bytes", 2000, MAX_SLOW_BYTES))
    interval = _float(req, "interval", 0.05, 1.0)
    body = filler_page(1 + size // len(_PARAGRAPH.encode())).encode()[:size]
    return Response(body=body, delivery=Delivery.SLOW, slow_seconds=interval * len(body) / 8)


def _redirect(location: str) -> Response:
    return Response(status=302, headers={"Location": location}, content_type=None)


def _redirect_chain(req: Request) -> Response:
    n = int(_float(req, "n", 3, 50))
    if n <= 0:
        return html_response(filler_page(3))
    return _redirect(f"/faults/redirect-chain?n={n - 1}")


def fault_route(req: Request, state: ServerState) -> Response | None:
    """The ``/faults/`` endpoints (documented in the README)."""
    path = req.path
    simple = {
        "/faults/500": lambda: error_page(500),
        "/faults/503": lambda: error_page(503),
        "/faults/truncated": lambda: Response(
            body=filler_page(60).encode()[:4000], delivery=Delivery.TRUNCATED
        ),
        "/faults/reset": lambda: Response(delivery=Delivery.RESET),
        "/faults/redirect-loop": lambda: _redirect("/faults/redirect-loop/b"),
        "/faults/redirect-loop/b": lambda: _redirect("/faults/redirect-loop"),
        "/faults/malformed.xml": lambda: Response(
            body=MALFORMED_XML.encode(), content_type="application/rss+xml; charset=utf-8"
        ),
        "/faults/malformed.json": lambda: Response(
            body=MALFORMED_JSON.encode(), content_type="application/json; charset=utf-8"
        ),
        "/faults/wrong-encoding": lambda: Response(
            body=filler_page(5, "gbk").encode("gbk"), content_type="text/html; charset=utf-8"
        ),
        "/faults/wrong-meta": lambda: Response(
            body=filler_page(5, "utf-8").encode("gbk"), content_type="text/html"
        ),
        "/faults/empty": lambda: Response(body=b""),
        "/faults/login-wall": lambda: html_response(
            weibo_pages.render_login_page(state.base_url + "/weibo/")
        ),
    }
    if path in simple:
        return simple[path]()
    if path == "/faults/timeout":
        return Response(body=filler_page(3).encode(), sleep_before=_float(req, "seconds", 10, MAX_TIMEOUT))
    if path == "/faults/slow":
        return _slow(req)
    if path == "/faults/huge":
        return _huge(req)
    if path == "/faults/flaky":
        return _flaky(req, state)
    if path == "/faults/redirect-chain":
        return _redirect_chain(req)
    if path.startswith("/faults/private/"):
        return html_response(filler_page(2))
    return None


def apply_mode(mode: str, response: Response, source: str) -> Response:
    """Turn a normal answer into the fault ``mode`` asks for (weibo-only modes are handled by its routes)."""
    if mode in ("error500", "error503"):
        return error_page(int(mode[5:]))
    if mode == "timeout":
        response.sleep_before = MODE_TIMEOUT
    elif mode == "slow":
        response.delivery = Delivery.SLOW
    elif mode == "truncated":
        response.delivery = Delivery.TRUNCATED
    elif mode == "malformed":
        response.body, response.last_modified = response.body[: len(response.body) // 2], None
    elif mode == "wrong_encoding":
        response.content_type = "text/html; charset=utf-8" if source == "newsb" else "text/html; charset=gbk"
    return response
