"""Decode an HTML response body without mojibake.

Order: a byte-order mark; bytes that are valid UTF-8 (a non-ASCII text that decodes strictly as UTF-8 is
UTF-8 whatever a header claims); the HTTP ``Content-Type`` charset; ``<meta charset>`` / ``http-equiv`` /
the XML declaration; GB18030 when it decodes strictly into ordinary Simplified characters; statistical detection (charset-normalizer, accepted only for Chinese-relevant
encodings); finally GB18030 with replacement characters. Declared charsets are tried strictly, so a
header that lies is skipped. GB2312 and GBK declarations are read as GB18030 (their superset), Big5 as
Big5-HKSCS; single-byte Western declarations (ISO-8859-1 is many servers' default) are ignored when the
body has non-ASCII bytes, because they decode anything and would turn Chinese into mojibake.
"""

from __future__ import annotations

import codecs
import logging
import re

from charset_normalizer import from_bytes

from crawlers.extraction.errors import UndecodableError

logger = logging.getLogger(__name__)

FALLBACK_ENCODING = "gb18030"
# How far into the body a <meta charset> or XML declaration is looked for.
META_SCAN_BYTES = 16384
# More replacement or control characters than this share means the bytes are not text.
MAX_BAD_CHAR_RATIO = 0.05
# Share of Han characters that must be GB2312 ones for undeclared bytes to be taken as GB18030.
GB2312_SHARE = 0.9

# Labels seen on Chinese sites that Python's codec registry does not know.
_ALIASES = {
    "x-gbk": "gbk",
    "gb_2312": "gb2312",
    "gb_2312-80": "gb2312",
    "x-euc-cn": "gb2312",
    "x-big5": "big5",
}
_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "gb18030": "gb18030",
    "big5": "big5hkscs",
    "cp950": "big5hkscs",
    "big5hkscs": "big5hkscs",
    "utf-8": "utf-8",
}
# Encodings a detector may propose for Chinese pages; anything else is a guess we do not trust.
_DETECTABLE = {"utf-8", "gb18030", "big5hkscs", "utf-16", "utf-32"}
_SINGLE_BYTE_WESTERN = re.compile(r"^(ascii|latin[-_]?1|iso8859[-_]\d+|cp125\d|cp437|mac[-_]?roman)$")
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]+)", re.IGNORECASE)
_META_CHARSET = re.compile(
    rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]+)|<\?xml[^>]*encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)",
    re.IGNORECASE,
)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_HAN = re.compile(r"[\u4e00-\u9fff]")
_BAD_CHARS = re.compile(r"[\ufffd\x00-\x08\x0b\x0e-\x1f]")


def decode_html(body: bytes, content_type_header: str | None = None) -> tuple[str, str]:
    """Decode ``body`` and return ``(text, encoding)``; ``encoding`` is the Python codec name used.

    Raises :class:`UndecodableError` when the result would not be text (binary data or mostly invalid bytes).
    """
    text, encoding = _decode(body, content_type_header)
    _check_is_text(text, encoding)
    return text, encoding


def normalize_charset(label: str) -> str | None:
    """The codec we decode a declared charset label with, or ``None`` when Python does not know it."""
    cleaned = label.strip().lower()
    try:
        name = codecs.lookup(_ALIASES.get(cleaned, cleaned)).name
    except LookupError:
        return None
    return _SUPERSETS.get(name.replace("_", "-"), name)


def declared_charsets(body: bytes, content_type_header: str | None) -> list[str]:
    """Charsets declared by the HTTP header, then by the document itself, normalised, in that order."""
    labels: list[str] = []
    if content_type_header:
        labels += _HEADER_CHARSET.findall(content_type_header)
    for match in _META_CHARSET.finditer(body[:META_SCAN_BYTES]):
        raw = match.group(1) or match.group(2)
        labels.append(raw.decode("ascii", errors="ignore"))
    names = (normalize_charset(label) for label in labels)
    return list(dict.fromkeys(name for name in names if name is not None))


def _decode(body: bytes, content_type_header: str | None) -> tuple[str, str]:
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return body.decode(codec, errors="replace"), codec.removesuffix("-sig")
    declared = declared_charsets(body, content_type_header)
    if body.isascii():
        return body.decode("ascii"), declared[0] if declared else "utf-8"
    strict = _strict_utf8(body)
    if strict is not None:
        return strict, "utf-8"
    candidates = [name for name in declared if not _SINGLE_BYTE_WESTERN.match(name)]
    for name in candidates:
        try:
            return body.decode(name), name
        except UnicodeDecodeError:
            logger.debug("declared charset %s does not decode the body; trying the next", name)
    plausible = _plausible_gb18030(body)
    if plausible is not None:
        return plausible, "gb18030"
    detected = _detect(body)
    if detected is not None:
        return body.decode(detected, errors="replace"), detected
    fallback = next((name for name in candidates if name != "utf-8"), FALLBACK_ENCODING)
    return body.decode(fallback, errors="replace"), fallback


def _strict_utf8(body: bytes) -> str | None:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _plausible_gb18030(body: bytes) -> str | None:
    """The body as GB18030 when it decodes strictly and reads like real Chinese text, else ``None``.

    Real Simplified text is almost entirely GB2312 characters; Big5 or other bytes misread as GB18030 are not.
    """
    try:
        text = body.decode("gb18030")
    except UnicodeDecodeError:
        return None
    han = _HAN.findall(text)
    common = sum(1 for char in han if _is_gb2312(char))
    return text if han and common >= GB2312_SHARE * len(han) else None


def _is_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _detect(body: bytes) -> str | None:
    best = from_bytes(body).best()
    if best is None:
        return None
    name = normalize_charset(best.encoding)
    return name if name in _DETECTABLE else None


def _check_is_text(text: str, encoding: str) -> None:
    if not text:
        return
    bad = len(_BAD_CHARS.findall(text))
    if bad > MAX_BAD_CHAR_RATIO * len(text):
        raise UndecodableError(
            f"the body is not text: {bad} of {len(text)} characters are invalid after decoding as "
            f"{encoding} (binary data, or an encoding this reader does not support)"
        )
