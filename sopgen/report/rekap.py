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
from docx.shared import Emu, Mm, Pt

from .. import oxml
from ..check.dates import format_date
from ..check.model import Pemda
from ..document.render import finish
from ..flowchart.geometry import MM, WORD_CELL_MARGIN, landscape, twip_floor
from ..measure import text_width
from ..write import normalized_zip
from .status import Status

COLUMNS = ("No", "Perangkat Daerah", "Jumlah SOP", "Berlaku", "Draf", "Perlu ditinjau",
           "Perubahan terakhir", "Keadaan")


def rows(report: Status) -> list[tuple]:
    """One row per unit, the date as a date: the document prints it, the sheet keeps it."""
    return [(n, u.nama, u.jumlah, u.berlaku, u.draf, u.perlu_ditinjau, u.perubahan_terakhir,
             u.keadaan) for n, u in enumerate(report.units, start=1)]


def totals(report: Status) -> tuple:
    return ("", "Jumlah", report.total("jumlah"), report.total("berlaku"), report.total("draf"),
            report.total("perlu_ditinjau"), "", f"{len(report.tanpa_sop)} belum memiliki SOP")


def rekap_docx(report: Status, pemda: Pemda) -> bytes:
    """The recap on the government's paper, landscape: columns as wide as their content,
    numbers right-aligned, the totals in bold, page numbers, and a "Mengetahui" block."""
    setup = landscape(pemda.kertas)
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Emu(setup.width), Emu(setup.height)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(20))
    oxml.set_page_number_footer(section, pemda.huruf, SIZE)
    style = document.styles["Normal"]
    style.font.name, style.font.size = pemda.huruf, Pt(SIZE)
    style.paragraph_format.space_after = Pt(0)
    for text in ("REKAPITULASI SOP PERANGKAT DAERAH", pemda.nama.upper(),
                 f"Keadaan per {format_date(report.tanggal)}"):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(text).bold = True
    document.add_paragraph()
    body = [[format_date(v) if isinstance(v, dt.date) or v is None else str(v) for v in values]
            for values in rows(report)]
    total = [str(v) for v in totals(report)]
    widths = _widths([list(COLUMNS), *body, total], setup.width - 2 * 20 * MM)
    table = document.add_table(rows=1, cols=len(COLUMNS))
    table.style = document.styles["Table Grid"]
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = Emu(width)
    _fill(table.rows[0].cells, COLUMNS, widths, bold=True, header=True)
    for values in body:
        _fill(table.add_row().cells, values, widths)
    _fill(table.add_row().cells, total, widths, bold=True)
    oxml.repeat_header_row(table)
    document.add_paragraph()
    document.add_paragraph().add_run("Perangkat daerah yang belum memiliki SOP:").bold = True
    for unit in report.tanpa_sop or ():
        document.add_paragraph(f"- {unit.nama}")
    if not report.tanpa_sop:
        document.add_paragraph("- (tidak ada)")
    if pemda.mengetahui is not None:
        _signature(document, pemda, report.tanggal)
    return finish(document, title="Rekapitulasi SOP Perangkat Daerah", author=pemda.nama,
                  date=report.tanggal)


SIZE = 10  # pt
NUMERIC = {0, 2, 3, 4, 5}  # the columns that hold numbers: right-aligned


def _widths(table: list[list[str]], total: int) -> list[int]:
    """Each column as wide as its longest word needs, the rest of the width shared in
    proportion to how long its texts are, so the unit's name does not wrap onto four lines."""
    pad = 2 * WORD_CELL_MARGIN + MM
    least = [max(text_width(word, SIZE, bold=True) for row in table for word in row[i].split() or [""])
             + pad for i in range(len(table[0]))]
    wish = [max(text_width(row[i], SIZE, bold=True) for row in table) + pad
            for i in range(len(table[0]))]
    spare = total - sum(least)
    extra = [w - m for w, m in zip(wish, least)]
    share = min(1.0, spare / sum(extra)) if sum(extra) else 0
    widths = [m + int(e * share) for m, e in zip(least, extra)]
    widths[1] += total - sum(widths)  # what is left goes to the unit's name
    return [twip_floor(w) for w in widths]


