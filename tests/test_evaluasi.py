"""The evaluation register (issue 27): `evaluasi:` in unit.yaml, checked at its lines,
printed as the book's "Kertas Kerja Evaluasi SOP AP", and counted in the status and the
recap: the share of SOPs evaluated in the period and of those revised after it."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from sopgen.check.sources import discover
from sopgen.document.book import render_book
from sopgen.errors import Diagnostics
from sopgen.report.rekap import rekap_docx
from sopgen.report.status import as_json, status

from .ooxml import validation_errors

REGISTER = """\
evaluasi:
  - sop: sop-b
    tanggal: 2026-03-02
    hasil: direvisi
    catatan: Waktu penerbitan terlalu lama
    tindak_lanjut: Waktu langkah 2 menjadi 10 menit
  - sop: sop-lama
    tanggal: 2026-03-02
    hasil: dicabut
"""


def with_register(tree, revised: str | None = None):
    text = (tree.root / "unit-b" / "unit.yaml").read_text(encoding="utf-8")
    tree.write("unit-b/unit.yaml", text + REGISTER)
    if revised:
        tree.replace("unit-b/sop-b.yaml", "tanggal_efektif: 2026-01-10",
                     f"tanggal_revisi: {revised}\ntanggal_efektif: 2026-01-10")
    return tree.check()


def test_the_register_is_read_and_a_sop_it_names_must_exist(tree):
    checked = with_register(tree)
    assert not checked.diagnostics.errors, [str(d) for d in checked.diagnostics.errors]
    unit = next(u for u in checked.sources.units if u.id == "unit-b")
    assert [(e.sop, e.hasil) for e in unit.evaluasi] == [("sop-b", "direvisi"), ("sop-lama", "dicabut")]
    tree.replace("unit-b/unit.yaml", "  - sop: sop-b\n", "  - sop: sop-c\n")
    tree.replace("unit-b/unit.yaml", "hasil: dicabut", "hasil: dihapus")
    errors = [str(d) for d in tree.diagnostics().errors]
    assert any('unit.yaml:7:10: error: SOP "sop-c" tidak ada di unit ini; mungkin maksud Anda "sop-b"?' in e
               for e in errors), errors
    wrong = 'unit.yaml:14:12: error: evaluasi 2: "hasil" harus tetap atau direvisi atau dicabut, bukan "dihapus"'
    assert any(wrong in e for e in errors), errors


def test_status_counts_the_period_and_the_follow_up(tree):
    checked = with_register(tree)
    found = as_json(status(discover(tree.root, Diagnostics()), checked, dt.date(2026, 6, 1)))
    unit = next(u for u in found["unit"] if u["id"] == "unit-b")
    assert (unit["dievaluasi"], unit["direvisi"], unit["ditindaklanjuti"]) == (1, 1, 0)
    assert found["jumlah"]["dievaluasi"] == 1
    next_year = as_json(status(discover(tree.root, Diagnostics()), checked, dt.date(2027, 6, 1)))
    assert next(u for u in next_year["unit"] if u["id"] == "unit-b")["dievaluasi"] == 0  # another period
    revised = with_register_again(tree, "2026-04-01")
    found = as_json(status(discover(tree.root, Diagnostics()), revised, dt.date(2026, 6, 1)))
    sop = next(s for u in found["unit"] if u["id"] == "unit-b" for s in u["sop"] if s["id"] == "sop-b")
    assert (sop["dievaluasi"], sop["hasil_evaluasi"], sop["ditindaklanjuti"]) == ("2026-03-02", "direvisi", True)


def with_register_again(tree, revised: str):
    tree.replace("unit-b/sop-b.yaml", "tanggal_efektif: 2026-01-10",
                 f"tanggal_revisi: {revised}\ntanggal_efektif: 2026-01-10")
    return tree.check()


def test_the_book_prints_the_worksheet_and_the_recap_the_shares(tree):
    checked = with_register(tree, revised="2026-04-01")
    unit = next(u for u in checked.sources.units if u.id == "unit-b")
    book = render_book(checked.sources, unit)
    assert validation_errors(book.data) == []
    xml = zipfile.ZipFile(io.BytesIO(book.data)).read("word/document.xml").decode()
    for text in ("KERTAS KERJA EVALUASI SOP AP", "Periode penilaian: Tahun 2026", "Waktu langkah 2 menjadi 10 menit",
                 "Sudah direvisi 1 April 2026", "sop-lama (sudah tidak ada dalam buku)", "Sudah dicabut"):
        assert text in xml, text
    assert any(e.nama == "Kertas Kerja Evaluasi SOP AP" for e in book.entries)
    report = status(discover(tree.root, Diagnostics()), checked, dt.date(2026, 6, 1))
    recap = zipfile.ZipFile(io.BytesIO(rekap_docx(report, checked.sources.pemda))).read("word/document.xml").decode()
    assert "Evaluasi SOP tahun 2026" in recap
    assert "Kecamatan Contoh: dievaluasi 1 dari 1 (100%); direvisi sesudah evaluasi 1 dari 1 (100%)" in recap
    assert "Surat Keterangan Tidak Mampu: 2 Maret 2026, direvisi (sudah direvisi)" in recap
    import openpyxl

    from sopgen.report.rekap import rekap_xlsx

    sheet = openpyxl.load_workbook(io.BytesIO(rekap_xlsx(report, checked.sources.pemda)))["Daftar SOP"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][-3:] == ["Dievaluasi", "Hasil evaluasi", "Direvisi sesudah evaluasi"]
    sop_b = next(row for row in rows if row[2] == "Surat Keterangan Tidak Mampu")
    assert sop_b[-3].date() == dt.date(2026, 3, 2) and sop_b[-2:] == ["direvisi", "ya"]


def test_an_evaluation_not_yet_held_is_a_warning(tree):
    with_register(tree)
    tree.replace("unit-b/unit.yaml", "tanggal: 2026-03-02\n    hasil: direvisi",
                 "tanggal: 2999-03-02\n    hasil: direvisi")
    warnings = [str(d) for d in tree.diagnostics().warnings]
    assert any("unit.yaml:8:14: warning: evaluasi bertanggal 2999-03-02 belum tiba" in w for w in warnings), warnings
