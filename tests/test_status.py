"""Which units have their SOPs: status, the recap report, and the appendix forms."""

from __future__ import annotations

import datetime as dt
import io
import json
import time

import docx
import openpyxl

from sopgen.check.sources import discover
from sopgen.cli import main
from sopgen.document.book import render_book
from sopgen.errors import Diagnostics
from sopgen.report.rekap import rekap_docx, rekap_xlsx
from sopgen.report.status import status

from .conftest import SAMPLES, checked_samples
from .ooxml import validation_errors

AS_OF = dt.date(2026, 11, 28)
CHECKED = checked_samples()
MODEL = CHECKED.sources


def sample_status(as_of=AS_OF):
    return status(discover(SAMPLES, Diagnostics()), CHECKED, as_of)


def test_json_matches_the_model(capsys):
    assert main(["status", "--sources", str(SAMPLES), "--as-of", AS_OF.isoformat(), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    listed = [p.id for p in MODEL.pemda.perangkat_daerah]
    assert [u["id"] for u in data["unit"]] == listed
    units = {u.id: u for u in MODEL.units}
    for row in data["unit"]:
        unit = units.get(row["id"])
        sops = unit.sops if unit else ()
        assert row["jumlah_sop"] == len(sops)
        assert row["berlaku"] == sum(s.tanggal_efektif <= AS_OF for s in sops)
        reviewed = [max(s.tanggal_efektif, s.tanggal_revisi or s.tanggal_efektif) for s in sops]
        assert row["perlu_ditinjau"] == sum(r <= AS_OF - dt.timedelta(days=365) for r in reviewed)
        assert row["draf"] == len(sops) - row["berlaku"]
        expected = ("belum memiliki SOP" if not sops else "perlu tindak lanjut"
                    if row["draf"] or row["perlu_ditinjau"] else "lengkap")
        assert row["keadaan"] == expected
    assert data["tanpa_sop"] == ["dinas-kesehatan", "kecamatan-mayangan"]
    assert data["jumlah"]["jumlah"] == sum(len(u.sops) for u in MODEL.units)
    assert data["jumlah"]["perlu_ditinjau"] == 1


def test_before_the_effective_dates_everything_is_a_draft():
    report = sample_status(dt.date(2025, 1, 1))  # the earliest SOP takes effect on 2025-01-02
    assert report.total("berlaku") == 0 and report.total("perlu_ditinjau") == 0
    assert report.total("draf") == report.total("jumlah") == 14
    assert sample_status(dt.date(2025, 1, 2)).total("berlaku") == 1


def test_a_broken_sop_is_a_draft_with_its_problems(tree):
    tree.replace("unit-b/sop-b.yaml", "waktu: 15 menit", "waktu: secepatnya")
    checked = tree.check()
    report = status(discover(tree.root, Diagnostics()), checked, AS_OF)
    unit = next(u for u in report.units if u.id == "unit-b")
    assert (unit.jumlah, unit.berlaku, unit.draf) == (1, 0, 1)
    assert "secepatnya" in unit.sops[0].masalah[0]


def test_status_table_and_unit_detail(capsys):
    assert main(["status", "--sources", str(SAMPLES), "--as-of", "2026-11-28"]) == 0
    out = capsys.readouterr().out
    assert "dinas-kesehatan" in out and "belum memiliki SOP" in out and "JUMLAH" in out
    assert main(["status", "--sources", str(SAMPLES), "--as-of", "2026-11-28", "--unit",
                 "kecamatan-kanigaran"]) == 0
    assert "perlu ditinjau" in capsys.readouterr().out


def test_recap_docx_and_xlsx_have_the_status_figures():
    report = sample_status()
    document = docx.Document(io.BytesIO(rekap_docx(report, MODEL.pemda)))
    table = document.tables[0]
    body = [[c.text for c in row.cells] for row in table.rows[1:-1]]
    assert [r[1] for r in body] == [u.nama for u in report.units]
    for row, unit in zip(body, report.units):
        assert row[2:6] == [str(unit.jumlah), str(unit.berlaku), str(unit.draf), str(unit.perlu_ditinjau)]
    assert "Kecamatan Mayangan" in "\n".join(p.text for p in document.paragraphs)
    sheet = openpyxl.load_workbook(io.BytesIO(rekap_xlsx(report, MODEL.pemda))).active
    values = [list(r) for r in sheet.iter_rows(min_row=4, values_only=True)][:-1]
    assert [(r[1], r[2], r[3], r[5]) for r in values] == [
        (u.nama, u.jumlah, u.berlaku, u.perlu_ditinjau) for u in report.units]
    assert rekap_docx(report, MODEL.pemda) == rekap_docx(report, MODEL.pemda)
    first = rekap_xlsx(report, MODEL.pemda)
    time.sleep(1.1)  # a library that stamps the save time (to the second) would show here
    assert rekap_xlsx(report, MODEL.pemda) == first


def test_recap_xlsx_as_leadership_uses_it(capsys):
    report = sample_status()
    book = openpyxl.load_workbook(io.BytesIO(rekap_xlsx(report, MODEL.pemda)))
    summary, sops = book["Rekapitulasi"], book["Daftar SOP"]
    assert summary.freeze_panes == "A4" and summary.auto_filter.ref.startswith("A3:H")
    assert sops.freeze_panes == "A2" and sops.auto_filter.ref.startswith("A1:L")
    for sheet in (summary, sops):
        assert sheet.page_setup.orientation == "landscape" and sheet.sheet_properties.pageSetUpPr.fitToPage
        # one page wide (1 is the attribute's default), as many pages tall as it takes
        assert (sheet.page_setup.fitToWidth or 1) == 1 and sheet.page_setup.fitToHeight == 0
        assert sheet.print_area
        header = 3 if sheet is summary else 1
        for cell in sheet[header]:
            assert cell.font.bold and cell.font.name == "Arial" and cell.border.bottom.style == "thin"
    assert all(c.font.bold for c in summary[summary.max_row])  # the totals
    last = summary.cell(row=4, column=7)
    assert isinstance(last.value, dt.datetime) and "mmmm" in last.number_format
    # one row per SOP, as `sopgen status --json` sees them
    assert main(["status", "--sources", str(SAMPLES), "--as-of", AS_OF.isoformat(), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    expected = [(u["nama"], s["nomor"], s["nama"], "berlaku" if s["berlaku"] else "draf",
                 s["tanggal_efektif"], "ya" if s["perlu_ditinjau"] else "tidak", s["tinjau"])
                for u in data["unit"] for s in u["sop"]]
    rows = [(r[0], r[1], r[2], r[3], r[6].date().isoformat(), r[7], r[8].date().isoformat())
            for r in sops.iter_rows(min_row=2, values_only=True)]
    assert rows == expected
    assert all(isinstance(c.value, dt.datetime) for c in sops["G"][1:])


def test_the_recap_shows_only_changes_that_happened():
    report = sample_status(as_of=dt.date(2026, 1, 6))  # before most SOPs were made
    for unit in report.units:
        assert unit.perubahan_terakhir is None or unit.perubahan_terakhir <= dt.date(2026, 1, 6)


def test_book_with_lampiran_has_the_forms():
    unit = next(u for u in MODEL.units if u.lampiran)
    data = render_book(MODEL, unit).data
    document = docx.Document(io.BytesIO(data))
    forms = [t for t in document.tables if t.rows[0].cells[-1].text in (
        "Paraf penilai", "Catatan dan rekomendasi")]
    assert len(forms) == 2
    for table in forms:
        assert len(table.rows) == 1 + len(unit.sops)
        assert [r.cells[1].text for r in table.rows[1:]] == [f"{s.nama} ({s.nomor})" for s in unit.sops]
    assert "Berjalan dengan baik" in forms[0].rows[1].cells[2].text
    assert validation_errors(data) == []


def test_a_sop_due_for_review_is_never_given_a_date_still_to_come():
    """A revision dated after the SOP took effect makes it due on the revision's day
    (the recap printed 'perlu ditinjau' beside a date a year away)."""
    import dataclasses

    from sopgen.report.status import sop_status

    sop = MODEL.units[0].sops[0]
    revised = dataclasses.replace(sop, tanggal_efektif=dt.date(2026, 2, 1), tanggal_revisi=dt.date(2026, 6, 1))
    for day in (dt.date(2026, 5, 31), dt.date(2026, 6, 1), dt.date(2027, 6, 1)):
        row = sop_status(revised, day)
        assert row.perlu_ditinjau == (row.tinjau <= day)
        assert row.perlu_ditinjau == (day >= dt.date(2026, 6, 1))
    assert sop_status(revised, dt.date(2026, 7, 1)).tinjau == dt.date(2026, 6, 1)
    for sop in (s for u in MODEL.units for s in u.sops):
        for day in (AS_OF, AS_OF + dt.timedelta(days=400)):
            row = sop_status(sop, day)
            assert not row.perlu_ditinjau or row.tinjau <= day


def test_a_unit_name_without_spaces_wider_than_the_page_still_makes_a_recap():
    """A long name with no space (the widest word decides a column's least width) took
    the other columns below zero: the recap's build ended in a traceback."""
    import dataclasses

    from sopgen.report.rekap import COLUMNS, _widths

    long = "Organisasi" * 25
    for words in (long, long + " " + long):
        table = [list(COLUMNS), ["1", words, "4", "4", "0", "0", "12 Januari 2026", "lengkap"]]
        widths = _widths(table, 250 * 36000)
        assert all(w > 0 for w in widths) and sum(widths) <= 250 * 36000
    report = sample_status()
    renamed = dataclasses.replace(report, units=(dataclasses.replace(report.units[0], nama=long),
                                                 *report.units[1:]))
    data = rekap_docx(renamed, MODEL.pemda)
    assert validation_errors(data) == []
