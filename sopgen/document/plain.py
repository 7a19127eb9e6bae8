"""Plain Word documents made in code rather than from a template (the recap, the change
report, the Standar Pelayanan): the page on the government's paper with page numbers and
one text style, centred lines, and ruled tables whose columns are shares of the width."""

from __future__ import annotations

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Emu, Mm, Pt

from .. import oxml
from ..flowchart.geometry import PageSetup, twip_floor


def plain_document(setup: PageSetup, font: str, size: float, margin_mm: float):
    """An empty document on `setup`'s paper (landscape where it is wider than tall),
    `margin_mm` around, page numbers below, `font` at `size` with no space after."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE if setup.width > setup.height else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Emu(setup.width), Emu(setup.height)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(margin_mm))
    oxml.set_page_number_footer(section, font, size)
    style = document.styles["Normal"]
    style.font.name, style.font.size = font, Pt(size)
    style.paragraph_format.space_after = Pt(0)
    return document


def shares(width: int, parts: tuple[int, ...]) -> tuple[int, ...]:
    """Column widths in proportion to `parts`, on whole twips."""
    return tuple(twip_floor(width * part // sum(parts)) for part in parts)


def centered(document, lines, bold: bool = False) -> None:
    for line in [lines] if isinstance(lines, str) else lines:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(line).bold = bold


def ruled_table(document, header: tuple[str, ...], rows: list[tuple[str, ...]], widths: tuple[int, ...],
                spanning=lambda row: False):
    """A ruled table, its header bold, centred and repeated on every page; a value's
    line breaks are paragraphs; every cell carries its width (Word lays a table out by
    them); a row `spanning` says so is one bold cell across the table (a group's heading,
    its text the row's second value)."""
    table = document.add_table(rows=1, cols=len(header))
    table.style = document.styles["Table Grid"]
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = Emu(width)
    for index, values in enumerate([header, *rows]):
        cells = table.rows[0].cells if index == 0 else table.add_row().cells
        for cell, width in zip(cells, widths):
            cell.width = Emu(width)
        bold = index == 0
        if index and spanning(values):
            cells[0].merge(cells[-1])
            cells, values, bold = [cells[0]], (values[1],), True
        for cell, value in zip(cells, values):
            lines = str(value).split("\n")
            paragraph = cell.paragraphs[0]
            paragraph.add_run(lines[0]).bold = bold
            for line in lines[1:]:
                cell.add_paragraph(line)
            if index == 0:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    oxml.repeat_header_row(table)
    return table
