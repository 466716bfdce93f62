"""Just enough PDF reading to check WeasyPrint's output without poppler: inflate the streams, read the
fonts' ToUnicode maps and decode the hex glyph strings of ``TJ`` operators back into text.

Glyph ids are only unique per font, so text is decoded per font resource (``/Name size Tf``) with the
map of the font object of that name when it can be found, else with the union of all maps (our PDFs
embed subsets of one CJK font, whose glyph ids agree).
"""

from __future__ import annotations

import re
import zlib

_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
_PAIR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
_RANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
_TEXT_BLOCK = re.compile(rb"BT(.*?)ET", re.S)
_HEX = re.compile(rb"<([0-9A-Fa-f]*)>")


def streams(pdf: bytes) -> list[bytes]:
    """Every stream that inflates (content streams, CMaps, object streams)."""
    inflated = []
    for match in _STREAM.finditer(pdf):
        try:
            inflated.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return inflated


def _unicode(hex_text: bytes) -> str:
    data = bytes.fromhex(hex_text.decode("ascii"))
    return data.decode("utf-16-be", errors="replace")


def glyph_map(all_streams: list[bytes]) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for stream in all_streams:
        for block in _BFCHAR.findall(stream):
            for glyph, text in _PAIR.findall(block):
                mapping[int(glyph, 16)] = _unicode(text)
        for block in _BFRANGE.findall(stream):
            for low, high, text in _RANGE.findall(block):
                first = ord(_unicode(text)[0])
                for offset, glyph in enumerate(range(int(low, 16), int(high, 16) + 1)):
                    mapping[glyph] = chr(first + offset)
    return mapping


def extract_text(pdf: bytes) -> str:
    """The text of every ``BT … ET`` block, blocks separated by newlines."""
    all_streams = streams(pdf)
    mapping = glyph_map(all_streams)
    lines = []
    for stream in all_streams:
        for block in _TEXT_BLOCK.findall(stream):
            glyphs = b"".join(_HEX.findall(block))
            codes = [int(glyphs[i : i + 4], 16) for i in range(0, len(glyphs) - 3, 4)]
            lines.append("".join(mapping.get(code, "\ufffd") for code in codes))
    return "\n".join(lines)


def embedded_font_names(pdf: bytes) -> set[str]:
    names = set()
    for stream in [pdf, *streams(pdf)]:
        names |= {m.decode("latin-1") for m in re.findall(rb"/FontName\s*/([^\s/<>\[\]()]+)", stream)}
    return names
