"""A unit -> its SOP book as .docx bytes, in the order of the regulation: cover, keputusan
(with the list of SOPs as its lampiran), daftar isi, penjelasan singkat, then every SOP's
identity page and flowchart pages.

The book knows its page numbers before Word or LibreOffice sets it: every flowchart page
is laid out in code, every identity page is fitted to one page, and the portrait front
matter uses exact line spacing, so its pages are counted from the font's real widths.
The daftar isi prints those numbers; nobody has to "update fields".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.shared import Emu, Mm, Pt
from docxtpl import DocxTemplate, InlineImage

from .. import oxml
from ..cache import Cache
from ..cache import key as cache_key
from ..check.dates import format_date
from ..check.model import Sources, Unit, tte_of
from ..flowchart.geometry import MM, PT, LayoutError, Style, portrait, twip_ceil, twip_floor
from ..flowchart.geometry import WORD_CELL_MARGIN as CELL_MARGIN
from ..measure import text_width
from .decree import decree_context, decree_pages, kepala, table_kind, table_widths
from .identity import book_size
from .pages import FORM, FRONT, Type, fill, lines, row_height, text_lines
from .render import TEMPLATES, finish, jinja_environment, page_setup, sop_part, sop_setup
from .standar import standar_pelayanan


@dataclass(frozen=True)
class Entry:
    """One line of the daftar isi."""

    nomor: str
    nama: str
    halaman: int


@dataclass(frozen=True)
class Signature:
    """A place where the book is signed, and by whom, as printed: each SOP's identity page
    and the decree's two signature blocks (its body's and its lampiran's)."""

    halaman: int  # the page, counted from the cover as 1
    dokumen: str  # the SOP's nomor, or "keputusan"
    jabatan: str
    nama: str
    nip: str | None  # 18 digits


@dataclass(frozen=True)
class Book:
    data: bytes
    pages: int
    entries: tuple[Entry, ...]  # the daftar isi, as printed
    parts: tuple[str, ...] = ()  # the cache entries of its SOPs
    signatures: tuple[Signature, ...] = ()  # where it is signed, on the pages the layout gives
    srikandi: bytes | None = None  # the decree alone, for SRIKANDI (keputusan: srikandi: ya)
    standar: bytes | None = None  # the unit's Standar Pelayanan, where it has services (layanan/)


def render_book(sources: Sources, unit: Unit, templates: Path = TEMPLATES,
                cache: Cache | None = None) -> Book:
    """The book; each SOP's rendered part is taken from `cache` when it holds one made
    from the same SOP, unit heading, pemda settings and logo at the same text size."""
    cache = cache or Cache(None)
    setup = portrait(sources.pemda.kertas)
    style = Style(font=sources.pemda.huruf)
    parts = [_cover(sources, unit, templates)]
    decree = _keputusan(sources, unit, templates) if unit.keputusan else None
    signatures = list(decree[2]) if decree else []
    if decree:
        decree = decree[:2]
        parts.append(decree)
    names, size = part_keys(sources, unit)
    sops = [cached_part(cache, name, sources, unit, sop, size, templates) for sop, name in zip(unit.sops, names)]
    front = 1 + (decree[1] if decree else 0)
    paper = sources.pemda.kertas
    toc_pages = _daftar_isi_pages(unit, decree is not None, unit.penjelasan is not None, paper)
    form_names = [_form_key(sources, unit, form) for form in forms_of(unit)]  # monitoring, evaluasi, ...
    forms = [cache.get_or_make("part", key, lambda form=form: _form_part(sources, unit, form))
             for form, key in zip(forms_of(unit), form_names)]
    explanation = _penjelasan(unit, paper) if unit.penjelasan else None
    page = front + toc_pages + (explanation[1] if explanation else 0) + 1
    entries = []
    if decree:
        entries.append(Entry("", f"Keputusan {kepala(unit).jabatan}", 2))
    if explanation:
        entries.append(Entry("", "Penjelasan Singkat Penggunaan", front + toc_pages + 1))
    for sop, (_, pages) in zip(unit.sops, sops):
        entries.append(Entry(sop.nomor, sop.nama, page))
        signer = sop.disahkan_oleh
        signatures.append(Signature(page, sop.nomor, signer.jabatan, signer.nama, signer.nip))
        page += pages
    for title, document, pages in forms:
        entries.append(Entry("", title, page))
        page += pages
    parts.append((_daftar_isi(entries), toc_pages))
    if explanation:
        parts.append(explanation)
    master = parts[0][0]
    page_setup(master, setup, style)
    _unnumbered_cover(master)
    for document, _ in parts[1:]:  # the front matter, portrait
        page_setup(document, setup, style)
        oxml.append_document(master, document)
    # the SOPs and the forms, landscape, are spliced in as the text they are
    appended = [part for part, _ in sops] + [part for _, part, _ in forms]
    data = finish(master, title=f"Standar Operasional Prosedur {unit.nama}",
                  author=unit.nama, date=_book_date(unit), appended=appended)
    srikandi = _keputusan_srikandi(sources, unit, templates) if unit.keputusan and unit.keputusan.srikandi else None
    standar = standar_pelayanan(sources, unit) if unit.layanan else None
    return Book(data, page - 1, tuple(entries), tuple(names) + tuple(form_names), tuple(signatures), srikandi,
                standar)


