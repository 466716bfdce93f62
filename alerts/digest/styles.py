"""Inline CSS of the digest HTML (mail clients drop ``<style>`` blocks, so each element carries its own)."""

from __future__ import annotations

from alerts.digest.fonts import CjkFont

INK = "#1f2933"
MUTED = "#616e7c"
RULE = "#d9e2ec"


def inline_styles(font: CjkFont) -> dict[str, str]:
    """Element styles by role; the font is the one the PDF embeds, then common Chinese fallbacks."""
    family = font.css_family.replace("'", "")  # unquoted names survive an attribute value
    return {
        "body": f"margin:0;padding:0;background:#ffffff;color:{INK};font-family:{family};font-size:14px;line-height:1.6",
        "page": "max-width:760px;margin:0 auto;padding:16px",
        "h1": "font-size:22px;margin:0 0 4px 0;color:#102a43",
        "meta": f"color:{MUTED};font-size:12px;margin:0 0 12px 0",
        "h2": f"font-size:17px;margin:22px 0 8px 0;padding-bottom:4px;border-bottom:2px solid {RULE};color:#102a43",
        "h3": "font-size:15px;margin:14px 0 4px 0",
        "coverage_problem": "background:#fff4e5;border-left:4px solid #e67e22;padding:8px 12px;margin:8px 0",
        "coverage_ok": "background:#eefaf1;border-left:4px solid #3e9b5f;padding:8px 12px;margin:8px 0",
        "coverage_unknown": "background:#fdecea;border-left:4px solid #c0392b;padding:8px 12px;margin:8px 0",
        "statement": "margin:6px 0 2px 0",
        "sources": f"margin:0 0 10px 0;padding-left:22px;color:{MUTED};font-size:12px",
        "source_item": "margin:0",
        "link": "color:#1c64b5;text-decoration:none",
        "id": f"font-size:11px;color:{MUTED}",
        "note": f"color:{MUTED};font-style:italic",
        "chart": "display:block;width:100%;max-width:700px;height:auto;margin:6px 0",
        "table": "border-collapse:collapse;width:100%;font-size:13px;margin:6px 0",
        "th": f"text-align:left;border-bottom:1px solid {RULE};padding:4px 6px;background:#f5f7fa",
        "td": f"border-bottom:1px solid {RULE};padding:4px 6px;vertical-align:top",
        "th_num": f"text-align:right;border-bottom:1px solid {RULE};padding:4px 6px;background:#f5f7fa",
        "num": f"border-bottom:1px solid {RULE};padding:4px 6px;text-align:right;vertical-align:top",
        "badge": "display:inline-block;padding:0 6px;border-radius:3px;color:#ffffff;font-size:12px",
        "overdue": "color:#c0392b;font-weight:bold",
        "footer": f"margin-top:24px;padding-top:8px;border-top:1px solid {RULE};color:{MUTED};font-size:11px",
    }


def page_css(font: CjkFont) -> str:
    """The ``<style>`` block for print (WeasyPrint): A4, margins, page numbers, the CJK font."""
    return (
        "@page { size: A4; margin: 16mm 14mm 18mm 14mm; "
        "@bottom-center { content: '第 ' counter(page) ' 页 / 共 ' counter(pages) ' 页'; "
        f"font-family: {font.css_family}; font-size: 9pt; color: {MUTED}; }} }}\n"
        f"body {{ font-family: {font.css_family}; }}\n"
        "h2, h3 { page-break-after: avoid; } img { page-break-inside: avoid; }\n"
        "a { word-break: break-all; }\n"
    )
