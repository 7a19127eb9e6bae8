"""Writes the Word templates under templates/ (docxtpl: Word documents with Jinja tags).

The templates are committed; an office restyles them in Word (fonts, borders, spacing,
the wording of the labels) and sopgen keeps filling them. This script is how the
originals were made, and how to make them again after changing their structure:

    .venv/bin/python tools/make_templates.py
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
FONT = "Arial"


def base_document(landscape: bool) -> Document:
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    section = document.sections[0]
    short, long = Mm(215), Mm(330)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = long, short
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Mm(15))
    else:
        section.page_width, section.page_height = short, long
    document.core_properties.author = "sopgen"
    return document


def paragraph(cell, text: str = "", bold: bool = False, align=None, underline: bool = False,
              hanging: bool = False, first: bool = False):
    p = cell.paragraphs[0] if first else cell.add_paragraph()
    if text:
        run = p.add_run(text)
        run.bold = bold
        run.underline = underline
    if align is not None:
        p.alignment = align
    if hanging:
        p.paragraph_format.left_indent = Mm(6)
        p.paragraph_format.first_line_indent = Mm(-6)
        p.paragraph_format.tab_stops.add_tab_stop(Mm(6))
    return p


def borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    element = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        border = OxmlElement(f"w:{side}")
        for key, value in (("val", "single"), ("sz", "6"), ("space", "0"), ("color", "000000")):
            border.set(qn(f"w:{key}"), value)
        element.append(border)
    # schema order: ... tblInd, tblBorders, shd, tblLayout, tblCellMar, tblLook
    follower = next((c for c in tbl_pr if c.tag in (qn("w:shd"), qn("w:tblLayout"),
                                                    qn("w:tblCellMar"), qn("w:tblLook"))), None)
    if follower is None:
        tbl_pr.append(element)
    else:
        follower.addprevious(element)


def numbered_list(cell, title: str, name: str, first: bool = False) -> None:
    paragraph(cell, title, bold=True, first=first)
    paragraph(cell, f"{{%p for item in {name} %}}")
    paragraph(cell, "{{ item.nomor }}\t{{ item.teks }}", hanging=True)
    paragraph(cell, "{%p endfor %}")


def identitas() -> None:
    document = base_document(landscape=True)
    width = Mm(300)
    shares = (57, 11, 32)
    table = document.add_table(rows=9, cols=3)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    borders(table)
    for column, share in zip(table.columns, shares):
        column.width = width * share // 100
    for row in table.rows:
        for cell, share in zip(row.cells, shares):
            cell.width = width * share // 100
    left = table.cell(0, 0).merge(table.cell(5, 0))
    center = WD_ALIGN_PARAGRAPH.CENTER
    paragraph(left, "{{ logo }}", align=center, first=True)
    paragraph(left, "{%p for baris in kop %}")
    paragraph(left, "{{ baris }}", bold=True, align=center)
    paragraph(left, "{%p endfor %}")
    labels = ["Nomor SOP", "Tanggal Pembuatan", "Tanggal Revisi", "Tanggal Efektif",
              "Disahkan oleh", "Nama SOP"]
    values = ["{{ nomor }}", "{{ tanggal_pembuatan }}", "{{ tanggal_revisi }}",
              "{{ tanggal_efektif }}", None, "{{ nama }}"]
    for r, (label, value) in enumerate(zip(labels, values)):
        paragraph(table.cell(r, 1), label, bold=True, first=True)
        if value is not None:
            paragraph(table.cell(r, 2), value, bold=(r == 5), first=True)
    signer = table.cell(4, 2)
    paragraph(signer, "{{ pengesah.jabatan }}", bold=True, align=center, first=True)
    for _ in range(4):  # room for the signature and the stamp
        paragraph(signer, "")
    paragraph(signer, "{{ pengesah.nama }}", bold=True, underline=True, align=center)
    paragraph(signer, "{%p if pengesah.pangkat %}")
    paragraph(signer, "{{ pengesah.pangkat }}", align=center)
    paragraph(signer, "{%p endif %}")
    paragraph(signer, "{%p if pengesah.nip %}")
    paragraph(signer, "{{ pengesah.nip }}", align=center)
    paragraph(signer, "{%p endif %}")
    pairs = [("Dasar Hukum:", "dasar_hukum", "Kualifikasi Pelaksana:", "kualifikasi_pelaksana"),
             ("Keterkaitan:", "keterkaitan", "Peralatan/Perlengkapan:", "peralatan_perlengkapan"),
             ("Peringatan:", "peringatan", "Pencatatan dan Pendataan:", "pencatatan_pendataan")]
    for r, (left_title, left_name, right_title, right_name) in enumerate(pairs, start=6):
        right = table.cell(r, 1).merge(table.cell(r, 2))
        numbered_list(table.cell(r, 0), left_title, left_name, first=True)
        numbered_list(right, right_title, right_name, first=True)
    for row in table.rows[:6]:  # the header block stays on one page
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
    TEMPLATES.mkdir(exist_ok=True)
    document.save(TEMPLATES / "identitas.docx")
    print(TEMPLATES / "identitas.docx")


if __name__ == "__main__":
    identitas()
