"""A citation of a regulation as an author wrote it -> what it names: its rank in the
hierarchy of regulations, its kind, number and year.

The decree's Mengingat lists regulations in the order of UU 12/2011 (as amended): UUD,
Ketetapan MPR, Undang-Undang and Perppu, Peraturan Pemerintah, Peraturan Presiden,
peraturan menteri and lembaga, Peraturan Daerah Provinsi, Peraturan Daerah
Kabupaten/Kota, peraturan kepala daerah, then keputusan; within a rank by year and
number. Two wordings of one regulation ("Permenpan RB No. 35 Tahun 2012" and the full
title) are the same citation when kind, number and year agree.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .numbers import natural_key

# abbreviations authors write for the kind, expanded before the kind is compared
ABBREVIATIONS = {
    "uud": "undang-undang dasar",
    "uu": "undang-undang",
    "perppu": "peraturan pemerintah pengganti undang-undang",
    "pp": "peraturan pemerintah",
    "perpres": "peraturan presiden",
    "permenpan rb": "peraturan menteri pendayagunaan aparatur negara dan reformasi birokrasi",
    "permenpan-rb": "peraturan menteri pendayagunaan aparatur negara dan reformasi birokrasi",
    "permenpanrb": "peraturan menteri pendayagunaan aparatur negara dan reformasi birokrasi",
    "permenpan": "peraturan menteri pendayagunaan aparatur negara dan reformasi birokrasi",
    "permendagri": "peraturan menteri dalam negeri",
    "perda": "peraturan daerah",
    "pergub": "peraturan gubernur",
    "perbup": "peraturan bupati",
    "perwali": "peraturan wali kota",
    "perwal": "peraturan wali kota",
    "kepmen": "keputusan menteri",
    "perka": "peraturan kepala",
    "perkap": "peraturan kepala",
}
# the office that issues a regulation, between its kind and the institution's name
OFFICIALS = ("menteri", "kepala", "ketua", "gubernur", "bupati", "wali kota", "presiden", "jaksa agung")
LINKING = {"dan", "serta", "&", "republik", "indonesia", "ri"}  # left out of an institution's initials

PANRB = "pendayagunaan aparatur negara dan reformasi birokrasi"
MINISTRY_SHORT = re.compile(r"\b(?:pan ?-? ?rb|pan ?& ?rb)\b")  # "Menteri PANRB", "Menteri PAN-RB"

# (rank, pattern on the expanded kind), first match wins: more specific kinds first
RANKS = (
    (0, r"undang-undang dasar"),
    (1, r"ketetapan majelis permusyawaratan rakyat|ketetapan mpr|tap mpr"),
    (2, r"peraturan pemerintah pengganti undang-undang"),
    (2, r"undang-undang"),
    (3, r"peraturan pemerintah"),
    (4, r"peraturan presiden"),
    (5, r"peraturan (menteri|badan|lembaga|kepala|ketua|bank|komisi|mahkamah|jaksa agung)"),
    # an agency's own regulation by its abbreviation: "Peraturan BPS", "Perka BKN"
    (5, r"peraturan (?!daerah|gubernur|bupati|wali ?kota|desa)[a-z]+$"),
    (6, r"peraturan daerah provinsi"),
    (7, r"peraturan daerah"),
    (8, r"peraturan (gubernur|bupati|wali ?kota)"),
    (9, r"keputusan"),
)
UNRANKED = 10  # a text that names no known kind: printed after the ranked ones, as written

NUMBER = re.compile(r"\b(?:nomor|no\.?)\s*:?\s*(?P<number>[0-9][\w./-]*)"
                    r"(?:\s+tahun\s+(?P<year>\d{4}))?", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class Regulation:
    """What a citation names; `key` is what two wordings of it have in common."""

    rank: int
    year: int
    number: tuple  # natural order: 9 before 10
    kind: str

    @property
    def key(self) -> tuple[str, tuple, int]:
        return _issuer(self.kind), self.number, self.year


@functools.cache  # a city cites the same few dozen regulations in thousands of SOPs
def regulation(text: str) -> Regulation | None:
    """The regulation a citation names, or None when its kind, number or year cannot be
    read (it is then printed as written, after the ranked ones)."""
    match = NUMBER.search(text)
    if text.lower().startswith(("undang-undang dasar", "uud")):
        kind, number, year = "undang-undang dasar", (), 1945  # there is one
    elif match is None:
        return None
    else:
        kind = _kind(text[:match.start()])
        number, year = match.group("number"), match.group("year")
        if year is None:  # "Nomor 100/45/425.012/2025": the year closes the number
            year = number.rsplit("/", 1)[-1] if re.search(r"/\d{4}$", number) else "0"
        number, year = _natural(number), int(year)
    rank = next((rank for rank, pattern in RANKS if re.match(pattern, kind)), UNRANKED)
    if rank == UNRANKED:
        return None
    return Regulation(rank, year, number, kind)


def _kind(words: str) -> str:
    """'Permenpan RB' and 'Peraturan Menteri Pendayagunaan ... Birokrasi' alike, lower
    case, single spaces, 'walikota' as 'wali kota'."""
    kind = " ".join(words.lower().replace("walikota", "wali kota").split())
    for short in sorted(ABBREVIATIONS, key=len, reverse=True):
        if kind == short or kind.startswith(short + " "):
            kind = ABBREVIATIONS[short] + kind[len(short):]
            break
    kind = MINISTRY_SHORT.sub(PANRB, kind)
    return kind.rstrip(" ,")


def _issuer(kind: str) -> str:
    """The kind with the issuing institution by its initials, so that an agency written
    out and by its abbreviation are one: "peraturan kepala badan pusat statistik" and
    "peraturan kepala bps" are both "peraturan kepala bps". A one-word institution stays
    as written ("menteri keuangan" and "menteri kesehatan" stay apart)."""
    words = kind.replace(".", "").split()
    start = 1
    for official in OFFICIALS:
        length = len(official.split())
        if words[1:1 + length] == official.split():
            start = 1 + length
            break
    return " ".join(words[:start] + [initials(" ".join(words[start:]))])


def initials(name: str) -> str:
    """An institution's name as its initials, lower case ("Badan Pusat Statistik" ->
    "bps"), linking words left out; a one-word name as it is ("keuangan", "bps")."""
    words = [w for w in name.casefold().split() if w not in LINKING]
    return "".join(w[0] for w in words) if len(words) >= 2 else " ".join(words)


def _natural(number: str) -> tuple:
    return natural_key(re.split(r"(\d+)", number.lower()))


def ordered(citations: list[str], preferred: set[str] = frozenset()) -> list[str]:
    """The citations in the hierarchy's order, each regulation once. Of two wordings of one
    regulation the one in `preferred` (the catalogue's) is kept, else the first. Texts
    that name no known regulation follow, in the order given."""
    chosen: dict[tuple, tuple[Regulation, str]] = {}
    unranked: list[str] = []
    for text in citations:
        found = regulation(text)
        if found is None:
            if text not in unranked:
                unranked.append(text)
            continue
        if found.key not in chosen or (text in preferred and chosen[found.key][1] not in preferred):
            chosen[found.key] = (found, text)
    ranked = sorted(chosen.values(), key=lambda pair: pair[0])
    return [text for _, text in ranked] + unranked
