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


def balanced(phrases: list[str], width: int, size_pt: float, bold: bool = False) -> list[str]:
    """Lines for a centred heading or a signature's title: as few as greedy wrapping needs,
    broken between phrases where that is possible (a region's name, "KOTA PROBOLINGGO",
    stays whole on its line), then as even as possible, so that no line is left holding a
    single word. A break inside a phrase costs more than any raggedness."""
    words, phrase_end = [], set()
    for phrase in phrases:
        words += phrase.split()
        phrase_end.add(len(words))
    if not words:
        return []
    target = len(wrap(" ".join(words), width, size_pt, bold))
    limit = width * _font()["units_per_em"] / (size_pt * EMU_PER_PT)
    space = _units(" ", bold)
    sizes = [_units(word, bold) for word in words]
    inside = limit * limit  # a break inside a phrase outweighs any ragged line

    @lru_cache(maxsize=None)
    def best(start: int, lines_left: int) -> tuple[float, tuple[int, ...]]:
        """(cost, ends of the lines) of setting words[start:] in exactly lines_left lines."""
        if lines_left == 1:
            used = sum(sizes[start:]) + space * (len(words) - start - 1)
            return ((limit - used) ** 2, (len(words),)) if used <= limit else (float("inf"), ())
        result: tuple[float, tuple[int, ...]] = (float("inf"), ())
        used = -space
        for end in range(start + 1, len(words) - lines_left + 2):
            used += space + sizes[end - 1]
            if used > limit:
                break
            rest, ends = best(end, lines_left - 1)
            cost = (limit - used) ** 2 + (0 if end in phrase_end else inside) + rest
            if cost < result[0]:
                result = (cost, (end, *ends))
        return result

    cost, ends = best(0, target)
    if cost == float("inf"):  # a word wider than the line: greedy wrapping breaks it
        return wrap(" ".join(words), width, size_pt, bold)
    starts = (0, *ends[:-1])
    return [" ".join(words[a:b]) for a, b in zip(starts, ends)]