def _fill(cells, values, widths, bold: bool = False, header: bool = False) -> None:
    for index, (cell, value, width) in enumerate(zip(cells, values, widths)):
        cell.width = Emu(width)
        paragraph = cell.paragraphs[0]
        paragraph.add_run(str(value)).bold = bold
        if header:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif index in NUMERIC:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _signature(document, pemda: Pemda, date: dt.date) -> None:
    """Mengetahui, the official's title, room to sign, name, rank and NIP, on the right,
    kept together on one page."""
    official = pemda.mengetahui
    lines = [(f"{pemda.kota + ', ' if pemda.kota else ''}{format_date(date)}", False, False),
             ("Mengetahui,", False, False), (official.jabatan.upper() + ",", True, False),
             ("", False, False), ("", False, False), ("", False, False),
             (official.nama, True, True), (official.pangkat or "", False, False),
             (official.nip_cetak or "", False, False)]
    document.add_paragraph()
    for n, (text, bold, underline) in enumerate(lines):
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.left_indent = Mm(190 if pemda.kertas == "F4" else 165)
        paragraph.paragraph_format.keep_with_next = n < len(lines) - 1
        run = paragraph.add_run(text)
        run.bold, run.underline = bold, underline


def _add_styles(workbook) -> None:
    """The workbook's cell styles, once: titles, the header, the body, dates, totals."""
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side

    if "sopgen isi" in workbook.named_styles:
        return
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    plain, bold = Font(name="Arial", size=10), Font(name="Arial", size=10, bold=True)
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for style in (NamedStyle("sopgen judul", font=bold),
                  NamedStyle("sopgen kepala", font=bold, border=border, alignment=centred),
                  NamedStyle("sopgen isi", font=plain, border=border),
                  NamedStyle("sopgen tanggal", font=plain, border=border, number_format=DATE_FORMAT),
                  NamedStyle("sopgen jumlah", font=bold, border=border)):
        workbook.add_named_style(style)


DATE_FORMAT = "[$-421]d mmmm yyyy"  # Indonesian month names (locale 0421) in Excel and Calc
SOP_COLUMNS = ("Perangkat Daerah", "Nomor SOP", "Nama SOP", "Keadaan", "Tanggal Pembuatan",
               "Tanggal Revisi", "Tanggal Efektif", "Perlu ditinjau", "Jatuh tempo tinjauan")


def rekap_xlsx(report: Status, pemda: Pemda) -> bytes:
    """The same figures for spreadsheets: a formatted summary sheet, and a sheet with one
    row per SOP (dates as real dates) for leadership to filter and sort."""
    from openpyxl import Workbook

    workbook = Workbook()
    summary = workbook.active
    summary.title = "Rekapitulasi"
    summary.append([f"Rekapitulasi SOP Perangkat Daerah {pemda.nama}"])
    summary.append([f"Keadaan per {format_date(report.tanggal)}"])
    summary.append(list(COLUMNS))
    for values in rows(report):
        summary.append(list(values))
    summary.append(list(totals(report)))
    _format(summary, header_row=3, widths=(5, 50, 12, 10, 8, 14, 20, 22), dates={7},
            total_row=True)
    sops = workbook.create_sheet("Daftar SOP")
    sops.append(list(SOP_COLUMNS))
    for unit in report.units:
        for sop in unit.sops:
            sops.append([unit.nama, sop.nomor, sop.nama, "berlaku" if sop.berlaku else "draf",
                         sop.pembuatan, sop.revisi, sop.efektif,
                         "ya" if sop.perlu_ditinjau else "tidak", sop.tinjau])
    _format(sops, header_row=1, widths=(40, 24, 50, 10, 18, 18, 18, 14, 20), dates={5, 6, 7, 9},
            total_row=False)
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


def _format(sheet, header_row: int, widths: tuple[int, ...], dates: set[int], total_row: bool) -> None:
    """Arial, borders, a bold header that stays in view, a filter, dates in Indonesian, and
    a print setup that fits the width of a landscape page. Cells take named styles: a
    city's 2,000 rows then cost a lookup each, where a font and border object per cell
    cost openpyxl a hash of each (2.5 s of a one-edit build)."""
    from openpyxl.utils import get_column_letter

    _add_styles(sheet.parent)
    last_column = get_column_letter(len(widths))
    last_row = sheet.max_row
    for row in sheet.iter_rows():
        for cell in row:
            if cell.row < header_row:
                cell.style = "sopgen judul"
            elif cell.row == header_row:
                cell.style = "sopgen kepala"
            elif total_row and cell.row == last_row:
                cell.style = "sopgen jumlah"
            elif cell.column in dates and cell.value is not None:
                cell.style = "sopgen tanggal"
            else:
                cell.style = "sopgen isi"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    data_end = sheet.max_row - (1 if total_row else 0)
    sheet.auto_filter.ref = f"A{header_row}:{last_column}{data_end}"
    sheet.print_area = f"A1:{last_column}{sheet.max_row}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
