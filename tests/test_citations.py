"""Mengingat in the order of the hierarchy of regulations, each regulation once, and a
warning where one regulation is cited in two wordings."""

from __future__ import annotations

import pytest

from sopgen.check.citations import ordered, regulation
from sopgen.document.decree import decree_context

UUD = "Undang-Undang Dasar Negara Republik Indonesia Tahun 1945"
UU = "Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah"
PP = "Peraturan Pemerintah Nomor 18 Tahun 2016 tentang Perangkat Daerah"
PERPRES = "Peraturan Presiden Nomor 81 Tahun 2010 tentang Grand Design Reformasi Birokrasi"
PERMEN = ("Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 35"
          " Tahun 2012 tentang Pedoman Penyusunan Standar Operasional Prosedur Administrasi"
          " Pemerintahan")
PERDA_PROV = "Peraturan Daerah Provinsi Jawa Timur Nomor 2 Tahun 2021 tentang X"
PERDA = "Peraturan Daerah Kota Probolinggo Nomor 7 Tahun 2022 tentang Perangkat Daerah"
PERWALI = "Peraturan Wali Kota Probolinggo Nomor 12 Tahun 2021 tentang Pedoman SOP"
KEPUTUSAN = "Keputusan Wali Kota Probolinggo Nomor 100/45/425.012/2025 tentang Tim SOP"
HIERARCHY = [UUD, UU, PP, PERPRES, PERMEN, PERDA_PROV, PERDA, PERWALI, KEPUTUSAN]


def test_the_hierarchy_of_regulations():
    assert ordered(list(reversed(HIERARCHY))) == HIERARCHY
    ranks = [regulation(text).rank for text in HIERARCHY]
    assert ranks == sorted(ranks) and len(set(ranks)) == len(ranks)


def test_within_a_rank_by_year_then_number():
    texts = ["Undang-Undang Nomor 30 Tahun 2014 tentang A", "Undang-Undang Nomor 9 Tahun 2014 tentang B",
             "Undang-Undang Nomor 25 Tahun 2009 tentang C"]
    assert ordered(texts) == [texts[2], texts[1], texts[0]]


@pytest.mark.parametrize("short", [
    "Permenpan RB No. 35 Tahun 2012",
    "Permenpan-RB Nomor 35 Tahun 2012 tentang Pedoman Penyusunan SOP AP",
    "Peraturan Menteri PANRB Nomor 35 Tahun 2012",
    "Peraturan Menteri PAN-RB Nomor: 35 Tahun 2012",
])
def test_two_wordings_of_one_regulation_are_one(short):
    assert regulation(short).key == regulation(PERMEN).key
    assert ordered([short, UU, PERMEN], preferred={PERMEN}) == [UU, PERMEN]
    assert ordered([short, PERMEN]) == [short]  # no catalogue wording: the first one


def test_abbreviated_kinds_keep_their_rank():
    assert regulation("UU No. 23 Tahun 2014").key == regulation(UU).key
    assert regulation("Perwali Probolinggo Nomor 12 Tahun 2021").rank == regulation(PERWALI).rank
    assert regulation("Peraturan Walikota Probolinggo Nomor 12 Tahun 2021").key == regulation(PERWALI).key
    assert regulation("PP Nomor 18 Tahun 2016").key == regulation(PP).key


def test_different_regulations_stay_apart():
    assert regulation("Peraturan Pemerintah Nomor 23 Tahun 2014 tentang X").key != regulation(UU).key
    assert regulation("Undang-Undang Nomor 23 Tahun 2006 tentang X").key != regulation(UU).key


def test_unreadable_citations_follow_in_their_order():
    loose = ["Surat Edaran tentang jam kerja", "Pedoman internal bagian"]
    assert ordered([loose[0], PERWALI, loose[1], UU, loose[0]]) == [UU, PERWALI, *loose]


def test_the_decree_prints_the_hierarchy_once_each(tree):
    tree.write("unit-a/sop-c.yaml", (tree.root / "unit-a/sop-a.yaml").read_text()
               .replace("060/01/", "060/02/").replace("Penyusunan SOP", "Evaluasi SOP")
               .replace("  - uu-23-2014\n", "  - permenpan-35-2012\n"))
    tree.replace("unit-a/sop-a.yaml", "  - uu-23-2014\n",
                 "  - uu-23-2014\n  - Permenpan RB No. 35 Tahun 2012\n"
                 "  - Undang-Undang Dasar Negara Republik Indonesia Tahun 1945\n")
    checked = tree.check()
    unit = next(u for u in checked.sources.units if u.id == "unit-a")
    texts = [item["teks"] for item in decree_context(checked.sources, unit)["mengingat"]]
    assert [t.split(" Nomor")[0].split(" Tahun")[0] for t in texts] == [
        "Undang-Undang Dasar Negara Republik Indonesia", "Undang-Undang",
        "Peraturan Menteri PANRB", "Peraturan Wali Kota Contoh"]
    assert texts[-1].endswith(".") and all(t.endswith(";") for t in texts[:-1])
    warnings = [str(d) for d in checked.diagnostics.warnings]
    # the two wordings of Permenpan 35/2012, each pointing at the other
    assert len(warnings) == 2, warnings
    a, c = sorted(warnings)
    assert "sop-a.yaml:8:5: warning: dasar hukum ini menyebut peraturan yang sama" in a
    assert "sop-c.yaml:7:5" in a and "sop-a.yaml:8:5" in c


@pytest.mark.parametrize("one,other", [
    ("Peraturan Kepala BPS Nomor 9 Tahun 2017", "Peraturan Kepala Badan Pusat Statistik Nomor 9 Tahun 2017"),
    ("Perka BKN Nomor 1 Tahun 2019", "Peraturan Kepala Badan Kepegawaian Negara Nomor 1 Tahun 2019"),
    ("Peraturan BPS Nomor 5 Tahun 2019", "Peraturan Badan Pusat Statistik Nomor 5 Tahun 2019 tentang X"),
    ("Permendagri Nomor 79 Tahun 2018", "Peraturan Menteri Dalam Negeri Nomor 79 Tahun 2018 tentang BLUD"),
    ("Peraturan Kepala Badan Pusat Statistik Republik Indonesia Nomor 9 Tahun 2017",
     "Peraturan Kepala BPS RI Nomor 9 Tahun 2017"),
])
def test_an_agency_by_its_abbreviation_is_the_same_regulation(one, other):
    assert regulation(one) is not None and regulation(one).rank == regulation(PERMEN).rank
    assert regulation(one).key == regulation(other).key
    assert ordered([one, UU, other]) == [UU, one]


def test_agencies_with_other_names_stay_apart():
    for one, other in [("Peraturan Menteri Keuangan Nomor 5 Tahun 2020",
                        "Peraturan Menteri Kesehatan Nomor 5 Tahun 2020"),
                       ("Peraturan Kepala BPS Nomor 9 Tahun 2017", "Peraturan Kepala BKN Nomor 9 Tahun 2017"),
                       ("Peraturan Kepala BPS Nomor 9 Tahun 2017", "Peraturan BPS Nomor 9 Tahun 2017"),
                       ("Peraturan Kepala Badan Pusat Statistik Nomor 9 Tahun 2017",
                        "Peraturan Kepala Badan Pertanahan Nasional Nomor 9 Tahun 2017")]:
        assert regulation(one).key != regulation(other).key, (one, other)
