"""Measurable durations: what is accepted, what is refused with a hint, and how sums read."""

from __future__ import annotations

import re
from fractions import Fraction

import pytest

from sopgen.check.waktu import Duration, WaktuError, parse_waktu

HOUR, DAY = 60, 8 * 60

ACCEPTED = [
    ("5 menit", 5, 5),
    ("30 Menit", 30, 30),
    ("1 - 2 hari", DAY, 2 * DAY),
    ("1-2 hari", DAY, 2 * DAY),
    ("1 \u2013 2 hari", DAY, 2 * DAY),  # an en dash pasted from Word
    ("1 s.d. 2 hari", DAY, 2 * DAY),
    ("1 sampai 3 hari kerja", DAY, 3 * DAY),
    ("3 hari kerja", 3 * DAY, 3 * DAY),
    ("tiga hari", 3 * DAY, 3 * DAY),
    ("setengah jam", 30, 30),
    ("satu setengah jam", 90, 90),
    ("1,5 jam", 90, 90),
    ("1.5 jam", 90, 90),
    ("dua belas jam", 12 * HOUR, 12 * HOUR),
    ("dua puluh lima menit", 25, 25),
    ("seratus dua puluh detik", 2, 2),
    ("sebelas hari", 11 * DAY, 11 * DAY),
    ("2 (dua) hari", 2 * DAY, 2 * DAY),
    ("1 minggu", 5 * DAY, 5 * DAY),
    ("1 - 2 minggu", 5 * DAY, 10 * DAY),
    ("1 bulan", 20 * DAY, 20 * DAY),
    ("1 tahun", 240 * DAY, 240 * DAY),
    ("45 detik", Fraction(3, 4), Fraction(3, 4)),
    ("2 jam 30 menit", 150, 150),
    ("1x24 jam", DAY, DAY),  # a service-standard day, not 24 working hours
    ("24 jam", DAY, DAY),
    ("2 x 24 jam", 2 * DAY, 2 * DAY),
    ("48 jam", 2 * DAY, 2 * DAY),
    ("36 jam", 36 * HOUR, 36 * HOUR),  # not whole days: working hours
    ("2 x 3 jam", 6 * HOUR, 6 * HOUR),
    ("paling lama 3 hari", 3 * DAY, 3 * DAY),  # an upper bound counts as its value
    ("Paling lambat 3 hari kerja", 3 * DAY, 3 * DAY),
    ("selambat-lambatnya 2 jam", 2 * HOUR, 2 * HOUR),
    ("maksimal 1 minggu", 5 * DAY, 5 * DAY),
    ("maks. 1 minggu", 5 * DAY, 5 * DAY),
    ("s/d 2 hari", 2 * DAY, 2 * DAY),
    ("paling lama 1 - 2 hari", DAY, 2 * DAY),
    ("\u00b1 30 menit", 30, 30),  # an estimate counts as its value
    ("+/- 30 menit", 30, 30),
    ("kurang lebih 30 menit", 30, 30),
    ("sekitar 1 jam", HOUR, HOUR),
    ("kira-kira 2 jam", 2 * HOUR, 2 * HOUR),
    ("1/2 jam", 30, 30),
    ("\u00bd hari", DAY // 2, DAY // 2),
    ("1\u00bd jam", 90, 90),
    ("1 1/2 jam", 90, 90),
    ("sehari", DAY, DAY),
    ("sejam", HOUR, HOUR),
    ("seminggu", 5 * DAY, 5 * DAY),
    ("1 hari - 2 minggu", DAY, 10 * DAY),
    ("2 pekan", 10 * DAY, 10 * DAY),
]


@pytest.mark.parametrize("text,low,high", ACCEPTED)
def test_accepted(text, low, high):
    assert parse_waktu(text) == Duration(Fraction(low), Fraction(high))


REFUSED = [
    ("secepatnya", "tidak terukur"),
    ("Segera", "tidak terukur"),
    ("sesuai kebutuhan", "tidak terukur"),
    ("segera setelah berkas lengkap", "tidak terukur"),
    ("5", "tidak menyebut satuan"),
    ("1 - 2", "tidak menyebut satuan"),
    ("tiga", "tidak menyebut satuan"),
    ("hari", "tidak menyebut jumlah"),
    ("5 mnt", 'mungkin maksud Anda "menit"'),
    ("2 kali", "satuan tidak dikenal"),
    ("2 jam 30", "tidak diikuti satuan"),
    ("beberapa hari", "tidak dapat dibaca"),
    ("dua tiga hari", "tidak dapat dibaca"),
    ("3 - 1 hari", "terbalik"),
    ("0 menit", "lebih dari nol"),
    ("2 (tiga) hari", "tidak sama"),
    ("1 - 2 - 3 hari", "tidak dapat dibaca"),
    ("", "belum diisi"),
    ("30 menit per berkas", "bukan lama langkah ini"),
    ("10 menit setiap pemohon", "bukan lama langkah ini"),
    ("3 hari kalender", "hari kerja"),
    ("lebih dari 2 hari", "batas bawah"),
    ("minimal 1 hari", "batas bawah"),
    ("1.000 menit", '"1000" atau "1"'),
    ("paling lama", "tidak menyebut berapa lama"),
    ("Kurang 3 hari", 'jumlah "Kurang 3"'),  # the words as typed, never normalised
    ("s/d dua harii", '"s/d dua harii"'),
]


@pytest.mark.parametrize("text,words", REFUSED)
def test_refused_with_a_hint(text, words):
    with pytest.raises(WaktuError) as caught:
        parse_waktu(text)
    assert words in str(caught.value)


@pytest.mark.parametrize("text", [text for text, _ in REFUSED if text])
def test_a_refusal_quotes_only_what_the_author_typed(text):
    with pytest.raises(WaktuError) as caught:
        parse_waktu(text)
    quoted = re.findall(r'"([^"]*)"', str(caught.value))
    assert not quoted or quoted[0] in text, quoted  # the first quote: the author's words


def test_vague_words_get_examples():
    with pytest.raises(WaktuError, match='"1 - 2 hari"'):
        parse_waktu("secepatnya")


@pytest.mark.parametrize("parts,expected", [
    (["5 menit"], "5 menit"),
    (["30 menit", "30 menit"], "1 jam"),
    (["1 jam", "30 menit"], "1 jam 30 menit"),
    (["1 jam", "6 menit"], "1 jam 6 menit"),
    (["1 - 2 hari", "1 hari"], "2 - 3 hari kerja"),
    (["30 menit", "1 - 2 hari"], "1 hari kerja 30 menit - 2 hari kerja 30 menit"),
    (["10 menit", "1 - 2 jam"], "1 jam 10 menit - 2 jam 10 menit"),
    (["40 menit", "0,5 - 3 hari"], "4 jam 40 menit - 3 hari kerja 40 menit"),
    (["40 menit", "3 hari", "50 menit"], "3 hari kerja 1 jam 30 menit"),
    (["45 detik"], "45 detik"),
    (["2 menit", "30 detik"], "2 menit 30 detik"),
    (["1 jam", "30 detik"], "1 jam 1 menit"),  # whole minutes from an hour on
    (["1 - 2 minggu"], "5 - 10 hari kerja"),
])
def test_sums_read_as_a_person_writes_them(parts, expected):
    total = Duration(Fraction(0), Fraction(0))
    for part in parts:
        total = total + parse_waktu(part)
    assert total.format() == expected
