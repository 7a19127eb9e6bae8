"""Measurable durations: "5 menit", "1 - 2 hari", "tiga hari kerja", "1,5 jam" -> Duration.

A Duration is a range of working time (minimum, maximum) in minutes, so that a SOP's
steps can be summed. Units are counted as working time, as SOP books do:

    1 jam = 60 menit; 1 hari = 1 hari kerja = 8 jam;
    1 minggu = 5 hari kerja; 1 bulan = 4 minggu; 1 tahun = 12 bulan.

Words that measure nothing ("secepatnya", "segera", a bare number) are rejected with a
hint, because Permenpan RB 35/2012 asks for a time that can be checked.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from fractions import Fraction

MENIT_PER = {
    "detik": Fraction(1, 60),
    "menit": Fraction(1),
    "jam": Fraction(60),
    "hari": Fraction(8 * 60),
    "hari kerja": Fraction(8 * 60),
    "minggu": Fraction(5 * 8 * 60),
    "bulan": Fraction(4 * 5 * 8 * 60),
    "tahun": Fraction(12 * 4 * 5 * 8 * 60),
}
UNITS = tuple(MENIT_PER)  # as listed in the contract
EXAMPLES = '"30 menit", "1 - 2 hari", "3 hari kerja" atau "1 minggu"'

VAGUE = (
    "secepatnya", "segera", "sesuai kebutuhan", "tentatif", "menyesuaikan", "langsung",
    "saat itu juga", "tergantung", "situasional", "kondisional", "sesegera mungkin",
)

ONES = {
    "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5,
    "enam": 6, "tujuh": 7, "delapan": 8, "sembilan": 9,
}
FRACTIONS = {"setengah": Fraction(1, 2), "seperempat": Fraction(1, 4)}


class WaktuError(ValueError):
    """A time that cannot be measured; the message (Indonesian) says how to write it."""


@dataclass(frozen=True)
class Duration:
    """A range of working time, in minutes."""

    min: Fraction
    max: Fraction

    def __add__(self, other: "Duration") -> "Duration":
        return Duration(self.min + other.min, self.max + other.max)

    def format(self) -> str:
        """Indonesian, in the largest unit that fits: '2 - 3 hari kerja', '1,5 jam'."""
        low, high = _in_unit(self.min), _in_unit(self.max)
        if low == high:
            return f"{high[0]} {high[1]}"
        if low[1] == high[1]:
            return f"{low[0]} - {high[0]} {high[1]}"
        return f"{low[0]} {low[1]} - {high[0]} {high[1]}"


ZERO = Duration(Fraction(0), Fraction(0))


def _in_unit(minutes: Fraction) -> tuple[str, str]:
    """The amount in the largest unit that is at least one: (amount, unit)."""
    unit = next((u for u in ("hari kerja", "jam", "menit") if minutes >= MENIT_PER[u]), "detik")
    return _amount(minutes / MENIT_PER[unit]), unit


def _amount(value: Fraction) -> str:
    rounded = round(value * 10) / 10  # one decimal is as precise as a SOP's times are
    text = f"{rounded:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def parse_waktu(text: str) -> Duration:
    """Parse one measurable time; raises WaktuError with a hint otherwise."""
    normal = _normalise(text)
    if not normal:
        raise WaktuError(f"waktu belum diisi; tulis mis. {EXAMPLES}")
    if any(word in normal for word in VAGUE):
        raise WaktuError(
            f'waktu "{text.strip()}" tidak terukur; tuliskan berapa lama, mis. {EXAMPLES}'
        )
    unit = next((u for u in sorted(UNITS, key=len, reverse=True) if normal.endswith(" " + u)
                 or normal == u), None)
    if unit is None:
        raise WaktuError(_unit_message(text, normal))
    amounts = normal[: -len(unit)].strip()
    if not amounts:
        raise WaktuError(f'waktu "{text.strip()}" tidak menyebut jumlah; tulis mis. "1 {unit}"')
    parts = [p.strip() for p in amounts.split(" - ")] if " - " in amounts else [amounts]
    if len(parts) > 2 or not all(parts):
        raise WaktuError(f'rentang waktu "{text.strip()}" tidak dapat dibaca; tulis mis. "1 - 2 {unit}"')
    low, high = (_parse_amount(p) for p in (parts[0], parts[-1]))
    if low <= 0:
        raise WaktuError("waktu harus lebih dari nol")
    if low > high:
        raise WaktuError(f'rentang waktu "{text.strip()}" terbalik; tulis yang kecil lebih dahulu')
    scale = MENIT_PER[unit]
    return Duration(low * scale, high * scale)


def _normalise(text: str) -> str:
    text = text.lower().replace("\u2013", "-").replace("\u2014", "-")
    text = re.sub(r"\s*(?<![\d,.])(?:s\.?/?d\.?|sampai dengan|sampai|hingga)(?=\s)\s*", " - ", text)
    text = re.sub(r"\s*-\s*", " - ", text)
    return " ".join(text.split())


def _unit_message(text: str, normal: str) -> str:
    words = normal.split()
    if re.fullmatch(r"\d+([.,]\d+)?( - \d+([.,]\d+)?)?", normal) or all(
        w in ONES or w in FRACTIONS for w in words
    ):
        return (
            f'waktu "{text.strip()}" tidak menyebut satuan; tulis mis. "{text.strip()} menit"'
            f' atau "{text.strip()} hari"'
        )
    last = words[-1] if words else ""
    guess = difflib.get_close_matches(last, UNITS, 1, 0.6)
    hint = f'mungkin maksud Anda "{guess[0]}"? ' if guess else ""
    return (
        f'waktu "{text.strip()}" tidak terukur: satuan tidak dikenal; {hint}satuan yang berlaku:'
        f" {', '.join(UNITS)}; mis. {EXAMPLES}"
    )


def _parse_amount(text: str) -> Fraction:
    both = re.fullmatch(r"(\d+(?:[.,]\d+)?)\s*\((.+)\)", text)
    if both:  # "2 (dua)", as official letters write amounts
        number, words = _parse_number(both.group(1)), _parse_words(both.group(2))
        if number != words:
            raise WaktuError(f'angka dan kata pada "{text}" tidak sama ({both.group(1)} dan'
                             f' "{both.group(2).strip()}")')
        return number
    if re.fullmatch(r"\d+(?:[.,]\d+)?", text):
        return _parse_number(text)
    return _parse_words(text)


def _parse_number(text: str) -> Fraction:
    return Fraction(text.replace(",", "."))


def _parse_words(text: str) -> Fraction:
    """Indonesian number words up to 999, with an optional 'setengah' or 'seperempat'."""
    tokens = text.split()
    total, group, fraction = 0, 0, Fraction(0)
    for i, token in enumerate(tokens):
        if token in FRACTIONS and i == len(tokens) - 1:
            fraction = FRACTIONS[token]
        elif token in ONES and group % 10 == 0:
            group += ONES[token]
        elif token == "sepuluh" and group == 0:
            group = 10
        elif token == "sebelas" and group == 0:
            group = 11
        elif token == "seratus" and total == 0 and group == 0:
            total = 100
        elif token == "belas" and 2 <= group <= 9:
            group += 10
        elif token == "puluh" and 1 <= group <= 9:
            group *= 10
        elif token == "ratus" and 1 <= group <= 9 and total == 0:
            total, group = group * 100, 0
        else:
            raise WaktuError(
                f'jumlah "{text}" tidak dapat dibaca; tulis angka ("2", "1,5") atau kata'
                ' bilangan ("dua", "setengah", "dua belas")'
            )
    return total + group + fraction