def part_keys(sources: Sources, unit: Unit) -> tuple[list[str], float]:
    """The cache key of each SOP's part, and the one text size of the book's identity
    pages: a part is made again only when its SOP, the unit heading, the pemda settings,
    the logo or the size changed."""
    size = book_size(sources, unit, sop_setup(sources, unit))  # one size in the book
    logo = sources.pemda.logo.read_bytes() if sources.pemda.logo else None
    tte = tte_of(sources.pemda, unit)  # a unit may choose otherwise than the pemda
    return [cache_key(sop, unit.nama_baris, sources.pemda, logo, size, tte) for sop in unit.sops], size


def cached_part(cache: Cache, name: str, sources: Sources, unit: Unit, sop, size: float,
                templates: Path = TEMPLATES) -> tuple[oxml.Part, int]:
    """A SOP's identity and flowchart pages as its book prints them: the book and the
    site's file of each SOP (sopgen.publish) take the same part."""
    return cache.get_or_make("part", name, lambda: _sop_part(sources, unit, sop, templates, size))


def forms_of(unit: Unit) -> list[str]:
    """The forms at the end of the book: those `lampiran` asks for, and the evaluation
    worksheet where the unit keeps an evaluation register."""
    return list(unit.lampiran) + (["kertas-kerja"] if unit.evaluasi else [])


def _form_key(sources: Sources, unit: Unit, name: str) -> str:
    """What a form prints: the paper, the unit's name, each SOP's name, number and dates,
    and the evaluation register."""
    return cache_key(name, sources.pemda, unit.nama, [(s.nama, s.nomor, s.tanggal_revisi) for s in unit.sops],
                     tte_of(sources.pemda, unit), unit.evaluasi if name == "kertas-kerja" else None)


def _form_part(sources: Sources, unit: Unit, name: str) -> tuple[str, oxml.Part, int]:
    """A form ready to append (a long list of SOPs makes it the slowest front part)."""
    title, document, pages = FORMS[name](sources, unit)
    page_setup(document, sop_setup(sources, unit), Style(font=sources.pemda.huruf))
    return title, oxml.part_of(document), pages


def _sop_part(sources: Sources, unit: Unit, sop, templates: Path, size: float) -> tuple[oxml.Part, int]:
    """One SOP's identity and flowchart pages, ready to append, and how many pages."""
    try:
        return sop_part(sources, unit, sop, templates, size)
    except LayoutError as e:
        raise LayoutError(str(e), sop.path, e.step) from None


def _unnumbered_cover(master) -> None:
    """The cover counts as page 1 but prints no number, as the books offices distribute
    do: its section gets an empty first-page footer. The sections appended after it carry
    no footer of their own and inherit the numbered one."""
    section = master.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_footer.is_linked_to_previous = False


