"""`sopgen perubahan` (issue 27): what changed between two versions of the sources, from
git and from two folders. A small repository with three commits: a SOP added, a step
reworded, two steps swapped, a waktu changed, a SOP removed; the report lists exactly
those, and a step put in at the start renumbers the others without changing them."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import zipfile

import pytest

from sopgen.cli import main

from .conftest import require
from .ooxml import validation_errors

SOP_C = """\
nomor: "470/03/425.301/2026"
nama: Legalisasi Dokumen
tanggal_pembuatan: 2026-01-10
tanggal_efektif: 2026-01-10
pelaksana: [Pemohon, Petugas, Kepala Seksi]
kegiatan:
  - uraian: Menyerahkan dokumen yang akan dilegalisasi
    pelaksana: Pemohon
    waktu: 5 menit
    output: Dokumen
  - uraian: Memeriksa keaslian dokumen dengan dokumen asli
    pelaksana: Petugas
    waktu: 10 menit
    output: Dokumen diperiksa
  - uraian: Mencatat dokumen dalam buku register legalisasi
    pelaksana: Petugas
    waktu: 5 menit
    output: Register legalisasi
  - uraian: Membubuhkan cap dinas pada salinan dokumen
    pelaksana: Petugas
    waktu: 5 menit
    output: Salinan bercap
  - uraian: Menandatangani legalisasi salinan dokumen
    pelaksana: Kepala Seksi
    waktu: 10 menit
    output: Dokumen terlegalisasi
"""


def git(folder, *args: str) -> str:
    done = subprocess.run(["git", "-c", "user.name=Uji", "-c", "user.email=uji@contoh.go.id", "-c",
                           "commit.gpgsign=false", "-C", str(folder), *args], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture
def history(tree):
    """tmp/ as a repository: tag v1, then the edits, then a SOP removed."""
    require(shutil.which("git") is not None, "git is not installed")
    top = tree.root.parent
    tree.write("unit-b/sop-c.yaml", SOP_C)
    git(top, "init", "-q")
    git(top, "add", "sources")
    git(top, "commit", "-qm", "awal")
    git(top, "tag", "v1")
    edited = (SOP_C.replace("Memeriksa keaslian dokumen dengan dokumen asli",
                            "Memeriksa keaslian dokumen dengan membandingkannya dengan dokumen asli")
              .replace("""    waktu: 10 menit
    output: Dokumen terlegalisasi""", """    waktu: 15 menit
    output: Dokumen terlegalisasi"""))
    third, fourth = edited.index("  - uraian: Mencatat"), edited.index("  - uraian: Membubuhkan")
    fifth = edited.index("  - uraian: Menandatangani")
    edited = edited[:third] + edited[fourth:fifth] + edited[third:fourth] + edited[fifth:]
    tree.write("unit-b/sop-c.yaml", edited)
    tree.write("unit-b/sop-d.yaml", SOP_C.replace("470/03", "470/04").replace("Legalisasi Dokumen",
                                                                          "Legalisasi Akta"))
    git(top, "add", "sources")
    git(top, "commit", "-qm", "ubah")
    (tree.root / "unit-b" / "sop-b.yaml").unlink()
    tree.replace("unit-a/sop-a.yaml", "Apabila SOP ini tidak dilaksanakan", "Bila SOP ini tidak dilaksanakan")
    tree.replace("unit-a/sop-a.yaml", "  - sop: unit-b/sop-b\n", "")
    git(top, "add", "-A", "sources")
    git(top, "commit", "-qm", "hapus")
    return tree


def expected_unit_b(report: dict) -> None:
    unit = report["unit"]["unit-b"]
    assert unit["ditambah"] == ["sop-d"] and unit["dihapus"] == ["sop-b"]
    assert list(unit["diubah"]) == ["sop-c"]
    steps = unit["diubah"]["sop-c"]["langkah"]
    assert [(s["perubahan"], s["sebelum"], s["sesudah"]) for s in steps] == [
        ("diubah", 2, 2), ("dipindah", 4, 3), ("diubah", 5, 5)]
    assert list(steps[0]["isi"]) == ["uraian"] and list(steps[1]["isi"]) == []
    assert steps[2]["isi"] == {"waktu": {"sebelum": "10 menit", "sesudah": "15 menit"}}
    assert unit["diubah"]["sop-c"]["identitas"] == {}


def run_json(capsys, *args: str) -> dict:
    capsys.readouterr()
    assert main(["perubahan", "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_from_git_since_the_last_tag(history, capsys):
    report = run_json(capsys, "--sources", str(history.root))
    assert report["dari"] == "v1" and report["sampai"] == "kerja"
    expected_unit_b(report)
    sop_a = report["unit"]["unit-a"]["diubah"]["sop-a"]
    assert sorted(sop_a["identitas"]) == ["keterkaitan", "peringatan"] and sop_a["langkah"] == []
    assert sop_a["identitas"]["peringatan"]["sesudah"].startswith("Bila SOP")


def test_between_two_revisions_and_between_two_folders(history, capsys, tmp_path):
    middle = run_json(capsys, "--sources", str(history.root), "--dari", "v1", "--sampai", "HEAD~1", "unit-b")
    assert middle["unit"]["unit-b"]["dihapus"] == [] and middle["unit"]["unit-b"]["ditambah"] == ["sop-d"]
    assert list(middle["unit"]) == ["unit-b"]
    old = tmp_path / "lama"
    git(history.root.parent, "worktree", "add", "-q", str(old), "v1")
    report = run_json(capsys, "--sources", str(history.root), "--dari", str(old / "sources"))
    expected_unit_b(report)


def test_a_step_put_in_first_renumbers_the_others_without_changing_them(history, capsys):
    text = (history.root / "unit-b" / "sop-c.yaml").read_text(encoding="utf-8")
    history.write("unit-b/sop-c.yaml", text.replace("kegiatan:\n", """kegiatan:
  - uraian: Mengambil nomor antrean di loket pelayanan
    pelaksana: Pemohon
    waktu: 1 menit
    output: Nomor antrean
