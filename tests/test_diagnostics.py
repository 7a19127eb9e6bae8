"""One broken input per row: the diagnostic names the right file and line, in Indonesian.

Each row breaks the valid tree of conftest.py in one place: `old` replaced by `new` in
`file` (or the whole file written when `old` is None). `at` is a piece of the broken
file; the diagnostic must point at the line that holds its last occurrence (line 1 when
None).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from sopgen.errors import Severity

SOP = "unit-a/sop-a.yaml"
UNIT = "unit-a/unit.yaml"


@dataclass(frozen=True)
class Case:
    id: str
    file: str
    old: str | None
    new: str | bytes
    at: str | None
    words: tuple[str, ...]
    severity: Severity = Severity.ERROR
    reported_in: str | None = None  # when the diagnostic is in another file than the edit


CASES = [
    # --- YAML itself
    Case("duplicate-key", SOP, "nama: Penyusunan SOP\n", "nama: Penyusunan SOP\nnama: Lain\n",
         "nama: Lain", ("nama", "dua kali", "baris 2")),
    Case("tab-indent", SOP, "    output: Konsep SOP\n", "\toutput: Konsep SOP\n", "\toutput",
         ("tab", "spasi")),
    Case("not-utf8", SOP, None, "nama: Caf\xe9\n".encode("latin-1"), None, ("UTF-8",)),
    Case("empty-file", "unit-b/sop-b.yaml", None, "", None, ("kosong",)),
    Case("only-comments", "unit-b/sop-b.yaml", None, "# nanti diisi\n", None, ("kosong",)),
    Case("top-level-list", "unit-b/sop-b.yaml", None, "- nomor: 1\n", "- nomor",
         ("sop-b.yaml", "pemetaan", "daftar")),
    Case("colon-in-text", SOP, "output: Usulan SOP", "output: Catatan: usulan", "Catatan",
         ("':'", "tanda kutip")),
    Case("unclosed-quote", "unit-b/sop-b.yaml", "output: Surat keterangan\n",
         'output: "Surat keterangan\n', '"Surat keterangan', ("kutip", "tidak ditutup")),
    Case("python-tag", SOP, "output: SOP ditetapkan", "output: !!python/object:os.system x",
         "!!python", ("tag", "tidak didukung")),
    Case("two-documents", "unit-b/sop-b.yaml", "nama: Surat", "---\nnama: Surat", "---",
         ("satu dokumen",)),
    # --- keys and types
    Case("unknown-key-suggestion", SOP, "nama: Penyusunan SOP", "nma: Penyusunan SOP", "nma:",
         ('"nma"', "tidak dikenal", '"nama"')),
    Case("unknown-key-spaces", SOP, "tanggal_efektif:", "tanggal efektif:", "tanggal efektif",
         ('"tanggal efektif"', '"tanggal_efektif"')),
    Case("unknown-step-key", SOP, "kelengkapan: [Data", "kelengkapn: [Data", "kelengkapn",
         ("langkah 2", '"kelengkapn"', '"kelengkapan"')),
    Case("unknown-decision-key", SOP, "      tidak: 2\n", "      tidak: 2\n      kembali: 1\n",
         "kembali", ('"kembali"', "tidak dikenal")),
    Case("missing-nomor", SOP, 'nomor: "060/01/425.012/2026"\n', "", "nama: Penyusunan",
         ('"nomor" wajib diisi',)),
    Case("empty-output", SOP, "output: Konsep SOP\n", 'output: ""\n', 'output: ""',
         ("langkah 2", '"output" belum diisi')),
    Case("missing-uraian", SOP, "  - uraian: Menyusun konsep SOP\n    pelaksana: Pelaksana\n",
         "  - pelaksana: Pelaksana\n", "  - pelaksana: Pelaksana\n    kelengkapan",
         ("langkah 2", '"uraian" wajib diisi')),
    Case("list-for-text", SOP, "nama: Penyusunan SOP", "nama: [Penyusunan, SOP]", "nama: [",
         ('"nama" harus berupa teks', "daftar")),
    Case("mapping-for-list", SOP, "kualifikasi_pelaksana: [Memahami tugas dan fungsi unit kerja]",
         "kualifikasi_pelaksana: {a: b}", "kualifikasi_pelaksana", ("kualifikasi_pelaksana",
                                                                    "daftar teks")),
    Case("empty-list-item", SOP, "peralatan_perlengkapan: [Komputer, Printer]",
         'peralatan_perlengkapan: [Komputer, ""]', "peralatan_perlengkapan",
         ("peralatan_perlengkapan", "kosong")),
    Case("kegiatan-not-list", SOP, "kegiatan:\n", "kegiatan: Menyusun SOP\nlama:\n", "kegiatan:",
         ('"kegiatan" harus berupa daftar',)),
    # --- dates
    Case("impossible-date", SOP, "tanggal_pembuatan: 2026-01-05", "tanggal_pembuatan: 2026-02-30",
         "tanggal_pembuatan", ("2026-02-30", "tidak ada di kalender")),
    Case("not-a-date", SOP, "tanggal_efektif: 2026-02-01", "tanggal_efektif: besok",
         "tanggal_efektif", ('"tanggal_efektif" harus berupa tanggal',)),
    Case("bad-month-name", SOP, "tanggal_efektif: 2026-02-01", "tanggal_efektif: 1 Febuari 2026",
         "tanggal_efektif", ("Febuari", "bulan")),
    Case("effective-before-made", SOP, "tanggal_efektif: 2026-02-01",
         "tanggal_efektif: 2025-12-31", "tanggal_efektif", ("sebelum", "tanggal_pembuatan")),
    Case("revision-before-made", SOP, "tanggal_revisi: null", "tanggal_revisi: 2025-01-01",
         "tanggal_revisi", ("tanggal_revisi", "sebelum")),
    # --- NIP
    Case("nip-length", UNIT, '"197203151998032004"', '"19720315199803200"', "nip:",
         ("NIP", "18 angka")),
    Case("nip-birth-date", UNIT, '"197203151998032004"', '"197213151998032004"', "nip:",
         ("NIP", "tanggal lahir")),
    Case("nip-appointment-month", UNIT, '"197203151998032004"', '"197203151998132004"', "nip:",
         ("NIP", "pengangkatan")),
    Case("nip-gender", UNIT, '"197203151998032004"', '"197203151998033004"', "nip:",
         ("NIP", "jenis kelamin")),
    Case("nip-appointed-before-birth", UNIT, '"197203151998032004"', '"197203151960032004"',
         "nip:", ("NIP", "tidak mungkin")),
    # --- waktu
    Case("waktu-secepatnya", SOP, "waktu: 2 hari", "waktu: secepatnya", "secepatnya",
         ("langkah 2", "secepatnya", "tidak terukur", "3 hari kerja")),
    Case("waktu-segera", SOP, "waktu: 1 hari", "waktu: Segera", "Segera",
         ("langkah 3", "tidak terukur")),
    Case("waktu-sesuai-kebutuhan", SOP, "waktu: 30 menit", "waktu: sesuai kebutuhan", "sesuai",
         ("langkah 4", "tidak terukur")),
    Case("waktu-bare-number", SOP, "waktu: 2 hari", "waktu: 2", "waktu: 2\n",
         ("langkah 2", "satuan")),
    Case("waktu-unknown-unit", SOP, "waktu: 2 hari", "waktu: 2 hri", "2 hri",
         ("satuan tidak dikenal", '"hari"')),
    Case("waktu-reversed-range", SOP, "waktu: 2 hari", "waktu: 3 - 1 hari", "3 - 1",
         ("terbalik",)),
    Case("waktu-dash-in-middle", SOP, "waktu: 2 hari", 'waktu: "-"', 'waktu: "-"\n    output: Konsep',
         ('"-"', "pertama dan terakhir")),
    Case("waktu-word-mismatch", SOP, "waktu: 2 hari", "waktu: 2 (tiga) hari", "tiga",
         ("tidak sama",)),
    # --- actors
    Case("unknown-actor", SOP, "pelaksana: Kepala Subbagian\n    keputusan",
         "pelaksana: Kasubbag\n    keputusan", "Kasubbag",
         ("langkah 3", '"Kasubbag"', "tidak ada", "Kepala Subbagian")),
    Case("unused-actor", SOP, "  - Kepala Bagian\nkegiatan", "  - Kepala Bagian\n  - Sekretaris\nkegiatan",
         "  - Sekretaris", ('"Sekretaris"', "tidak melaksanakan"), Severity.WARNING),
    Case("duplicate-actor", SOP, "  - Kepala Bagian\nkegiatan",
         "  - Kepala Bagian\n  - kepala bagian\nkegiatan", "  - kepala bagian",
         ("disebut dua kali",)),
    Case("too-many-actors", SOP, "  - Kepala Bagian\nkegiatan",
         "  - Kepala Bagian\n" + "".join(f"  - Aktor {i}\n" for i in range(14)) + "kegiatan",
         "pelaksana:\n  - Pelaksana", ("paling banyak 16", "17")),
    Case("parallel-actor-twice", SOP, "pelaksana: Kepala Bagian\n",
         "pelaksana: [Kepala Bagian, Kepala Bagian]\n", "[Kepala Bagian, Kepala Bagian]",
         ("langkah 4", "disebut dua kali")),
    # --- flow
    Case("target-unknown-id", SOP, "tidak: 2", "tidak: susun", "tidak: susun",
         ("langkah 3", '"susun"', "tidak ditemukan")),
    Case("target-suggests-id", SOP, "    output: Konsep SOP\n", "    output: Konsep SOP\n    lanjut: periks\n",
         "lanjut: periks", ('"periks"', '"periksa"')),
    Case("target-self", SOP, "tidak: 2", "tidak: periksa", "tidak: periksa",
         ("langkah 3", "itu sendiri")),
    Case("target-out-of-range", SOP, "tidak: 2", "tidak: 9", "tidak: 9",
         ("langkah 9 tidak ada", "1 sampai 4")),
    Case("decision-on-first-step", SOP, "    waktu: \"-\"\n    output: Usulan SOP\n",
         "    waktu: \"-\"\n    output: Usulan SOP\n    keputusan:\n      tidak: 3\n",
         "    keputusan:\n      tidak: 3", ("langkah 1", "langkah pertama", "keputusan")),
    Case("decision-on-last-step", SOP, "    output: SOP ditetapkan\n",
         "    output: SOP ditetapkan\n    keputusan:\n      tidak: 2\n",
         "    keputusan:\n      tidak: 2\n", ("langkah 4", "langkah terakhir")),
    Case("lanjut-on-last-step", SOP, "    output: SOP ditetapkan\n",
         "    output: SOP ditetapkan\n    lanjut: 2\n", "lanjut: 2", ("langkah 4", "lanjut")),
    Case("lanjut-on-decision", SOP, "      tidak: 2\n", "      tidak: 2\n    lanjut: 4\n",
         "lanjut: 4", ("langkah 3", "bukan \"lanjut\"")),
    Case("unreachable-step", SOP, "    output: Konsep SOP\n", "    output: Konsep SOP\n    lanjut: 4\n",
         "  - id: periksa", ("langkah 3", "tidak pernah dicapai")),
    Case("endless-loop", SOP, "      tidak: 2\n", "      tidak: 2\n      ya: 2\n",
         "  - uraian: Menerima usulan", ("1, 2, 3", "perulangan tanpa jalan keluar")),
    Case("duplicate-step-id", SOP, "  - uraian: Menyusun konsep SOP\n",
         "  - id: periksa\n    uraian: Menyusun konsep SOP\n", "  - id: periksa\n    uraian: Memeriksa",
         ('id "periksa" sudah dipakai langkah 2',)),
    Case("numeric-step-id", SOP, "  - id: periksa", "  - id: '3'", "  - id: '3'", ("angka",)),
    Case("single-step", "unit-b/sop-b.yaml",
         "  - uraian: Menerbitkan surat keterangan\n    pelaksana: Petugas\n    waktu: 15 menit\n"
         "    output: Surat keterangan\n", "", "kegiatan:", ("paling sedikit 2 langkah",)),
    # --- catalogue and references
    Case("unknown-catalogue-key", SOP, "  - uu-23-2014", "  - uu-23-2015", "uu-23-2015",
         ('"uu-23-2015"', "dasar-hukum.yaml", '"uu-23-2014"')),
    Case("catalogue-key-with-space", "dasar-hukum.yaml", "uu-23-2014:", "uu 23 2014:", "uu 23 2014",
         ("spasi",)),
    Case("related-unknown-sop", SOP, "sop: unit-b/sop-b", "sop: unit-b/sop-c", "sop: unit-b",
         ('"unit-b/sop-c"', "tidak ditemukan", '"unit-b/sop-b"')),
    Case("related-unknown-unit", SOP, "sop: unit-b/sop-b", "sop: unit-c/sop-b", "sop: unit-c",
         ("tidak ditemukan", '"unit-b"')),
    Case("related-self", SOP, "sop: unit-b/sop-b", "sop: sop-a", "sop: sop-a", ("dirinya sendiri",)),
    Case("duplicate-nomor", "unit-b/sop-b.yaml", '"470/01/425.301/2026"', '"060/01/425.012/2026"',
         "nomor:", ("juga dipakai", "sop-a.yaml:1:8", "unik")),
    Case("duplicate-nama", "unit-a/sop-c.yaml", None,
         BASE_SOP_C := "nomor: \"060/02/425.012/2026\"\nnama: penyusunan sop\n"
         "tanggal_pembuatan: 2026-01-05\ntanggal_efektif: 2026-01-05\npelaksana: [Pelaksana]\n"
         "kegiatan:\n  - {uraian: Mulai, pelaksana: Pelaksana, waktu: 1 jam, output: A}\n"
         "  - {uraian: Selesai, pelaksana: Pelaksana, waktu: 1 jam, output: B}\n",
         "nama: penyusunan sop", ("nama SOP", "juga dipakai", "sop-a.yaml")),
    Case("duplicate-nomor-both-files", "unit-b/sop-b.yaml", '"470/01/425.301/2026"',
         '"060/01/425.012/2026"', None, ("juga dipakai", "sop-b.yaml:1:8"), reported_in=SOP),
    Case("empty-related-item", SOP, "  - SOP Penyusunan Analisis Jabatan", '  - ""', '  - ""',
         ("keterkaitan", "kosong")),
    Case("empty-decision", SOP, "    keputusan:\n      tidak: 2\n", "    keputusan:\n", "keputusan:",
         ("langkah 3", '"keputusan" kosong'), Severity.WARNING),
    Case("decision-without-tidak", SOP, "      tidak: 2\n", "      ya: 4\n", "      ya: 4",
         ('langkah 3: "tidak" wajib diisi',)),
    Case("at-sign-start", SOP, "output: Usulan SOP", "output: @usulan", "@usulan",
         ('"@"', "tanda kutip")),
    Case("decision-with-two-actors", SOP, "pelaksana: Kepala Subbagian\n    keputusan",
         "pelaksana: [Kepala Subbagian, Kepala Bagian]\n    keputusan", "    keputusan:",
         ("langkah 3", 'perlu "oleh"')),
    Case("decision-oleh-not-an-actor", SOP, "pelaksana: Kepala Subbagian\n    keputusan:\n",
         "pelaksana: [Kepala Subbagian, Kepala Bagian]\n    keputusan:\n      oleh: Sekretaris\n",
         "oleh: Sekretaris", ("langkah 3", '"oleh" harus salah satu pelaksana')),
    Case("catalogue-hint-for-new-regulation", SOP, "  - uu-23-2014", "  - perpres-81-2010",
         "perpres-81-2010", ("tambahkan ke dasar-hukum.yaml",)),
    Case("logo-windows-path", "pemda.yaml", "logo: logo/logo.png", "logo: C:/Logo/kota.png", "logo:",
         ("di luar folder sumber",)),
    # --- unit.yaml
    Case("unit-missing-nama", UNIT, "nama: Bagian Organisasi\n", "", "induk:", ('"nama" wajib diisi',)),
    Case("unit-bad-year", UNIT, "tahun: 2026", "tahun: dua ribu", "tahun:", ('"tahun"', "angka tahun")),
    Case("unit-without-signatory", "unit-b/unit.yaml",
         "kepala:\n  jabatan: Camat Contoh\n  nama: BUDI SANTOSO, S.STP\n  nip: \"198001012005011003\"\n",
         "", "nama: Kecamatan", ('"kepala" wajib diisi', "sop-b")),
    Case("urutan-unknown", UNIT, "tahun: 2026\n", "tahun: 2026\nurutan: [sop-x]\n", "urutan",
         ('"sop-x"', "tidak ada")),
    Case("keputusan-without-date", UNIT, "  tanggal: 2026-02-02\n", "", "  nomor:",
         ('"tanggal" wajib diisi',)),
    Case("unknown-lampiran", UNIT, "tahun: 2026\n", "tahun: 2026\nlampiran: [monitoring, survei]\n",
         "lampiran:", ('"survei"', "monitoring, evaluasi")),
    Case("perangkat-daerah-twice", "pemda.yaml", "kertas: F4\n",
         "kertas: F4\nperangkat_daerah:\n  - {id: unit-a, nama: A}\n  - {id: unit-a, nama: B}\n"
         "  - {id: unit-b, nama: C}\n", "  - {id: unit-a, nama: B}", ('"unit-a"', "dua kali")),
    Case("unit-not-listed", "pemda.yaml", "kertas: F4\n",
         "kertas: F4\nperangkat_daerah:\n  - {id: unit-a, nama: A}\n", None,
         ('"unit-b"', "perangkat_daerah"), Severity.WARNING, reported_in="unit-b/unit.yaml"),
    # --- pemda.yaml and paths
    Case("pemda-missing-nama", "pemda.yaml", "nama: Pemerintah Kota Contoh\n", "", "kota:",
         ('"nama" wajib diisi',)),
    Case("pemda-paper", "pemda.yaml", "kertas: F4", "kertas: Letter", "kertas",
         ("F4 atau A4", "Letter")),
    Case("pemda-kota-needed", "pemda.yaml", "kota: Contoh\n", "", None, ('"kota" wajib diisi',
                                                                        "keputusan")),
    Case("logo-outside", "pemda.yaml", "logo: logo/logo.png", "logo: ../rahasia.png", "logo:",
         ("di luar folder sumber",)),
    Case("logo-absolute", "pemda.yaml", "logo: logo/logo.png", "logo: /etc/passwd", "logo:",
         ("di luar folder sumber",)),
    Case("logo-missing", "pemda.yaml", "logo: logo/logo.png", "logo: logo/tidak-ada.png", "logo:",
         ("tidak ditemukan",)),
    Case("logo-not-image", "pemda.yaml", "logo: logo/logo.png", "logo: dasar-hukum.yaml", "logo:",
         ("bukan gambar PNG atau JPEG",)),
    Case("stray-top-level-file", "catatan.yaml", None, "a: 1\n", None, ("diabaikan",),
         Severity.WARNING),
    Case("yml-extension", "unit-a/sop-d.yml", None, "a: 1\n", None, (".yml", "sop-d.yaml"),
         Severity.WARNING),
    Case("sop-file-name", "unit-a/SOP Baru.yaml", None, "a: 1\n", None,
         ("huruf kecil", "sop-baru.yaml")),
    Case("unit-folder-name", "Unit C/unit.yaml", None, "nama: C\n", None,
         ("huruf kecil", "unit-c"), reported_in="Unit C"),
    Case("unit-without-unit-yaml", "unit-c/sop-x.yaml", None, "a: 1\n", None,
         ("unit.yaml tidak ada",), reported_in="unit-c/unit.yaml"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_broken_input_is_reported_at_its_line(tree, case: Case):
    path = tree.write(case.file, case.new) if case.old is None else tree.replace(
        case.file, case.old, case.new)
    line = 1
    if case.at is not None:
        text = path.read_text(encoding="utf-8")
        assert case.at in text, f"{case.at!r} not in the broken file"
        line = text[: text.rindex(case.at)].count("\n") + 1
    expected_path = tree.root / (case.reported_in or case.file)
    diagnostics = tree.diagnostics().sorted()
    shown = "\n".join(map(str, diagnostics))
    matches = [
        d for d in diagnostics
        if d.location.path == expected_path and d.location.line == line
        and d.severity is case.severity and all(w in d.message for w in case.words)
    ]
    assert matches, f"no {case.severity.value} at {case.file}:{line} with {case.words}; got:\n{shown}"
    if case.severity is Severity.ERROR:
        assert tree.check().sources is None


def test_every_case_is_its_own():
    """Each case names one edit that changes its file, under a name no other case has:
    a copied row would test one mistake twice and leave another untested."""
    assert len({c.id for c in CASES}) == len(CASES) >= 40
    assert len({(c.file, c.old, c.new, c.reported_in) for c in CASES}) == len(CASES)
    assert all(c.old != c.new and c.words for c in CASES)


def test_the_base_tree_is_valid(tree):
    checked = tree.check()
    assert [str(d) for d in checked.diagnostics.sorted()] == []
    assert checked.sources is not None


def test_dates_that_contradict_the_decree_or_today_are_warned(tree):
    """A SOP made or revised after the decree that sets it, or dated in the future: the
    book would print it as written, so check says where."""
    from sopgen import build

    today = dt.date(2026, 12, 5)
    assert not build.check(tree.root, today=today).diagnostics.items
    tree.replace("unit-a/sop-a.yaml", "tanggal_revisi: null", "tanggal_revisi: 2026-03-01")
    found = build.check(tree.root, today=today).diagnostics.items
    assert [(d.severity.value, d.location.line) for d in found] == [("warning", 4)], found
    assert "sesudah tanggal keputusan" in found[0].message and "2026-02-02" in found[0].message
    assert "unit.yaml:" in found[0].message  # where the decree's date is
    tree.replace("unit-a/sop-a.yaml", "tanggal_revisi: 2026-03-01", "tanggal_revisi: 2028-12-01")
    found = build.check(tree.root, today=today).diagnostics.items
    assert len(found) == 1 and "belum tiba" in found[0].message and "2026-12-05" in found[0].message
    assert build.check(tree.root, today=dt.date(2029, 1, 1)).diagnostics.items[0].message.count(
        "sesudah tanggal keputusan") == 1
    tree.replace("unit-a/sop-a.yaml", "tanggal_revisi: 2028-12-01", "tanggal_revisi: 2026-02-01")
    assert not build.check(tree.root, today=today).diagnostics.items
