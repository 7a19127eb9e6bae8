"""Dates as Indonesian documents write them: "5 Januari 2026", and back.

parse_date reads what an author may type for a date that YAML did not already turn
into one: an impossible ISO date ("2026-02-30") or the written form ("5 Januari 2026").
"""

from __future__ import annotations

import datetime as dt
import re

BULAN = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)

_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_WRITTEN = re.compile(r"^\s*(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})\s*$")


def format_date(date: dt.date | None) -> str:
    """'5 Januari 2026'; '-' for no date (an empty revision date is printed so)."""
    if date is None:
        return "-"
    return f"{date.day} {BULAN[date.month - 1]} {date.year}"


def parse_date(text: str) -> dt.date | str | None:
    """A date; or a message (str) when the text is shaped like a date but is not one;
    or None when the text is not shaped like a date at all."""
    iso = _ISO.match(text)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
        return _real_date(year, month, day, text)
    written = _WRITTEN.match(text)
    if written:
        day, month_name, year = written.groups()
        months = [m.lower() for m in BULAN]
        if month_name.lower() not in months:
            return f'nama bulan "{month_name}" tidak dikenal; pakai {", ".join(BULAN)}'
        return _real_date(int(year), months.index(month_name.lower()) + 1, int(day), text)
    return None


def _real_date(year: int, month: int, day: int, text: str) -> dt.date | str:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return f'tanggal "{text.strip()}" tidak ada di kalender'
