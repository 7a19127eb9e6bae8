"""Digit strings as authors type them -> whole numbers, safely.

`str.isdigit` is also true of "²" and "٣", which `int` refuses or reads as another digit,
and `int` refuses more than 4,300 digits: each place that reads a number from text asks
here instead, so that no typed character can raise.
"""

from __future__ import annotations

MAX_DIGITS = 18  # the longest number a source holds is a NIP


def whole_number(text: str) -> int | None:
    """The number that ASCII digits (0-9) spell, at most MAX_DIGITS of them; else None."""
    text = text.strip()
    if text.isascii() and text.isdigit() and len(text) <= MAX_DIGITS:
        return int(text)
    return None


def natural_key(parts: list[str]) -> tuple:
    """A sort key of text split around its digit runs, numbers by value ("9" before "10")."""
    return tuple((0, number, "") if (number := whole_number(part)) is not None else (1, 0, part)
                 for part in parts if part)
