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
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
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


# --- portrait front matter: exact line spacing everywhere, so that sopgen can count pages

LINE = Pt(16)  # exact line pitch of the 12 pt text (sopgen.book.FRONT_LINE)


def exact(p, bold: bool = False, size: float | None = None):
    p.paragraph_format.line_spacing_rule = 4  # WD_LINE_SPACING.EXACTLY
    p.paragraph_format.line_spacing = Pt(size * 1.3) if size and size > 12 else LINE
    p.paragraph_format.widow_control = False
    for run in p.runs:
        run.bold = bold or run.bold
        if size:
            run.font.size = Pt(size)
    return p


def line(document, text: str = "", bold: bool = False, align=None, size: float | None = None,
         underline: bool = False):
    p = document.add_paragraph()
    if text:
        run = p.add_run(text)
        run.underline = underline
    if align is not None:
        p.alignment = align
    return exact(p, bold, size)


def front_document():
    document = base_document(landscape=False)
    normal = document.styles["Normal"]
    normal.font.size = Pt(12)
    normal.paragraph_format.line_spacing_rule = 4
    normal.paragraph_format.line_spacing = LINE
    normal.paragraph_format.widow_control = False
    section = document.sections[0]
    section.left_margin, section.right_margin = Mm(30), Mm(25)
    section.top_margin, section.bottom_margin = Mm(25), Mm(25)
    return document


def sampul() -> None:
    document = front_document()
    center = WD_ALIGN_PARAGRAPH.CENTER
    for _ in range(3):
        line(document)
    logo = line(document, "{{ logo }}", align=center)
    logo.paragraph_format.line_spacing = 1.0  # an exact pitch would crop the picture
    for _ in range(3):
        line(document)
    line(document, "STANDAR OPERASIONAL PROSEDUR (SOP)", bold=True, align=center, size=20)
    line(document, "ADMINISTRASI PEMERINTAHAN", bold=True, align=center, size=20)
    for _ in range(4):
        line(document)
    line(document, "{%p for baris in kop %}")
    line(document, "{{ baris }}", bold=True, align=center, size=16)
    line(document, "{%p endfor %}")
    for _ in range(4):
        line(document)
    line(document, "TAHUN {{ tahun }}", bold=True, align=center, size=16)
    for _ in range(4):
        line(document)
    line(document, "{{ alamat }}", align=center, size=11)
    document.save(TEMPLATES / "sampul.docx")


def label_table(document, rows: list[tuple[str, list[str]]]):
    """Borderless 'Menimbang : a. ...' block: label, colon, content."""
    table = document.add_table(rows=len(rows), cols=3)
    widths = (Mm(32), Mm(5), Mm(123))
    for column, width in zip(table.columns, widths):
        column.width = width
    for r, (label, paragraphs) in enumerate(rows):
        cells = table.rows[r].cells
        for cell, width in zip(cells, widths):
            cell.width = width
        exact(cells[0].paragraphs[0]).add_run(label).bold = label.isupper()
        exact(cells[1].paragraphs[0]).add_run(":" if label else "")
        first = True
        for text in paragraphs:
            p = cells[2].paragraphs[0] if first else cells[2].add_paragraph()
            first = False
            hanging = text.startswith("{{ item") or text.startswith("{{ huruf")
            p.add_run(text)
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY if not text.startswith("{%") else None
            if hanging:
                p.paragraph_format.left_indent = Mm(7)
                p.paragraph_format.first_line_indent = Mm(-7)
                p.paragraph_format.tab_stops.add_tab_stop(Mm(7))
            exact(p)
    return table


def signature(document, right=True) -> None:
    indent = Mm(80)
    for text, bold, underline in [("{{ kepala.jabatan }},", True, False), ("", False, False),
                                  ("", False, False), ("", False, False),
                                  ("{{ kepala.nama }}", True, True), ("{{ kepala.pangkat }}", False, False),
                                  ("{{ kepala.nip }}", False, False)]:
        p = line(document, text, bold=bold, underline=underline)
        p.paragraph_format.left_indent = indent