def _book_date(unit: Unit):
    dates = [s.tanggal_efektif for s in unit.sops]
    if unit.keputusan:
        dates.append(unit.keputusan.tanggal)
    return max(dates) if dates else dt.date(unit.tahun or 2000, 1, 1)


# --- cover and keputusan: docxtpl templates --------------------------------------------------

def _render(template_name: str, context: dict, templates: Path, with_logo: Sources | None = None,
            logo_height=Mm(50)):
    template = DocxTemplate(str(templates / template_name))
    if with_logo is not None:
        logo = with_logo.pemda.logo
        context["logo"] = InlineImage(template, str(logo), height=logo_height) if logo else ""
    template.render(context, jinja_environment(), autoescape=True)
    return template.docx


def _kop(sources: Sources, unit: Unit) -> list[str]:
    return [line.upper() for line in (sources.pemda.nama, *unit.nama_baris)]


def _cover(sources: Sources, unit: Unit, templates: Path):
    context = {"kop": _kop(sources, unit), "tahun": unit.tahun or "",
               "alamat": unit.alamat or sources.pemda.alamat or ""}
    return _render("sampul.docx", context, templates, with_logo=sources), 1


def _keputusan(sources: Sources, unit: Unit, templates: Path):
    context = decree_context(sources, unit)
    document = _render("keputusan.docx", dict(context), templates,
                       with_logo=sources if context["kop"] and context["kop"]["logo"] else None,
                       logo_height=Mm(25))
    fitted = table_widths(portrait(sources.pemda.kertas).content_width)
    for table in document.tables:
        oxml.set_grid_widths(table, list(fitted[table_kind(oxml.grid_widths(table))]))
    body, pages = decree_pages(sources, context)
    ttd = context["ttd"]
    signer = kepala(unit)
    signatures = [Signature(1 + page, "keputusan", " ".join(ttd["jabatan"]).rstrip(","), ttd["nama"],
                            signer.nip if ttd["nip"] else None) for page in (body, pages)]
    return document, pages, signatures


# SRIKANDI, the government's application for naskah dinas, registers a decree and fills
# these in: the number and date it gives, and the signer's signature, name and NIP
SRIKANDI = {"nomor": "${nomor_naskah}", "tanggal": "${tanggal_naskah}", "ttd": "${ttd_pengirim}",
            "nama": "${nama_pengirim}", "nip": "${nip_pengirim}"}


def _keputusan_srikandi(sources: Sources, unit: Unit, templates: Path) -> bytes:
    """The decree as its own document for SRIKANDI: its number, date and signer (both
    signature blocks, and the lampiran's heading) as SRIKANDI's placeholders; the book,
    as a PDF, is uploaded as its lampiran."""
    from docxtpl import RichText

    context = decree_context(sources, unit)
    ttd = context["ttd"]
    context.update(
        nomor=SRIKANDI["nomor"], tanggal=SRIKANDI["tanggal"],
        tte=RichText(SRIKANDI["ttd"]),  # the signature's place, in the slot's paragraph
        ttd={**ttd, "nama": SRIKANDI["nama"], "nip": f"NIP. {SRIKANDI['nip']}" if ttd["nip"] else ""},
        lampiran={**context["lampiran"], "nomor": SRIKANDI["nomor"], "tanggal": SRIKANDI["tanggal"]},
    )
    document = _render("keputusan.docx", context, templates,
                       with_logo=sources if context["kop"] and context["kop"]["logo"] else None,
                       logo_height=Mm(25))
    fitted = table_widths(portrait(sources.pemda.kertas).content_width)
    for table in document.tables:
        oxml.set_grid_widths(table, list(fitted[table_kind(oxml.grid_widths(table))]))
    page_setup(document, portrait(sources.pemda.kertas), Style(font=sources.pemda.huruf))
    return finish(document, title=f"Keputusan {kepala(unit).jabatan}", author=unit.nama,
                  date=unit.keputusan.tanggal)


# --- daftar isi and penjelasan: built in code ---------------------------------------------