""", 1))
    report = run_json(capsys, "--sources", str(history.root), "--dari", "HEAD")
    steps = report["unit"]["unit-b"]["diubah"]["sop-c"]["langkah"]
    assert [(s["perubahan"], s["sebelum"], s["sesudah"]) for s in steps] == [("ditambah", None, 1)]


def test_the_report_is_written_per_unit_that_changed(history, capsys):
    output = history.root.parent / "output"
    assert main(["perubahan", "--sources", str(history.root), "-o", str(output)]) == 0
    out = capsys.readouterr().out
    assert "unit-b: 1 ditambah, 1 diubah, 1 dihapus" in out
    xml = zipfile.ZipFile(io.BytesIO((output / "perubahan" / "unit-b.docx").read_bytes())).read(
        "word/document.xml").decode()
    for text in ("LAPORAN PERUBAHAN STANDAR OPERASIONAL PROSEDUR", "Ringkasan", "Legalisasi Akta",
                 "Dipindah", "10 menit \u2192 15 menit", "Bagan alir sebelum dan sesudah", "Sebelum", "Sesudah"):
        assert text in xml, text
    assert xml.count("<pic:pic") == 2  # the flowchart of sop-c, one page before and one after
    first = (output / "perubahan" / "unit-b.docx").read_bytes()
    assert validation_errors(first) == []
    assert main(["perubahan", "--sources", str(history.root), "-o", str(output)]) == 0
    assert (output / "perubahan" / "unit-b.docx").read_bytes() == first


def test_clear_lines_for_no_repository_no_tag_and_an_unknown_revision(tree, capsys):
    require(shutil.which("git") is not None, "git is not installed")
    assert main(["perubahan", "--sources", str(tree.root)]) == 2
    assert "tidak berada di repositori git" in capsys.readouterr().err
    git(tree.root.parent, "init", "-q")
    git(tree.root.parent, "add", "sources")
    git(tree.root.parent, "commit", "-qm", "awal")
    assert main(["perubahan", "--sources", str(tree.root)]) == 2
    assert "belum punya tag" in capsys.readouterr().err
    assert main(["perubahan", "--sources", str(tree.root), "--dari", "v9"]) == 2
    assert "revisi 'v9' tidak ada" in capsys.readouterr().err


def test_tulis_riwayat_drafts_the_history_and_the_book_prints_it(history, capsys):
    path = history.root / "unit-b" / "sop-c.yaml"
    assert main(["perubahan", "--sources", str(history.root), "--tulis-riwayat"]) == 0
    assert "sop-c.yaml: 3 butir riwayat ditambahkan" in capsys.readouterr().out
    text = path.read_text(encoding="utf-8")
    assert text.startswith(SOP_C[:40]) and text.count("- yang_diubah:") == 3
    assert 'yang_diubah: "Langkah 5"\n    isi_perubahan: "Waktu: 10 menit menjadi 15 menit"' in text
    assert 'isi_perubahan: "Dipindah dari langkah 4"' in text
    # again: nothing new to add
    assert main(["perubahan", "--sources", str(history.root), "--tulis-riwayat"]) == 0
    assert path.read_text(encoding="utf-8") == text
    checked = history.check()
    assert not checked.diagnostics.errors, [str(d) for d in checked.diagnostics.errors]
    unit = next(u for u in checked.sources.units if u.id == "unit-b")
    sop = next(s for s in unit.sops if s.key.sop == "sop-c")
    assert [h.yang_diubah for h in sop.riwayat] == ["Langkah 2", "Langkah 3", "Langkah 5"]
    from sopgen.document.book import render_book

    book = render_book(checked.sources, unit).data
    assert validation_errors(book) == []
    xml = zipfile.ZipFile(io.BytesIO(book)).read("word/document.xml").decode()
    for text in ("RIWAYAT PERUBAHAN", "Yang diubah", "Isi perubahan", "Tanggal berlaku",
                 "Waktu: 10 menit menjadi 15 menit", "10 Januari 2026"):
        assert text in xml, text


def test_a_history_entry_before_the_sop_was_made_is_an_error(tree):
    tree.write("unit-b/sop-c.yaml", SOP_C + """riwayat:
  - yang_diubah: Langkah 2
    isi_perubahan: Pemeriksaan dengan dokumen asli
    tanggal_berlaku: 2025-12-01
""")
    errors = [str(d) for d in tree.diagnostics().errors]
    assert any("sop-c.yaml:30:22: error: riwayat berlaku 2025-12-01, sebelum tanggal_pembuatan" in e
               for e in errors), errors