def page_break(document) -> None:
    """A paragraph 1 pt high holding a page break run (`w:br w:type="page"`), the break
    sopgen writes between its own pages (sopgen.drawing.page_break), not pageBreakBefore."""
    p = document.add_paragraph()
    p.paragraph_format.space_before = p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.line_spacing_rule = 4  # WD_LINE_SPACING.EXACTLY
    p.paragraph_format.line_spacing = Pt(1)
    mark = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "2")
    mark.append(size)
    p._p.get_or_add_pPr().append(mark)
    run = p.add_run()
    run.font.size = Pt(1)
    run.add_break(WD_BREAK.PAGE)


def keputusan() -> None:
    document = front_document()
    center = WD_ALIGN_PARAGRAPH.CENTER
    line(document, "KEPUTUSAN {{ kepala.jabatan }}", bold=True, align=center)
    line(document, "NOMOR {{ nomor }}", bold=True, align=center)
    line(document)
    line(document, "TENTANG", bold=True, align=center)
    line(document)
    line(document, "STANDAR OPERASIONAL PROSEDUR ADMINISTRASI PEMERINTAHAN", bold=True, align=center)
    line(document, "DI LINGKUNGAN {{ unit }}", bold=True, align=center)
    line(document)
    line(document, "{{ kepala.jabatan }},", bold=True, align=center)
    line(document)
    label_table(document, [
        ("Menimbang", ["{%p for item in menimbang %}", "{{ item.nomor }}\t{{ item.teks }}",
                       "{%p endfor %}"]),
        ("Mengingat", ["{%p for item in mengingat %}", "{{ item.nomor }}\t{{ item.teks }}",
                       "{%p endfor %}"]),
    ])
    line(document)
    line(document, "MEMUTUSKAN:", bold=True, align=center)
    line(document)
    label_table(document, [
        ("Menetapkan", ["{{ judul }}."]),
        ("KESATU", ["{{ kesatu }}"]),
        ("KEDUA", ["{{ kedua }}"]),
        ("KETIGA", ["{{ ketiga }}"]),
    ])
    line(document)
    for text in ("Ditetapkan di {{ kota }}", "pada tanggal {{ tanggal }}"):
        line(document, text).paragraph_format.left_indent = Mm(80)
    line(document)
    signature(document)
    page_break(document)  # the lampiran starts on a page of its own
    p = line(document, "LAMPIRAN KEPUTUSAN {{ kepala.jabatan }}")
    p.paragraph_format.left_indent = Mm(80)
    line(document, "NOMOR {{ nomor }}").paragraph_format.left_indent = Mm(80)
    line(document, "TANGGAL {{ tanggal }}").paragraph_format.left_indent = Mm(80)
    line(document)
    line(document, "DAFTAR STANDAR OPERASIONAL PROSEDUR ADMINISTRASI PEMERINTAHAN", bold=True, align=center)
    line(document, "DI LINGKUNGAN {{ unit }}", bold=True, align=center)
    line(document)
    table = document.add_table(rows=3, cols=3)
    borders(table)
    widths = (Mm(12), Mm(55), Mm(93))
    for column, width in zip(table.columns, widths):
        column.width = width
    for cell, text in zip(table.rows[0].cells, ("No", "Nomor SOP", "Nama SOP")):
        exact(cell.paragraphs[0]).add_run(text).bold = True
        cell.paragraphs[0].alignment = center
    table.rows[1].cells[0].paragraphs[0].add_run("{%tr for sop in daftar %}")
    for cell, text in zip(table.rows[2].cells, ("{{ sop.no }}", "{{ sop.nomor }}", "{{ sop.nama }}")):
        exact(cell.paragraphs[0]).add_run(text)
    table.add_row().cells[0].paragraphs[0].add_run("{%tr endfor %}")
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width
    line(document)
    signature(document)
    document.save(TEMPLATES / "keputusan.docx")


if __name__ == "__main__":
    identitas()
    sampul()
    keputusan()
