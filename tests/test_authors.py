"""What real authors write and do, answered right (issue 12): blanks kept in a decree's
number, names sopgen reserves, text cut by a "#", files it would ignore without a word,
implausible dates, "-" for no revision, Indonesian dates on the command line, Windows
paths, the wrong file given as a SOP, and a book edited by hand."""

from __future__ import annotations

import io
import zipfile

import pytest

from sopgen import build
from sopgen.cli import main
from sopgen.document.book import render_book


def messages(tree) -> list[str]:
    return [str(d) for d in tree.diagnostics().items]


def test_a_decree_number_keeps_the_blanks_left_for_the_registry(tree):
    checked = tree.check()
    unit = next(u for u in checked.sources.units if u.id == "unit-a")
    assert unit.keputusan.nomor == "060/   /425.012/2026"
    book = render_book(checked.sources, unit)
    xml = zipfile.ZipFile(io.BytesIO(book.data)).read("word/document.xml").decode()
    assert "NOMOR 060/   /425.012/2026" in xml


def test_a_unit_named_rekap_is_refused_at_its_folder(tree):
    tree.write("rekap/unit.yaml", "nama: Bagian Rekap\n")
    tree.write("rekap/sop-x.yaml", (tree.root / "unit-b/sop-b.yaml").read_text())
    errors = [str(d) for d in tree.diagnostics().errors]
    assert any("rekap:" in e and "output/rekap.docx" in e and "ganti nama foldernya" in e
               for e in errors), errors


def test_new_refuses_the_asset_folder_and_the_reserved_name(tree, capsys):
    for unit in ("logo", "rekap"):
        assert main(["new", unit, "Surat Masuk", "--sources", str(tree.root)]) == 2
        assert "bukan nama unit" in capsys.readouterr().err
    assert not (tree.root / "logo" / "surat-masuk.yaml").exists()


@pytest.mark.parametrize("line, warned", [
    ("    output: Loket #2\n", True),
    ("    kelengkapan: [Formulir F-1.01]  # dari loket\n", False),  # in a flow list: not text
    ("    output: 'Loket #2'\n", False),
    ("      tidak: 2   # kembali ke penyusunan\n", False),  # a target, not printed text
    ("    output: Loket  # periksa: teks terpotong\n", False),  # sopgen import's note, not text
])
def test_a_comment_after_printed_text_is_pointed_out(tree, line, warned):
    sop = "unit-a/sop-a.yaml"
    if "tidak" in line:
        tree.replace(sop, "      tidak: 2\n", line)
    else:
        tree.replace(sop, "    output: Konsep SOP terverifikasi\n", line)
    found = [m for m in messages(tree) if "dianggap komentar" in m]
    assert bool(found) == warned, found
    if warned:
        assert found[0].startswith(f"{tree.root / sop}:") and '(tercetak: "Loket")' in found[0]


def test_files_that_would_be_ignored_are_named(tree):
    tree.write("unit-a/surat-masuk.YAML", "nomor: x\n")
    tree.write("unit-a/arsip/sop-lama.yaml", "nomor: x\n")
    tree.write("logo/sop-salah.yaml", "nomor: x\n")
    tree.write("unit-c/unit.yaml", "nama: Unit Tanpa SOP\n")
    warnings = [str(d) for d in tree.diagnostics().warnings]
    expected = {"surat-masuk.YAML": "ganti namanya menjadi surat-masuk.yaml",
                "arsip/sop-lama.yaml": "sub-folder",
                "logo/sop-salah.yaml": "hanya untuk gambar",
                "unit-c/unit.yaml": "belum memiliki SOP"}
    for name, words in expected.items():
        assert any(name in w and words in w for w in warnings), (name, warnings)


@pytest.mark.parametrize("written, warned", [("0001-01-05", True), ("9999-01-05", True),
                                             ("1944-12-31", True), ("2026-01-05", False)])
def test_an_implausible_year_is_a_warning(tree, written, warned):
    tree.replace("unit-a/sop-a.yaml", "tanggal_pembuatan: 2026-01-05", f"tanggal_pembuatan: {written}")
    found = [m for m in messages(tree) if "di luar 1945-2100" in m]
    assert bool(found) == warned, messages(tree)


