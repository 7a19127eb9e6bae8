"""Status -> the recap report for leadership: output/rekap.docx ("Rekapitulasi SOP
Perangkat Daerah", one row per unit, then the units without SOPs) and output/rekap.xlsx
with the same figures for those who work in spreadsheets."""

from __future__ import annotations

import datetime as dt
import io
import re

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from .dates import format_date
from .render import finish
from .status import Status
from .write import normalized_zip

COLUMNS = ("No", "Perangkat Daerah", "Jumlah SOP", "Berlaku", "Draf", "Perlu ditinjau",
           "Perubahan terakhir", "Keadaan")


def rows(report: Status) -> list[tuple]:
    return [(n, u.nama, u.jumlah, u.berlaku, u.draf, u.perlu_ditinjau,
             format_date(u.perubahan_terakhir) if u.perubahan_terakhir else "-", u.keadaan)
            for n, u in enumerate(report.units, start=1)]


def totals(report: Status) -> tuple:
    return ("", "Jumlah", report.total("jumlah"), report.total("berlaku"), report.total("draf"),
            report.total("perlu_ditinjau"), "", f"{len(report.tanpa_sop)} belum memiliki SOP")


def rekap_docx(report: Status, pemda: str) -> bytes:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(330), Mm(215)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(20))
    style = document.styles["Normal"]
    style.font.name, style.font.size = "Arial", Pt(10)
    for text in ("REKAPITULASI SOP PERANGKAT DAERAH", pemda.upper(),
                 f"Keadaan per {format_date(report.tanggal)}"):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(text).bold = True
    table = document.add_table(rows=1, cols=len(COLUMNS))
    table.style = document.styles["Table Grid"]
    for cell, title in zip(table.rows[0].cells, COLUMNS):
        cell.paragraphs[0].add_run(title).bold = True
    for values in [*rows(report), totals(report)]:
        cells = table.add_row().cells
        for cell, value in zip(cells, values):
            cell.text = str(value)
    document.add_paragraph()
    document.add_paragraph().add_run("Perangkat daerah yang belum memiliki SOP:").bold = True
    for unit in report.tanpa_sop or ():
        document.add_paragraph(f"- {unit.nama}")
    if not report.tanpa_sop:
        document.add_paragraph("- (tidak ada)")
    return finish(document, title="Rekapitulasi SOP Perangkat Daerah", author=pemda,
                  date=report.tanggal)


def rekap_xlsx(report: Status, pemda: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Rekapitulasi"
    sheet.append([f"Rekapitulasi SOP Perangkat Daerah {pemda}"])
    sheet.append([f"Keadaan per {format_date(report.tanggal)}"])
    sheet.append(list(COLUMNS))
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for values in rows(report):
        sheet.append(list(values))
    sheet.append(list(totals(report)))
    for column, width in zip("ABCDEFGH", (5, 50, 12, 10, 8, 14, 20, 22)):
        sheet.column_dimensions[column].width = width
    stamp = dt.datetime(report.tanggal.year, report.tanggal.month, report.tanggal.day)
    workbook.properties.created = workbook.properties.modified = stamp
    workbook.properties.creator = "sopgen"
    out = io.BytesIO()
    workbook.save(out)
    fixed = f"{report.tanggal.isoformat()}T00:00:00Z".encode()

    def same_day(name: str, blob: bytes) -> bytes:  # openpyxl stamps the save time
        if name != "docProps/core.xml":
            return blob
        return re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", lambda m: m.group(1) + fixed, blob)

    return normalized_zip(out.getvalue(), same_day)
