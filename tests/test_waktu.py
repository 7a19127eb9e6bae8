"""Measurable durations: what is accepted, what is refused with a hint, and how sums read."""

from __future__ import annotations

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
    ("1x24 jam", 24 * HOUR, 24 * HOUR),
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
]


@pytest.mark.parametrize("text,words", REFUSED)
def test_refused_with_a_hint(text, words):
    with pytest.raises(WaktuError) as caught:
        parse_waktu(text)
    assert words in str(caught.value)


def test_vague_words_get_examples():
    with pytest.raises(WaktuError, match='"1 - 2 hari"'):
        parse_waktu("secepatnya")


@pytest.mark.parametrize("parts,expected", [
    (["5 menit"], "5 menit"),
    (["30 menit", "30 menit"], "1 jam"),
    (["1 jam", "30 menit"], "1,5 jam"),
    (["1 - 2 hari", "1 hari"], "2 - 3 hari kerja"),
    (["30 menit", "1 - 2 hari"], "1,1 - 2,1 hari kerja"),
    (["10 menit", "1 - 2 jam"], "1,2 - 2,2 jam"),
    (["40 menit", "0,5 - 3 hari"], "4,7 jam - 3,1 hari kerja"),
    (["45 detik"], "45 detik"),
])
def test_sums_read_in_the_largest_unit(parts, expected):
    total = Duration(Fraction(0), Fraction(0))
    for part in parts:
        total = total + parse_waktu(part)
    assert total.format() == expected
