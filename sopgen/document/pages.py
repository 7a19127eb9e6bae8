"""Text of the portrait front matter and the forms -> its height, and heights -> pages.

Every paragraph of those pages has an exact line pitch, so a page holds a known height
and the book's page numbers are counted before Word or LibreOffice sets the pages. The
cover, the decree, the daftar isi, the penjelasan and the forms all measure here.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..flowchart.geometry import PT
from ..flowchart.geometry import WORD_CELL_MARGIN as CELL_MARGIN
from ..measure import line_count

ROW_EXTRA = 2 * PT  # a table row's borders, counted generously


@dataclass(frozen=True)
class Type:
    """A text size and its exact line pitch: every page count rests on the pair."""

    size: float
    line: int


FRONT = Type(12, 16 * PT)  # the portrait pages (templates/*.docx agree)
FORM = Type(10, 13 * PT)  # the forms: many columns on a landscape page


def lines(text: str, width: int, kind: Type = FRONT, bold: bool = False) -> int:
    """Lines a text takes in a column `width` EMU wide (half a point of safety a side)."""
    return line_count([text], width - PT, kind.size, bold)


def row_height(values, widths, kind: Type = FRONT, min_lines: int = 1) -> int:
    """A table row: its tallest cell at the exact line pitch (at least `min_lines`), and
    its borders."""
    most = max(lines(v, w - 2 * CELL_MARGIN, kind) for v, w in zip(values, widths))
    return max(most, min_lines) * kind.line + ROW_EXTRA


def fill(blocks, usable: int) -> int:
    """Pages taken by blocks set one after another, none of them split: a block that does
    not fit in what is left of a page starts the next one (a block taller than a page runs
    on over pages of its own). Table rows of exact height are such blocks (neither Word nor
    LibreOffice breaks them), as is a signature kept together by keep-with-next; a text
    that may break between lines is given as one block per line."""
    pages, used = 1, 0
    for height in blocks:
        if used and used + height > usable:
            pages, used = pages + 1, 0
        used += height
        while used > usable:
            pages, used = pages + 1, used - usable
    return pages


def text_lines(count: int, kind: Type = FRONT) -> list[int]:
    """`count` lines of text as blocks: a page may break between any two."""
    return [kind.line] * count