@pytest.mark.parametrize("written", ["-", '"-"', '""', "", "null"])
def test_no_revision_may_be_written_as_the_page_prints_it(tree, written):
    tree.replace("unit-a/sop-a.yaml", "tanggal_revisi: null", f"tanggal_revisi: {written}")
    checked = tree.check()
    assert checked.ok, [str(d) for d in checked.diagnostics.items]
    sop = next(s for u in checked.sources.units for s in u.sops if s.key.sop == "sop-a")
    assert sop.tanggal_revisi is None


def test_a_bare_dash_after_a_key_is_the_text_dash(tree):
    """`waktu: -` opens a list in YAML; authors mean the "-" the page prints."""
    tree.replace("unit-a/sop-a.yaml", 'waktu: "-"', "waktu: -   # tanpa waktu")
    checked = tree.check()
    assert checked.ok, [str(d) for d in checked.diagnostics.items]
    sop = next(s for u in checked.sources.units for s in u.sops if s.key.sop == "sop-a")
    assert sop.kegiatan[0].waktu == "-"


def test_as_of_takes_the_forms_the_sources_take(tree, capsys):
    assert main(["status", "--sources", str(tree.root), "--as-of", "28 November 2026"]) == 0
    assert "per 2026-11-28" in capsys.readouterr().out
    assert main(["status", "--sources", str(tree.root), "--as-of", "besok"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("sopgen: --as-of") and "28 November 2026" in err and "invalid" not in err


def test_a_windows_path_gets_the_hint_to_use_slashes(tree):
    tree.replace("pemda.yaml", "logo: logo/logo.png", "logo: logo\\logo.png")
    found = [m for m in messages(tree) if "logo" in m and "tidak ditemukan" in m]
    assert found and 'tulis logo/logo.png (berkas itu ada)' in found[0]


@pytest.mark.parametrize("name", ["pemda.yaml", "unit-a/unit.yaml"])
def test_building_a_file_that_is_not_a_sop_says_so(tree, capsys, name):
    assert main(["build", str(tree.root / name)]) == 2
    err = capsys.readouterr().err
    assert "bukan berkas SOP" in err and len(err.splitlines()) == 1


def test_a_book_edited_in_word_is_kept_before_it_is_rebuilt(tree, tmp_path, capsys):
    output = tmp_path / "output"
    assert main(["build", "--sources", str(tree.root), "--output", str(output), "-q"]) == 0
    book = output / "unit-a.docx"
    edited = book.read_bytes() + b"edited in Word"
    book.write_bytes(edited)
    capsys.readouterr()
    assert main(["build", "--sources", str(tree.root), "--output", str(output), "-q"]) == 0
    err = capsys.readouterr().err
    assert "diubah di luar sopgen" in err and "unit-a.docx.bak" in err
    assert (output / "unit-a.docx.bak").read_bytes() == edited
    assert book.read_bytes() != edited
    unchanged = build.build_books(tree.root, output)
    assert unchanged.written == () and not unchanged.diagnostics.items


def test_a_time_as_authors_write_it_is_printed_as_written_and_summed(tree):
    from sopgen.document.render import render_sop

    tree.replace("unit-a/sop-a.yaml", "waktu: 2 hari", "waktu: paling lama 2 hari")
    tree.replace("unit-a/sop-a.yaml", "waktu: 30 menit", "waktu: \u00b1 30 menit")
    checked = tree.check()
    assert checked.ok, [str(d) for d in checked.diagnostics.items]
    unit = next(u for u in checked.sources.units if u.id == "unit-a")
    sop = next(s for s in unit.sops if s.key.sop == "sop-a")
    total = sop.kegiatan[1].durasi + sop.kegiatan[2].durasi + sop.kegiatan[3].durasi
    assert total.min == total.max == (2 + 1) * 8 * 60 + 30  # the bound and the estimate as values
    xml = zipfile.ZipFile(io.BytesIO(render_sop(checked.sources, unit, sop))).read(
        "word/document.xml").decode()
    assert "paling lama 2 hari" in xml and "\u00b1 30 menit" in xml


def test_a_step_longer_than_a_year_is_a_warning(tree):
    tree.replace("unit-a/sop-a.yaml", "waktu: 2 hari", "waktu: 13 bulan")
    assert any("lebih dari setahun" in m for m in messages(tree))