TOC_WIDTHS = (12 * MM, 45 * MM, 79 * MM, 24 * MM)
TOC_NAME_MIN = 40 * MM  # what the Nama SOP column keeps when a long number widens its own


def _toc_widths(entries) -> tuple[int, ...]:
    """The columns of the daftar isi: the Nomor SOP column as wide as the longest number
    needs to stay on one line (Word and LibreOffice break a number after a "/"), taken
    from the Nama SOP column, which wraps between words."""
    no, nomor, nama, halaman = TOC_WIDTHS
    needed = max((twip_ceil(text_width(e.nomor, FRONT.size)) + 2 * CELL_MARGIN + 2 * PT
                  for e in entries if e.nomor), default=0)
    wider = min(max(needed, nomor), nomor + nama - TOC_NAME_MIN)
    return no, wider, nomor + nama - wider, halaman


def _front_document(sources_font: str = "Arial", kind: Type = FRONT):
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = sources_font
    normal.font.size = Pt(kind.size)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    normal.paragraph_format.line_spacing = Emu(kind.line)
    normal.paragraph_format.widow_control = False
    return document


def _heading(document, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(text).bold = True
    document.add_paragraph()


def _table(document, widths, rows: list[tuple[str, ...]], header: tuple[str, ...] | None,
           centred: tuple[int, ...] = (), min_lines: int = 1, kind: Type = FRONT):
    table = document.add_table(rows=0, cols=len(widths))
    table.style = document.styles["Table Grid"]
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = Emu(width)
    for index, values in enumerate(([header] if header else []) + rows):
        row = table.add_row()
        row.height = Emu(row_height(values, widths, kind, 1 if header and index == 0 else min_lines))
        row.height_rule = WD_ROW_HEIGHT_RULE.EXACTLY  # the page count relies on it
        for cell, value, width in zip(row.cells, values, widths):
            cell.width = Emu(width)
            run = cell.paragraphs[0].add_run(value)
            run.bold = header is not None and index == 0
        for column in centred:
            row.cells[column].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    return table


def _toc_rows(entries) -> list[tuple[str, str, str, str]]:
    rows, number = [], 0
    for entry in entries:
        if entry.nomor:
            number += 1
        rows.append((str(number) if entry.nomor else "", entry.nomor, entry.nama, str(entry.halaman)))
    return rows


TOC_HEADER = ("No", "Nomor SOP", "Nama SOP", "Halaman")


def _row_heights(rows, widths, header, min_lines: int = 1, kind: Type = FRONT) -> list[int]:
    """The heights of a table's rows (exact: each row is a block no page breaks)."""
    return [row_height(header, widths, kind)] + [row_height(v, widths, kind, min_lines)
                                                 for v in rows]


def _daftar_isi_pages(unit: Unit, decree: bool, explanation: bool, paper: str) -> int:
    """Counted from the entries' texts alone: the page numbers do not change the count."""
    entries = ([Entry("", "Keputusan", 0)] if decree else []) + (
        [Entry("", "Penjelasan Singkat Penggunaan", 0)] if explanation else []) + [
        Entry(s.nomor, s.nama, 999) for s in unit.sops] + [
        Entry("", FORM_TITLES[name], 999) for name in forms_of(unit)]
    blocks = text_lines(2) + _row_heights(_toc_rows(entries), _toc_widths(entries), TOC_HEADER)
    return fill(blocks, portrait(paper).content_height)


def _daftar_isi(entries: list[Entry]):
    document = _front_document()
    _heading(document, "DAFTAR ISI")
    _table(document, _toc_widths(entries), _toc_rows(entries), TOC_HEADER, centred=(0, 3))
    return document


def _penjelasan(unit: Unit, paper: str):
    explanation = unit.penjelasan
    document = _front_document()
    _heading(document, "PENJELASAN SINGKAT PENGGUNAAN")
    width = 160 * MM
    blocks = text_lines(2)
    for letter, title, text in (("A", "Ruang Lingkup", explanation.ruang_lingkup),
                                ("B", "Ringkasan", explanation.ringkasan)):
        if not text:
            continue
        document.add_paragraph().add_run(f"{letter}. {title}").bold = True
        paragraph = document.add_paragraph(text)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        document.add_paragraph()
        blocks += text_lines(2 + lines(text, width))
    if explanation.definisi:
        document.add_paragraph().add_run("C. Definisi").bold = True
        rows = [(d.istilah, d.arti) for d in explanation.definisi]
        widths = (45 * MM, 115 * MM)
        _table(document, widths, rows, ("Istilah", "Arti"))
        blocks += text_lines(1) + _row_heights(rows, widths, ("Istilah", "Arti"))
    # counted on the paper the book is printed on: F4 holds more lines than A4, so a count
    # made for the smaller page breaks earlier than the real pages do
    return document, fill(blocks, portrait(paper).content_height)


# --- the regulation's appendix forms, one row per SOP ----------------------------------------

FORM_TITLES = {"monitoring": "Formulir Monitoring Pelaksanaan SOP AP",
               "evaluasi": "Formulir Evaluasi Penerapan SOP AP",
               "kertas-kerja": "Kertas Kerja Evaluasi SOP AP"}
BOX = "\u2610"  # an empty check box


WRITING_LINES = 3  # every row of a form leaves room to write three lines by hand
NBSP = "\u00a0"  # keeps a check box with its label


def _explicit(document, kind: Type) -> None:
    """Size and pitch written on every paragraph: in the book the part meets the cover's
    Normal style (12 pt on 16 pt), which would otherwise win."""
    paragraphs = list(document.paragraphs) + [p for table in document.tables for row in table.rows
                                              for cell in row.cells for p in cell.paragraphs]
    for paragraph in paragraphs:
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        paragraph.paragraph_format.line_spacing = Emu(kind.line)
        for run in paragraph.runs:
            run.font.size = Pt(kind.size)


def _form_widths(header: tuple[str, ...], shares: tuple[int, ...], total: int) -> tuple[int, ...]:
    """The regulation's columns in proportion, each at least as wide as the longest word of
    its header (bold), so that no header breaks inside a word; the room is taken from the
    widest columns."""
    least = [max(text_width(word, FORM.size, bold=True) for word in title.split())
             + 2 * CELL_MARGIN + 2 * PT for title in header]
    widths = [total * share // sum(shares) for share in shares]
    for _ in range(len(widths)):
        short = sum(max(0, need - width) for need, width in zip(least, widths))
        if not short:
            break
        widths = [max(width, need) for width, need in zip(widths, least)]
        spare = [width - need for width, need in zip(widths, least)]
        for index in sorted(range(len(widths)), key=lambda i: -spare[i]):
            take = min(short, spare[index])
            widths[index] -= take
            short -= take
    return tuple(twip_floor(w) for w in widths)


def _form(sources: Sources, unit: Unit, name: str, header: tuple[str, ...],
          shares: tuple[int, ...], row_of, rows: list[tuple[str, ...]] | None = None, min_lines: int = WRITING_LINES):
    """One of the regulation's appendix forms: the period assessed, a table with a row per
    SOP and room to write, then the place and date, and the assessor's name, NIP and
    signature."""
    document = _front_document(kind=FORM)
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    wide = sop_setup(sources, unit)
    section.page_width, section.page_height = Emu(wide.width), Emu(wide.height)
    widths = _form_widths(header, shares, wide.content_width)
    _heading(document, FORM_TITLES[name].upper())
    document.paragraphs[-1].add_run(unit.nama.upper()).bold = True
    document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    years = sorted({str(e.tanggal.year) for e in unit.evaluasi})
    period = ("Periode penilaian: Semester I / II *) Tahun ........" if name == "monitoring"
              else f"Periode penilaian: Tahun {', '.join(years)}" if name == "kertas-kerja"
              else "Periode penilaian: Tahun ........")
    document.add_paragraph(period)
    document.add_paragraph()
    if rows is None:  # a blank form: a row per SOP, room to write
        rows = [row_of(n, sop) for n, sop in enumerate(unit.sops, start=1)]
    _table(document, widths, rows, header, centred=(0,), min_lines=min_lines, kind=FORM)
    place = f"{sources.pemda.kota}, " if sources.pemda.kota else ""
    signature = ["", f"{place}........................................", "Penilai,", "", "", "",
                 "Nama : ........................................",
                 "NIP  : ........................................", "*) coret yang tidak perlu"
                 if name == "monitoring" else ""]
    for text in signature:
        paragraph = document.add_paragraph(text)
        paragraph.paragraph_format.left_indent = Emu(wide.content_width * 2 // 3)
        paragraph.paragraph_format.keep_with_next = True
    _explicit(document, FORM)
    # the heading, the unit, the period and a blank line; the table's rows; the signature
    # block, kept together
    blocks = (text_lines(4, FORM) + _row_heights(rows, widths, header, WRITING_LINES, FORM)
              + [len(signature) * FORM.line])
    return FORM_TITLES[name], document, fill(blocks, wide.content_height)


def _monitoring(sources: Sources, unit: Unit):
    header = ("No", "Prosedur", "Penilaian terhadap penerapan", "Catatan hasil penilaian",
              "Tindakan yang harus diambil", "Paraf penilai")
    judgement = f"{BOX}{NBSP}Berjalan dengan baik\n{BOX}{NBSP}Tidak berjalan dengan baik"
    return _form(sources, unit, "monitoring", header, (10, 75, 65, 55, 65, 30),
                 lambda n, sop: (str(n), f"{sop.nama} ({sop.nomor})", judgement, "", "", ""))


CRITERIA = ("Mampu mendorong peningkatan kinerja", "Mudah dipahami", "Mudah dilaksanakan",
            "Semua orang dapat menjalankan perannya", "Mampu mengatasi permasalahan",
            "Mampu menjawab kebutuhan peningkatan kinerja organisasi")


def _evaluasi(sources: Sources, unit: Unit):
    header = ("No", "Prosedur", *CRITERIA, "Catatan dan rekomendasi")
    answer = f"{BOX}{NBSP}Ya\n{BOX}{NBSP}Tidak"
    return _form(sources, unit, "evaluasi", header, (10, 55, 30, 27, 27, 31, 31, 38, 51),
                 lambda n, sop: (str(n), f"{sop.nama} ({sop.nomor})",
                                 *([answer] * len(CRITERIA)), ""))


def _kertas_kerja(sources: Sources, unit: Unit):
    """The evaluation worksheet ("kertas kerja evaluasi SOP") filled from the register:
    each evaluation with its outcome, the follow-up decided, and whether it was done."""
    header = ("No", "Prosedur", "Tanggal evaluasi", "Hasil", "Catatan", "Tindak lanjut", "Keadaan tindak lanjut")
    sops = {s.key.sop: s for s in unit.sops}
    rows = []
    for n, row in enumerate(sorted(unit.evaluasi, key=lambda e: (e.tanggal, e.sop)), start=1):
        sop = sops.get(row.sop)
        name = f"{sop.nama} ({sop.nomor})" if sop else f"{row.sop} (sudah tidak ada dalam buku)"
        rows.append((str(n), name, format_date(row.tanggal), row.hasil.capitalize(), row.catatan or "-",
                     row.tindak_lanjut or "-", _followed(row, sop)))
    return _form(sources, unit, "kertas-kerja", header, (10, 70, 40, 24, 58, 58, 50), None, rows, min_lines=2)


def _followed(row, sop) -> str:
    if row.hasil == "tetap":
        return "Tidak perlu tindak lanjut"
    if row.hasil == "dicabut":
        return "Sudah dicabut" if sop is None else "Belum dicabut"
    if sop is not None and sop.tanggal_revisi and sop.tanggal_revisi >= row.tanggal:
        return f"Sudah direvisi {format_date(sop.tanggal_revisi)}"
    return "Belum direvisi"


FORMS = {"monitoring": _monitoring, "evaluasi": _evaluasi, "kertas-kerja": _kertas_kerja}
