"""Writes the Word templates under sopgen/templates/ (docxtpl: Word documents with Jinja tags).

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

TEMPLATES = Path(__file__).resolve().parent.parent / "sopgen" / "templates"
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


def borders(table, sides=("top", "left", "bottom", "right", "insideH", "insideV"),
            style: str = "single", size: str = "6") -> None:
    tbl_pr = table._tbl.tblPr
    element = OxmlElement("w:tblBorders")
    for side in sides:
        border = OxmlElement(f"w:{side}")
        for key, value in (("val", style), ("sz", size), ("space", "0"), ("color", "000000")):
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
    # with pemda.yaml's `situs`: the QR of this SOP's page on the published site, and the
    # site's name for those who type it (sopgen.document.qr)
    paragraph(left, "{%p if situs %}")
    paragraph(left, "{{ situs.kode }}", align=center)
    paragraph(left, "{{ situs.teks }}", align=center)
    paragraph(left, "{%p endif %}")
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
    # for an electronic signature, the square slot of the signer's QR (sopgen.document.tte);
    # else room for the signature and the stamp
    paragraph(signer, "{%p if tte %}")
    paragraph(signer, "{{r tte }}", align=center)
    paragraph(signer, "{%p else %}")
    for _ in range(4):
        paragraph(signer, "")
    paragraph(signer, "{%p endif %}")
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
    # 0.8 mm above and below the text of every cell: text never touches a border
    # (sopgen.document.identity.CELL_PAD); schema order puts tblCellMar after tblLayout
    margins = OxmlElement("w:tblCellMar")
    for side in ("top", "bottom"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), "45")
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    table._tbl.tblPr.find(qn("w:tblLayout")).addnext(margins)
    for row in table.rows[:6]:  # the header block stays on one page
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
    TEMPLATES.mkdir(exist_ok=True)
    document.save(TEMPLATES / "identitas.docx")
    print(TEMPLATES / "identitas.docx")


# --- portrait front matter: exact line spacing everywhere, so that sopgen can count pages

LINE = Pt(16)  # exact line pitch of the 12 pt text (sopgen.document.book.FRONT_LINE)


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
            # left-aligned: justified in a 12 cm column, lines of long words show wide gaps
            if hanging:
                p.paragraph_format.left_indent = Mm(7)
                p.paragraph_format.first_line_indent = Mm(-7)
                p.paragraph_format.tab_stops.add_tab_stop(Mm(7))
            exact(p)
    return table


def page_break(document) -> None:
    """A paragraph 1 pt high holding a page break run (`w:br w:type="page"`), the break
    sopgen writes between its own pages (sopgen.flowchart.drawing.page_break), not pageBreakBefore."""
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


def keep_with_next(p, lines: bool = False):
    """Word's and LibreOffice's own way to keep a paragraph on the page of the next one."""
    p.paragraph_format.keep_with_next = True
    if lines:
        p.paragraph_format.keep_together = True
    return p


def loop_lines(document, name: str, bold: bool = False, align=None, indent=None,
               keep: bool = False):
    """One paragraph per line of a list that sopgen broke into lines (sopgen.document.decree)."""
    line(document, f"{{%p for baris in {name} %}}")
    p = line(document, "{{ baris }}", bold=bold, align=align)
    if indent is not None:
        p.paragraph_format.left_indent = indent
    if keep:
        keep_with_next(p)
    line(document, "{%p endfor %}")


def hanging_paragraph(document, label: str, text: str, bold_label: bool):
    """'KESATU  :  text...' as one paragraph hanging at the content column (32 + 5 mm), so
    that a diktum can be kept with what follows it, which a table row cannot portably."""
    p = line(document)
    p.add_run(label).bold = bold_label
    p.add_run("\t:\t" + text)
    p.paragraph_format.left_indent = Mm(37)
    p.paragraph_format.first_line_indent = Mm(-37)
    p.paragraph_format.tab_stops.add_tab_stop(Mm(32))
    p.paragraph_format.tab_stops.add_tab_stop(Mm(37))
    return p


def decree_signature(document) -> None:
    """The signatory's title (broken into lines by sopgen), room to sign, name, rank, NIP;
    every line but the last kept with the next, so the block never splits."""
    indent = Mm(80)
    loop_lines(document, "ttd.jabatan", bold=True, indent=indent, keep=True)
    # for an electronic signature, the square slot of the signer's QR in place of the room
    # to sign: single spacing, so that the line grows to the slot (an exact one would cut it)
    line(document, "{%p if tte %}")
    slot = keep_with_next(line(document, "{{r tte }}"))
    slot.paragraph_format.left_indent = indent
    slot.paragraph_format.line_spacing_rule = 0  # WD_LINE_SPACING.SINGLE
    line(document, "{%p else %}")
    for _ in range(3):
        keep_with_next(line(document)).paragraph_format.left_indent = indent
    line(document, "{%p endif %}")
    for text, bold, underline in [("{{ ttd.nama }}", True, True), ("{{ ttd.pangkat }}", False, False),
                                  ("{{ ttd.nip }}", False, False)]:
        p = line(document, text, bold=bold, underline=underline)
        p.paragraph_format.left_indent = indent
        if text != "{{ ttd.nip }}":
            keep_with_next(p)


def kop(document) -> None:
    """The letterhead: logo, the government, the unit's name lines and its address, over a
    thick-thin rule; only when pemda.yaml asks for it (`kop: ya`)."""
    line(document, "{%p if kop %}")
    table = document.add_table(rows=1, cols=2)
    widths = (Mm(28), Mm(132))  # sopgen.document.decree.KOP_LOGO_W and the rest of the text width
    for column, width in zip(table.columns, widths):
        column.width = width
    row = table.rows[0]
    row.height = Mm(28)  # at least: the name lines may need more (sopgen.document.decree.kop_height)
    row.height_rule = 1  # WD_ROW_HEIGHT_RULE.AT_LEAST
    logo_cell, text_cell = row.cells
    for cell, width in zip(row.cells, widths):
        cell.width = width
        cell.vertical_alignment = 1  # centre
    logo = exact(logo_cell.paragraphs[0])
    logo.add_run("{%if kop.logo %}{{ logo }}{% endif %}")
    logo.paragraph_format.line_spacing = 1.0  # an exact pitch would crop the picture
    logo.alignment = WD_ALIGN_PARAGRAPH.CENTER
    center = WD_ALIGN_PARAGRAPH.CENTER
    first = True
    for name, bold, size, pitch in (("kop.pemda", True, 14, Pt(17)), ("kop.unit", True, 14, Pt(17)),
                                    ("kop.alamat", False, 10, Pt(12))):
        for text in (f"{{%p for baris in {name} %}}", "{{ baris }}", "{%p endfor %}"):
            p = paragraph(text_cell, text, bold=bold, align=center, first=first)
            first = False
            exact(p, bold, size)
            p.paragraph_format.line_spacing = pitch  # sopgen.document.decree.KOP_PITCH
    borders(table, sides=("bottom",), style="thickThinSmallGap", size="24")
    line(document)
    line(document, "{%p endif %}")


def keputusan() -> None:
    document = front_document()
    center = WD_ALIGN_PARAGRAPH.CENTER
    kop(document)
    loop_lines(document, "judul", bold=True, align=center)
    line(document, "NOMOR {{ nomor }}", bold=True, align=center)
    line(document)
    line(document, "TENTANG", bold=True, align=center)
    line(document)
    loop_lines(document, "tentang", bold=True, align=center)
    line(document)
    loop_lines(document, "penetap", bold=True, align=center)
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
    hanging_paragraph(document, "Menetapkan", "{{ menetapkan }}", bold_label=False)
    line(document, "{%p for d in diktum %}")
    hanging_paragraph(document, "{{ d.label }}", "{{ d.teks }}", bold_label=True)
    line(document, "{%p endfor %}")
    # the last diktum stays on the page of the signature block: no signature page alone
    last = hanging_paragraph(document, "{{ diktum_akhir.label }}", "{{ diktum_akhir.teks }}",
                             bold_label=True)
    keep_with_next(last, lines=True)
    keep_with_next(line(document))
    for text in ("Ditetapkan di {{ kota }}", "pada tanggal {{ tanggal }}"):
        keep_with_next(line(document, text)).paragraph_format.left_indent = Mm(80)
    keep_with_next(line(document))
    decree_signature(document)
    page_break(document)  # the lampiran starts on a page of its own
    # LAMPIRAN : KEPUTUSAN ... on the right half, as decrees print it: a borderless table
    # across the text width whose first column is empty (portable, unlike a right-aligned one)
    header = document.add_table(rows=4, cols=4)
    header.autofit = False  # fixed widths: the page count measures lines in them
    widths = (Mm(52), Mm(28), Mm(4), Mm(76))  # sopgen.document.decree.LAMPIRAN_W: the last three
    for column, width in zip(header.columns, widths):
        column.width = width
    for row, (label, value) in zip(header.rows, (("LAMPIRAN", "{{ lampiran.keputusan }}"),
                                                 ("NOMOR", "{{ lampiran.nomor }}"),
                                                 ("TANGGAL", "{{ lampiran.tanggal }}"),
                                                 ("TENTANG", "{{ lampiran.tentang }}"))):
        for cell, text, width in zip(row.cells, ("", label, ":", value), widths):
            cell.width = width
            exact(cell.paragraphs[0]).add_run(text)
    line(document)
    loop_lines(document, "lampiran_judul", bold=True, align=center)
    line(document)
    table = document.add_table(rows=3, cols=3)
    borders(table)
    widths = (Mm(12), Mm(55), Mm(93))  # sopgen.document.decree.DAFTAR_W
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
    keep_with_next(line(document))
    decree_signature(document)
    document.save(TEMPLATES / "keputusan.docx")


if __name__ == "__main__":
    identitas()
    sampul()
    keputusan()
