"""A SOP's `riwayat` -> its "Riwayat Perubahan" page (No | Yang diubah | Isi perubahan |
Tanggal berlaku), set after its flowchart on the same landscape paper, and the pages it
takes: the record of changes that the health sector's accreditation asks of every SOP."""

from __future__ import annotations

from docx import Document
from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Emu, Pt

from .. import oxml
from ..check.dates import format_date
from ..check.model import Sop
from ..flowchart.geometry import PageSetup, twip_floor
from .pages import FRONT, fill, row_height, text_lines

HEADER = ("No", "Yang diubah", "Isi perubahan", "Tanggal berlaku")
SHARES = (6, 28, 50, 16)


def history_page(sop: Sop, setup: PageSetup, font: str) -> tuple[list, int]:
    """The page's elements (a page break first) and how many pages they take."""
    document = Document()
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(heading, "RIWAYAT PERUBAHAN", font, bold=True)
    _run(document.add_paragraph(), f"Nomor SOP: {sop.nomor} | Nama SOP: {sop.nama}", font)
    document.add_paragraph()
    widths = [twip_floor(setup.content_width * share // sum(SHARES)) for share in SHARES]
    rows = [(str(n), entry.yang_diubah, entry.isi_perubahan, format_date(entry.tanggal_berlaku))
            for n, entry in enumerate(sop.riwayat, start=1)]
    table = document.add_table(rows=0, cols=len(HEADER))
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = Emu(width)
    heights = []
    for index, values in enumerate([HEADER, *rows]):
        row = table.add_row()
        height = row_height(values, widths, FRONT)
        row.height, row.height_rule = Emu(height), WD_ROW_HEIGHT_RULE.AT_LEAST
        heights.append(height)
        for column, (cell, value, width) in enumerate(zip(row.cells, values, widths)):
            cell.width = Emu(width)
            paragraph = cell.paragraphs[0]
            paragraph.add_run(value).bold = index == 0
            if index == 0 or column in (0, 3):
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    oxml.ruled(table)
    oxml.repeat_header_row(table)
    body = document.element.body
    oxml.explicit_cell_text(body, font, FRONT.size)
    elements = [oxml.page_break(), *[child for child in body if child.tag != body.sectPr.tag]]
    return elements, fill(text_lines(3) + heights, setup.content_height)


def _run(paragraph, text: str, font: str, bold: bool = False) -> None:
    run = paragraph.add_run(text)
    run.bold, run.font.name, run.font.size = bold, font, Pt(FRONT.size)
