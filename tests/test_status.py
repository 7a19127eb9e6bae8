"""Which units have their SOPs: status, the recap report, and the appendix forms."""

from __future__ import annotations

import datetime as dt
import io
import json
import time

import docx
import openpyxl

from sopgen import build
from sopgen.book import render_book
from sopgen.cli import main
from sopgen.rekap import rekap_docx, rekap_xlsx
from sopgen.sources import discover
from sopgen.errors import Diagnostics
from sopgen.status import status

from .conftest import SAMPLES
from .ooxml import validation_errors

AS_OF = dt.date(2026, 11, 28)
CHECKED = build.check(SAMPLES)
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
        assert row["keadaan"] == ("belum memiliki SOP" if not sops else row["keadaan"])
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
    document = docx.Document(io.BytesIO(rekap_docx(report, MODEL.pemda.nama)))
    table = document.tables[0]
    body = [[c.text for c in row.cells] for row in table.rows[1:-1]]
    assert [r[1] for r in body] == [u.nama for u in report.units]
    for row, unit in zip(body, report.units):
        assert row[2:6] == [str(unit.jumlah), str(unit.berlaku), str(unit.draf), str(unit.perlu_ditinjau)]
    assert "Kecamatan Mayangan" in "\n".join(p.text for p in document.paragraphs)
    sheet = openpyxl.load_workbook(io.BytesIO(rekap_xlsx(report, MODEL.pemda.nama))).active
    values = [list(r) for r in sheet.iter_rows(min_row=4, values_only=True)][:-1]
    assert [(r[1], r[2], r[3], r[5]) for r in values] == [
        (u.nama, u.jumlah, u.berlaku, u.perlu_ditinjau) for u in report.units]
    assert rekap_docx(report, MODEL.pemda.nama) == rekap_docx(report, MODEL.pemda.nama)
    first = rekap_xlsx(report, MODEL.pemda.nama)
    time.sleep(1.1)  # openpyxl stamps the save time, to the second
    assert rekap_xlsx(report, MODEL.pemda.nama) == first


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
