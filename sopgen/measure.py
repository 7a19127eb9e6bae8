"""Text -> lines and widths, from the committed advance widths of Liberation Sans (the
metric clone of Arial), so that the layout knows each cell's height before Word or
LibreOffice sets it, identically on every machine.

Wrapping is greedy and breaks only at spaces, with no kerning: Word and LibreOffice may
also break after hyphens and slashes, which only ever gives them fewer lines than we
reserve, never more.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

EMU_PER_PT = 12700

_METRICS = Path(__file__).with_name("metrics") / "liberation-sans.json"


@lru_cache(maxsize=1)
def _font() -> dict:
    data = json.loads(_METRICS.read_text(encoding="utf-8"))
    for style in ("regular", "bold"):
        data[style] = {int(cp): width for cp, width in data[style].items()}
    return data


def known_family(family: str) -> bool:
    """Whether the layout has the real widths of this font (or of its metric clone)."""
    return family.casefold() in (f.casefold() for f in _font()["metric_compatible_with"])


@lru_cache(maxsize=65536)
def _units(text: str, bold: bool) -> int:
    """The advance width of a text in font units (a word is measured once, then cached)."""
    widths = _font()["bold" if bold else "regular"]
    fallback = widths[ord("M")]  # unknown characters count as the widest Latin letter
    return sum(widths.get(ord(ch), fallback) for ch in text)


def _emu(units: int, size_pt: float) -> int:
    return round(units * size_pt * EMU_PER_PT / _font()["units_per_em"])


def text_width(text: str, size_pt: float, bold: bool = False) -> int:
    """The advance width of a line of text, in EMU."""
    return _emu(_units(text, bold), size_pt)


def wrap(text: str, width: int, size_pt: float, bold: bool = False) -> list[str]:
    """Greedy word wrap into lines no wider than `width` EMU; a word longer than a whole
    line is broken between characters, as Word and LibreOffice do."""
    space = _units(" ", bold)
    limit = width * _font()["units_per_em"] / (size_pt * EMU_PER_PT)  # in font units
    lines: list[str] = []
    for paragraph in text.split("\n"):
        words: list[str] = []
        used = 0
        for word in paragraph.split():
            size = _units(word, bold)
            if words and used + space + size <= limit:
                words.append(word)
                used += space + size
                continue
            if words:
                lines.append(" ".join(words))
            while size > limit and len(word) > 1:
                cut = max(1, _fitting_prefix(word, width, size_pt, bold))
                lines.append(word[:cut])
                word = word[cut:]
                size = _units(word, bold)
            words, used = [word], size
        lines.append(" ".join(words))
    return lines


def line_count(texts, width: int, size_pt: float, bold: bool = False) -> int:
    """How many lines some paragraphs take in a column `width` EMU wide."""
    return sum(len(wrap(text, width, size_pt, bold)) for text in texts)


def _fitting_prefix(word: str, width: int, size_pt: float, bold: bool) -> int:
    for cut in range(len(word), 0, -1):
        if text_width(word[:cut], size_pt, bold) <= width:
            return cut
    return 0


def line_pitch(size_pt: float) -> int:
    """Single line spacing of the font (ascent + descent + line gap), in EMU."""
    font = _font()
    units = font["ascent"] + font["descent"] + font["line_gap"]
    return round(units * size_pt * EMU_PER_PT / font["units_per_em"])
