"""Measurable durations: "5 menit", "1 - 2 hari", "tiga hari kerja", "1,5 jam" -> Duration.

A Duration is a range of working time (minimum, maximum) in minutes, so that a SOP's
steps can be summed. Units are counted as working time, as SOP books do:

    1 jam = 60 menit; 1 hari = 1 hari kerja = 8 jam;
    1 minggu = 5 hari kerja; 1 bulan = 4 minggu; 1 tahun = 12 bulan.

Words that measure nothing ("secepatnya", "segera", a bare number) are rejected with a
hint, because Permenpan RB 35/2012 asks for a time that can be checked.

Times as authors write them are read with a defined meaning for the total, and printed
in the book exactly as written:

- an upper bound ("paling lama 3 hari", "maksimal 1 minggu", "maks. 1 minggu",
  "s/d 2 hari") counts as its value; an estimate ("± 30 menit", "kurang lebih 30
  menit", "sekitar 1 jam") as its value;
- "1/2 jam", "½ hari", "sehari", "sejam", "seminggu" are the amounts they say;
- "24 jam", "1x24 jam", "2x24 jam" and "48 jam" are service-standard days: one
  (two) days of service, counted as hari kerja like every day here (not 24 working
  hours, three working days);
- refused with a hint: a time per item ("30 menit per berkas": not the step's time),
  calendar days ("3 hari kalender": the total counts working days), and "1.000" (a
  thousand, or one?).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class Calendar:
    """The working time a day and a week hold: 8 hours and 5 days unless pemda.yaml says
    otherwise (`hari_kerja`, e.g. 7.5 hours). A SOP's book counts with the default; a
    service's promised time is checked with the government's own."""

    jam: Fraction = Fraction(8)  # working hours a day
    hari: int = 5  # working days a week

    @property
    def minutes(self) -> dict[str, Fraction]:
        day = self.jam * 60
        return {"detik": Fraction(1, 60), "menit": Fraction(1), "jam": Fraction(60), "hari": day,
                "hari kerja": day, "minggu": self.hari * day, "pekan": self.hari * day,
                "bulan": 4 * self.hari * day, "tahun": 12 * 4 * self.hari * day}


WORKING = Calendar()
MENIT_PER = WORKING.minutes
UNITS = tuple(MENIT_PER)  # the contract's units, and "pekan" (a week)
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
GLYPHS = {"\u00bd": "1/2", "\u00bc": "1/4", "\u00be": "3/4"}  # ½ ¼ ¾
# what comes before an amount without changing what the total counts
UPPER_BOUND = (r"paling lama|paling lambat|selambat-lambatnya|maksimal|maksimum|maks\.?|max\.?"
               r"|tidak lebih dari|sampai dengan|s\.?\s?/\s?d\.?|s\.d\.?|hingga|sampai")
ESTIMATE = r"\u00b1|\+/-|\+-|kurang lebih|kurang-lebih|lebih kurang|sekitar|kira-kira|kl\."
_QUALIFIER = re.compile(rf"^(?:{UPPER_BOUND}|{ESTIMATE})(?=[\s\d]|$)\s*")


class WaktuError(ValueError):
    """A time that cannot be measured; the message (Indonesian) says how to write it."""


@dataclass(frozen=True)
class Duration:
    """A range of working time, in minutes."""

    min: Fraction
    max: Fraction

    def __add__(self, other: "Duration") -> "Duration":
        return Duration(self.min + other.min, self.max + other.max)

    def format(self, calendar: Calendar = WORKING) -> str:
        """Indonesian, as a person writes a time: "1 jam 6 menit", "2 - 3 hari kerja",
        "40 menit - 3 hari kerja 1 jam 50 menit" (each end in the units it needs)."""
        low, high = _spoken(self.min, calendar), _spoken(self.max, calendar)
        if low == high:
            return _joined(high)
        if len(low) == len(high) == 1 and low[0][1] == high[0][1]:
            return f"{low[0][0]} - {high[0][0]} {high[0][1]}"
        return f"{_joined(low)} - {_joined(high)}"


ZERO = Duration(Fraction(0), Fraction(0))


def _spoken(minutes: Fraction, calendar: Calendar = WORKING) -> tuple[tuple[int, str], ...]:
    """A time as whole working days, hours and minutes, the units that are not zero
    (seconds as well only below an hour, where they are what the steps measured)."""
    if minutes < 60 and minutes.denominator != 1:
        seconds = int(minutes * 60 + Fraction(1, 2))  # half up
        whole, rest = divmod(seconds, 60)
        parts = ((whole, "menit"), (rest, "detik"))
        return tuple(p for p in parts if p[0]) or ((0, "detik"),)
    left = int(minutes + Fraction(1, 2))
    parts = []
    for name in ("hari kerja", "jam", "menit"):
        amount, left = divmod(left, calendar.minutes[name])
        if amount:
            parts.append((amount, name))
    return tuple(parts) or ((0, "menit"),)


def _amount(value: Fraction) -> str:
    rounded = round(value * 10) / 10  # one decimal is as precise as a SOP's times are
    text = f"{rounded:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _joined(parts: tuple[tuple[int, str], ...]) -> str:
    return " ".join(f"{amount} {name}" for amount, name in parts)


def parse_waktu(text: str, calendar: Calendar = WORKING) -> Duration:
    """Parse one measurable time; raises WaktuError with a hint otherwise.

    Accepted: an amount and a unit ("3 hari kerja"), amounts and units in a row
    ("2 jam 30 menit"), "1x24 jam", and a range of either ("1 - 2 hari",
    "1 hari - 2 minggu"), the left side borrowing the right side's unit when it has none.
    """
    shown = text.strip()
    lowered = " ".join(shown.lower().split())
    if not lowered:
        raise WaktuError(f"waktu belum diisi; tulis mis. {EXAMPLES}")
    if any(word in lowered for word in VAGUE):
        raise WaktuError(f'waktu "{shown}" tidak terukur; tuliskan berapa lama, mis. {EXAMPLES}')
    if re.search(r"\d{7,}", lowered):  # a step of a million units is a typing slip
        raise WaktuError(f'waktu "{shown[:40]}": angkanya terlalu besar; tulis mis. {EXAMPLES}')
    _refuse_what_is_not_the_steps_time(lowered, shown)
    normal = _normalise(_QUALIFIER.sub("", lowered))
    if not normal:
        raise WaktuError(f'waktu "{shown}" tidak menyebut berapa lama; tulis mis. "paling lama'
                         ' 3 hari"')
    sides = normal.split(" - ")
    if len(sides) > 2 or not all(sides):
        raise WaktuError(f'rentang waktu "{shown}" tidak dapat dibaca; tulis mis. "1 - 2 hari"')
    per = calendar.minutes
    parsed = [_parse_side(side, shown, per) for side in sides]
    high_minutes, high_rest, high_unit = parsed[-1]
    if high_rest is not None and high_minutes > 0:
        raise WaktuError(f'waktu "{shown}": angka terakhir tidak diikuti satuan; tulis mis.'
                         ' "2 jam 30 menit"')
    if high_rest is not None or high_unit is None:
        raise WaktuError(_unit_message(shown, normal))
    low_minutes, low_rest, _ = parsed[0]
    if low_rest is not None:  # "1 - 2 hari": the bare 1 is in the unit that follows
        low_minutes += low_rest * per[high_unit]
    if low_minutes <= 0:
        raise WaktuError("waktu harus lebih dari nol")
    if low_minutes > high_minutes:
        raise WaktuError(f'rentang waktu "{shown}" terbalik; tulis yang kecil lebih dahulu')
    return Duration(low_minutes, high_minutes)


def _refuse_what_is_not_the_steps_time(lowered: str, shown: str) -> None:
    if re.match(r"(lebih dari|minimal|minimum|paling cepat|sekurang-kurangnya)\b", lowered):
        raise WaktuError(f'waktu "{shown}" hanya menyebut batas bawah, jadi lamanya tidak'
                         ' terukur; tulis batas atasnya, mis. "paling lama 3 hari" atau "2 - 3 hari"')
    if re.search(r"\b(per|setiap|tiap)\b", lowered):
        raise WaktuError(f'waktu "{shown}" adalah waktu untuk satu satuan, bukan lama langkah ini;'
                         " tulis lama seluruh langkah (mis. untuk jumlah berkas yang biasa"
                         " diterima sehari) dan jelaskan hitungannya di keterangan")
    if "kalender" in lowered:
        raise WaktuError(f'waktu "{shown}" dihitung dalam hari kalender, sedangkan total SOP'
                         ' dihitung dalam hari kerja; tulis dalam hari kerja, mis. "3 hari kerja"')
    ambiguous = re.search(r"(?<![\d.,])\d{1,3}\.\d{3}(?![\d])", lowered)
    if ambiguous:
        number = ambiguous.group()
        thousands, decimal = number.replace(".", ""), _amount(Fraction(number))
        raise WaktuError(f'angka "{number}" pada waktu "{shown}" dapat berarti {thousands} atau'
                         f' {decimal}; tulis "{thousands}" atau "{decimal}" (pecahan memakai'
                         ' koma, mis. "1,5")')


def _parse_side(side: str, shown: str, per: dict[str, Fraction]) -> tuple[Fraction, Fraction | None, str | None]:
    """Minutes of the amount-unit pairs of one side, the amount left without a unit (if
    any), and the first unit named."""
    side = re.sub(r"(\d+(?:[.,]\d+)?)\s*[x\u00d7]\s*(\d+(?:[.,]\d+)?)",
                  lambda m: str(_parse_number(m.group(1)) * _parse_number(m.group(2))), side)
    tokens = side.split()
    total, pending, first_unit = Fraction(0), [], None
    i = 0
    while i < len(tokens):
        two = " ".join(tokens[i:i + 2])
        unit = two if two in per else tokens[i] if tokens[i] in per else None
        if unit is None:
            pending.append(tokens[i])
            i += 1
            continue
        if not pending:
            raise WaktuError(f'waktu "{shown}" tidak menyebut jumlah sebelum "{unit}"; tulis mis.'
                             f' "1 {unit}"')
        total += _parse_amount(" ".join(pending), shown) * per[unit]
        first_unit = first_unit or unit
        pending = []
        i += len(unit.split())
    rest = _parse_amount(" ".join(pending), shown) if pending else None
    return total, rest, first_unit


def _service_days(match: re.Match) -> str:
    """ "24 jam", "1x24 jam", "48 jam": days of service, written in hours."""
    times = Fraction(match.group(1) or 1)
    hours = Fraction(match.group(2))
    if hours % 24:
        return match.group(0)
    return f"{_amount(times * hours / 24)} hari"


def _normalise(text: str) -> str:
    text = text.lower().replace("\u2013", "-").replace("\u2014", "-")
    for glyph, fraction in GLYPHS.items():
        text = re.sub(rf"(\d)\s*{glyph}", rf"\1 {fraction}", text).replace(glyph, f" {fraction} ")
    text = re.sub(r"\bse(menit|jam|hari|minggu|pekan|bulan|tahun)\b", r"1 \1", text)
    text = re.sub(r"(?:(\d+)\s*[x\u00d7]\s*)?(?<![\d.,])(\d+)\s*jam\b", _service_days, text)
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


def _parse_amount(text: str, shown: str = "") -> Fraction:
    both = re.fullmatch(r"(\d+(?:[.,]\d+)?)\s*\((.+)\)", text)
    if both:  # "2 (dua)", as official letters write amounts
        number, words = _parse_number(both.group(1)), _parse_words(both.group(2))
        if number != words:
            raise WaktuError(f'angka dan kata pada "{text}" tidak sama ({both.group(1)} dan'
                             f' "{both.group(2).strip()}")')
        return number
    if re.fullmatch(r"\d+(?:[.,]\d+)?", text):
        return _parse_number(text)
    slash = re.fullmatch(r"(\d+)\s*/\s*(\d+)", text)
    if slash and int(slash.group(2)):  # "1/2 jam"
        return Fraction(int(slash.group(1)), int(slash.group(2)))
    mixed = re.fullmatch(r"(\d+) (\d+)/(\d+)", text)
    if mixed and int(mixed.group(3)):  # "1 1/2 jam", "1½ jam"
        return int(mixed.group(1)) + Fraction(int(mixed.group(2)), int(mixed.group(3)))
    try:
        return _parse_words(text)
    except WaktuError:
        *amount, last = text.split()
        if amount and _normalise(shown).endswith(last) and _is_amount(" ".join(amount)):
            raise WaktuError(_unit_message(shown, _normalise(shown))) from None  # "2 kali"
        if not shown:
            raise
        # the words as the author typed them, never the normalised text ("- 2" for "s/d 2")
        at = shown.lower().find(text)
        words = f' "{shown[at:at + len(text)]}"' if at >= 0 else ""
        raise WaktuError(f'waktu "{shown}": jumlah{words} tidak dapat dibaca; tulis angka ("2",'
                         ' "1,5", "1/2") atau kata bilangan ("dua", "setengah", "dua belas")'
                         ' sebelum satuannya') from None


def _is_amount(text: str) -> bool:
    try:
        _parse_amount(text)
        return True
    except (WaktuError, ValueError, ZeroDivisionError):
        return False


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
