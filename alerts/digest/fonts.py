"""The CJK font both matplotlib (charts) and WeasyPrint (PDF) draw Chinese with.

Looked up once per process: first the preferred families through matplotlib's font manager, then
whatever fontconfig lists for Chinese (``fc-list :lang=zh``). No font is an error that says what to
install, never a PDF full of empty boxes.
"""

from __future__ import annotations

import functools
import logging
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from alerts.digest.errors import DigestFontError

logger = logging.getLogger(__name__)

# Debian's fonts-wqy-microhei (installed by `make setup`) first; then common alternatives.
PREFERRED_FAMILIES = (
    "WenQuanYi Micro Hei",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Noto Sans SC",
    "WenQuanYi Zen Hei",
    "Droid Sans Fallback",
)
# Fallbacks named in the HTML for mail clients that do not have the font above.
CSS_FALLBACKS = ("PingFang SC", "Microsoft YaHei", "Hiragino Sans GB", "sans-serif")


@dataclass(frozen=True)
class CjkFont:
    family: str
    path: Path

    @property
    def css_family(self) -> str:
        """A CSS ``font-family`` value: this font first, then common Chinese fonts."""
        names = [f"'{self.family}'", *(f"'{n}'" if " " in n else n for n in CSS_FALLBACKS)]
        return ", ".join(names)


@functools.cache
def find_cjk_font() -> CjkFont:
    """The CJK font to use; raises :class:`DigestFontError` when none is installed."""
    font = _from_matplotlib() or _from_fontconfig()
    if font is None:
        raise DigestFontError(
            "no CJK font found for charts and PDFs: install fonts-wqy-microhei "
            "(`make setup`, or `apt-get install fonts-wqy-microhei`)"
        )
    logger.debug("CJK font: %s (%s)", font.family, font.path)
    return font


def _from_matplotlib() -> CjkFont | None:
    from matplotlib import font_manager

    for family in PREFERRED_FAMILIES:
        properties = font_manager.FontProperties(family=family)
        try:
            path = font_manager.findfont(properties, fallback_to_default=False)
        except ValueError:
            continue
        return CjkFont(family, Path(path))
    return None


def _from_fontconfig() -> CjkFont | None:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    result = subprocess.run(
        [fc_list, ":lang=zh", "file", "family"], capture_output=True, text=True, check=False, timeout=30
    )
    for line in sorted(result.stdout.splitlines()):
        path, _, families = line.partition(":")
        family = families.split(",")[0].strip()
        if path and family:
            return CjkFont(family, Path(path.strip()))
    return None
