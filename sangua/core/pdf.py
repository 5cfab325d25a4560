"""PDF rendering with WeasyPrint and the self-hosted Noto Sans SC font (from npm, embedded in the PDF).

Fontsource ships Noto Sans SC as ~100 subset files per weight, each with a unicode-range. WeasyPrint
mixes up glyphs when subsets share one family name, so each subset gets a family of its own and
the page's font stack lists the subsets that the document's characters need (which also keeps
rendering fast: only those files are read).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

FONT_DIR = Path(settings.NODE_MODULES) / "@fontsource" / "noto-sans-sc"
_FACE = re.compile(r"@font-face\s*{([^}]*)}")
_URL = re.compile(r"url\(\./files/([^)]+\.woff2)\)")
_RANGE = re.compile(r"unicode-range:\s*([^;]+);")


@dataclass(frozen=True)
class Subset:
    """One subset of the font: its files per weight and the code points it covers."""

    index: int
    files: dict[int, Path]
    ranges: tuple[tuple[int, int], ...]

    def covers(self, code_points: set[int]) -> bool:
        return any(lo <= cp <= hi for cp in code_points for lo, hi in self.ranges)


def _parse_range(text: str) -> tuple[tuple[int, int], ...]:
    spans = []
    for part in text.split(","):
        part = part.strip().removeprefix("U+").removeprefix("u+")
        lo, _, hi = part.partition("-")
        spans.append((int(lo, 16), int(hi or lo, 16)))
    return tuple(spans)


@lru_cache(maxsize=1)
def font_subsets() -> tuple[Subset, ...]:
    """The font's subsets, read once from the npm package's CSS (weights 400 and 700)."""
    by_range: dict[str, dict[int, Path]] = {}
    for weight in (400, 700):
        css_file = FONT_DIR / f"{weight}.css"
        if not css_file.exists():
            raise FileNotFoundError(f"{css_file} is missing: run `make` to install the npm assets")
        for body in _FACE.findall(css_file.read_text()):
            url, ranges = _URL.search(body), _RANGE.search(body)
            if url and ranges:
                by_range.setdefault(ranges.group(1).strip(), {})[weight] = (
                    FONT_DIR / "files" / url.group(1)
                )
    return tuple(
        Subset(index=i, files=files, ranges=_parse_range(text))
        for i, (text, files) in enumerate(by_range.items())
    )


def _unpacked(path: Path) -> Path:
    """The subset as plain OpenType, unpacked once into var/ (WeasyPrint would otherwise inflate
    the woff2 on every render, which was most of a bulletin's rendering time)."""
    target = Path(settings.VAR_DIR) / "fonts" / path.with_suffix(".otf").name
    if not target.exists():
        from fontTools.ttLib import TTFont  # WeasyPrint depends on fontTools

        target.parent.mkdir(parents=True, exist_ok=True)
        font = TTFont(str(path))
        font.flavor = None
        partial = target.with_suffix(f".{os.getpid()}.tmp")
        font.save(str(partial))
        partial.replace(target)  # atomic: a concurrent render never sees half a file
    return target


def font_css(text: str) -> str:
    """@font-face rules for the subsets the text needs, and the font stack that uses them."""
    code_points = {ord(ch) for ch in text if ord(ch) > 32}
    needed = [s for s in font_subsets() if s.covers(code_points)]
    rules = [
        f"@font-face {{ font-family: 'sangua-{s.index}'; font-weight: {weight}; src: url('{_unpacked(path).as_uri()}'); }}"
        for s in needed
        for weight, path in sorted(s.files.items())
    ]
    stack = ", ".join(f"'sangua-{s.index}'" for s in needed) or "sans-serif"
    return (
        "\n".join(rules)
        + f"\n:root {{ --sangua-font: {stack}; }}\nhtml, body {{ font-family: {stack}, sans-serif; }}\n"
    )


def html_to_pdf(html: str) -> bytes:
    """Render an HTML document to PDF bytes with the Chinese font embedded."""
    from weasyprint import CSS, HTML  # imported lazily: WeasyPrint loads pango at import
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    stylesheet = CSS(string=font_css(html), font_config=fonts)
    document = HTML(string=html, base_url=str(settings.BASE_DIR))
    return document.write_pdf(stylesheets=[stylesheet], font_config=fonts)


def render_pdf(template_name: str, context: dict[str, object]) -> bytes:
    """Render a Django template to PDF bytes (Chinese font embedded)."""
    return html_to_pdf(render_to_string(template_name, context))
