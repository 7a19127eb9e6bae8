"""The model is resolved: citations expanded, references named, targets as indexes."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from sopgen.check.model import Official, Related, SopKey
from sopgen.check.waktu import Duration


def test_model_of_the_base_tree(tree):
    sources = tree.check().sources
    unit = sources.units[0]
    assert unit.id == "unit-a" and unit.nama_baris == ("Sekretariat Daerah", "Bagian Organisasi")
    assert unit.keputusan.tanggal == dt.date(2026, 2, 2)
    sop = unit.sops[0]
    assert sop.key == SopKey("unit-a", "sop-a")
    assert sop.disahkan_oleh == Official("Kepala Bagian Organisasi", "Dra. SITI AMINAH, M.Si",
                                         "Pembina Tingkat I", "197203151998032004")
    assert sop.disahkan_oleh.nip_cetak == "NIP. 19720315 199803 2 004"
    assert sop.dasar_hukum[0] == "Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah"
    assert sop.keterkaitan == (
        Related("Surat Keterangan Tidak Mampu", "470/01/425.301/2026", SopKey("unit-b", "sop-b")),
        Related("SOP Penyusunan Analisis Jabatan"),
    )
    assert sop.keterkaitan[0].text == "Surat Keterangan Tidak Mampu (Nomor 470/01/425.301/2026)"
    first, second, decision, last = sop.kegiatan
    assert first.durasi is None and first.lanjut == (1,)
    assert decision.keputusan.ya == 3 and decision.keputusan.tidak == 1
    assert decision.keputusan.label_ya == "Ya" and decision.successors == (3, 1)
    assert last.lanjut == () and last.successors == ()


def test_signatory_of_the_sop_wins_over_the_unit_head(tree):
    tree.replace("unit-a/sop-a.yaml", "dasar_hukum:", "disahkan_oleh:\n  jabatan: Sekretaris"
                 " Daerah\n  nama: Ir. BUDI, M.T.\n  nip: 19700101 199503 1 001\ndasar_hukum:")
    sop = tree.check().sources.units[0].sops[0]
    assert sop.disahkan_oleh == Official("Sekretaris Daerah", "Ir. BUDI, M.T.", None,
                                         "197001011995031001")


def test_targets_by_id_number_and_selesai(tree):
    tree.replace("unit-a/sop-a.yaml", "      tidak: 2\n", "      tidak: selesai\n      ya: 2\n"
                 "      label_ya: Perlu perbaikan\n      label_tidak: Sesuai\n")
    tree.replace("unit-a/sop-a.yaml", "    output: Usulan SOP\n", "    output: Usulan SOP\n"
                 "    lanjut: periksa\n")
    sop = tree.check().sources.units[0].sops[0]
    first, second, decision, _ = sop.kegiatan
    assert first.lanjut == (2,)
    assert (decision.keputusan.ya, decision.keputusan.tidak) == (1, 3)
    assert decision.keputusan.label_ya == "Perlu perbaikan"


def test_a_fork_names_several_next_steps_each_once(tree):
    tree.replace("unit-a/sop-a.yaml", "    output: Usulan SOP\n", "    output: Usulan SOP\n    lanjut: [2, selesai]\n")
    first = tree.check().sources.units[0].sops[0].kegiatan[0]
    assert first.lanjut == (1, 3) and first.successors == (1, 3)
    tree.replace("unit-a/sop-a.yaml", "lanjut: [2, selesai]", "lanjut: [2, 2]")
    assert any('"lanjut" menyebut langkah 2 dua kali' in str(d) for d in tree.check().diagnostics.errors)


def test_total_time_follows_the_main_path_without_loop_backs(tree):
    sop = tree.check().sources.units[0].sops[0]
    # "-" + 2 hari + 1 hari + 30 menit; the loop back from the decision is not counted
    assert sop.total_waktu == Duration(Fraction(3 * 480 + 30), Fraction(3 * 480 + 30))
    assert sop.total_waktu.format() == "3 hari kerja 30 menit"


def test_total_time_of_a_forward_jump_is_a_range(tree):
    tree.replace("unit-a/sop-a.yaml", "      tidak: 2\n", "      tidak: selesai\n")
    tree.replace("unit-a/sop-a.yaml", "  - uraian: Menandatangani SOP\n",
                 "  - uraian: Memaraf SOP\n    pelaksana: Kepala Subbagian\n    waktu: 2 hari\n"
                 "    output: SOP diparaf\n  - uraian: Menandatangani SOP\n")
    sop = tree.check().sources.units[0].sops[0]
    assert sop.total_waktu.format() == "3 hari kerja 30 menit - 5 hari kerja 30 menit"


def test_book_order_follows_urutan_then_nomor(tree):
    for n in (10, 2):
        tree.write(f"unit-a/sop-{n}.yaml", tree.root.joinpath("unit-a/sop-a.yaml").read_text()
                   .replace("060/01/", f"060/{n}/").replace("nama: Penyusunan SOP",
                                                           f"nama: SOP {n}"))
    assert [s.key.sop for s in tree.check().sources.units[0].sops] == ["sop-a", "sop-2", "sop-10"]
    tree.replace("unit-a/unit.yaml", "tahun: 2026\n", "tahun: 2026\nurutan: [sop-10, sop-a, sop-2]\n")
    assert [s.key.sop for s in tree.check().sources.units[0].sops] == ["sop-10", "sop-a", "sop-2"]


def test_a_fork_takes_as_long_as_its_slowest_branch_and_a_decision_its_fastest():
    import dataclasses

    from sopgen.check.model import Decision, main_path_time
    from sopgen.check.waktu import parse_waktu

    from .conftest import checked_samples

    base = checked_samples().sources.units[0].sops[0].kegiatan[1]

    def step(index, waktu, lanjut=(), keputusan=None):
        return dataclasses.replace(base, index=index, durasi=parse_waktu(waktu), lanjut=lanjut, keputusan=keputusan)

    fork = (step(0, "1 jam", (1, 2)), step(1, "1 hari", (3,)), step(2, "3 hari", (3,)), step(3, "1 jam"))
    total = main_path_time(fork)
    assert total.min == total.max == parse_waktu("3 hari").min + 2 * parse_waktu("1 jam").min
    choice = (step(0, "1 jam", keputusan=Decision(1, 2)), step(1, "1 hari", (3,)), step(2, "3 hari", (3,)),
              step(3, "1 jam"))
    total = main_path_time(choice)
    assert (total.min, total.max) == (parse_waktu("1 hari").min + 2 * parse_waktu("1 jam").min,
                                      parse_waktu("3 hari").max + 2 * parse_waktu("1 jam").max)
