"""`sopgen revisi` (issue 27): the batch re-issue sets the dates of the chosen SOPs and
keeps every other byte of their files, comments, quoting, CRLF and BOM included; a
mistake anywhere leaves every file as it was."""

from __future__ import annotations

from sopgen.cli import main

HEAD = """\
# SOP surat keterangan: disusun ulang tiap tahun
nomor: "470/01/425.301/2026"   # nomor dari bagian umum
nama: Surat Keterangan Tidak Mampu
tanggal_pembuatan: 2026-01-10
"""
REST = """\
pelaksana: [Pemohon, Petugas]
kegiatan:
  - uraian: Mengajukan permohonan   # langkah pertama
    pelaksana: Pemohon
    waktu: 5 menit
    output: Permohonan
  - uraian: Menerbitkan surat keterangan
    pelaksana: Petugas
    waktu: 15 menit
    output: Surat keterangan
"""


def changed_lines(before: bytes, after: bytes) -> list[tuple[bytes, bytes]]:
    """The lines that differ, pairwise (both files have the same number of lines)."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    assert len(old) == len(new), (old, new)
    return [(a, b) for a, b in zip(old, new) if a != b]


def test_only_the_date_lines_change_and_check_passes(tree, capsys):
    text = HEAD + "tanggal_revisi: null            # diisi saat revisi\ntanggal_efektif: '10 Januari 2026'\n" + REST
    path = tree.write("unit-b/sop-b.yaml", text.replace("\n", "\r\n").encode("utf-8-sig"))
    before = path.read_bytes()
    assert main(["revisi", "--sources", str(tree.root), "unit-b", "--tanggal", "2 Februari 2026",
                 "--efektif", "2026-02-09"]) == 0
    after = path.read_bytes()
    assert changed_lines(before, after) == [
        (b"tanggal_revisi: null            # diisi saat revisi\r\n",
         b"tanggal_revisi: 2026-02-02            # diisi saat revisi\r\n"),
        (b"tanggal_efektif: '10 Januari 2026'\r\n", b"tanggal_efektif: '2026-02-09'\r\n"),
    ]
    assert after.startswith(b"\xef\xbb\xbf")
    out = capsys.readouterr().out
    assert "sop-b.yaml: tanggal_revisi - -> 2026-02-02; tanggal_efektif 10 Januari 2026 -> 2026-02-09" in out
    assert "1 SOP diubah" in out
    assert main(["check", "--sources", str(tree.root), "-o", str(tree.root.parent / "output")]) == 0
    sop = next(s for u in tree.check().sources.units for s in u.sops if s.key.sop == "sop-b")
    assert (sop.tanggal_revisi.isoformat(), sop.tanggal_efektif.isoformat()) == ("2026-02-02", "2026-02-09")


def test_a_missing_revision_date_gets_its_own_line_after_the_creation_date(tree):
    path = tree.write("unit-b/sop-b.yaml", HEAD + "tanggal_efektif: 2026-01-10\n" + REST)
    assert main(["revisi", "--sources", str(tree.root), "unit-b/sop-b", "--tanggal", "2026-03-01"]) == 0
    assert path.read_text(encoding="utf-8") == HEAD + "tanggal_revisi: 2026-03-01\ntanggal_efektif: 2026-01-10\n" + REST


def test_dates_written_in_words_stay_in_words(tree):
    text = HEAD.replace("2026-01-10", "10 Januari 2026") + "tanggal_efektif: 10 Januari 2026\n" + REST
    path = tree.write("unit-b/sop-b.yaml", text)
    assert main(["revisi", "--sources", str(tree.root), str(path), "--tanggal", "2026-03-01"]) == 0
    assert "tanggal_revisi: 1 Maret 2026\n" in path.read_text(encoding="utf-8")


def test_a_mistake_in_one_file_leaves_every_file_as_it_was(tree, capsys):
    good = tree.root / "unit-a" / "sop-a.yaml"
    bad = tree.write("unit-b/sop-b.yaml", HEAD + "tanggal_efektif: 2026-01-10\n" + REST + "  - [unclosed\n")
    before = {p: p.read_bytes() for p in (good, bad)}
    assert main(["revisi", "--sources", str(tree.root), "unit-a", "unit-b", "--tanggal", "2026-03-01"]) == 1
    assert {p: p.read_bytes() for p in (good, bad)} == before
    err = capsys.readouterr().err
    assert "sop-b.yaml:" in err and ": error: bukan YAML yang dapat dibaca" in err
    assert "tidak ada berkas yang diubah" in err


def test_a_revision_before_the_sop_was_made_is_refused(tree, capsys):
    path = tree.root / "unit-b" / "sop-b.yaml"
    before = path.read_bytes()
    assert main(["revisi", "--sources", str(tree.root), "unit-b", "--tanggal", "2025-12-31"]) == 1
    assert path.read_bytes() == before
    err = capsys.readouterr().err
    assert "sop-b.yaml:3:20: error: tanggal revisi 31 Desember 2025 sebelum tanggal_pembuatan" in err


def test_unknown_targets_and_dates_are_usage_errors(tree, capsys):
    assert main(["revisi", "--sources", str(tree.root), "unit-z", "--tanggal", "2026-03-01"]) == 2
    assert "tidak ada unit atau SOP bernama unit-z" in capsys.readouterr().err
    assert main(["revisi", "--sources", str(tree.root), "unit-b", "--tanggal", "31 Juni 2026"]) == 2
    assert "--tanggal" in capsys.readouterr().err
