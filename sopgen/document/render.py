"""Model + Diagram -> a Word document (.docx bytes): the identity page from the docxtpl
template in templates/, the flowchart pages from the layout through `drawing`, the page
setup of pemda.yaml, page numbers, and deterministic packaging.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import jinja2
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.section import Section
from docx.shared import Emu, Mm
from docx.table import Table
from docxtpl import DocxTemplate, InlineImage

from .. import oxml
from ..check.dates import format_date
from ..check.model import Sop, Sources, Unit, tte_of
from ..flowchart import drawing
from ..flowchart.geometry import PageSetup, Style, landscape
from ..flowchart.layout import layout
from . import TEMPLATES
from .history import history_page
from .identity import columns as identity_columns
from .identity import fit_identity
from .qr import SIZE as QR_SIZE
from .qr import qr_png, site_name, sop_address
from .slot import Slot


class _Environment(jinja2.Environment):
    """Compiles each template text once: docxtpl hands over the same XML for every SOP."""

    _compiled: dict[str, jinja2.Template] = {}

    def from_string(self, source, globals=None, template_class=None):
        if globals or template_class or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        if source not in self._compiled:
            self._compiled[source] = super().from_string(source)
        return self._compiled[source]


_ENVIRONMENT = None


def jinja_environment() -> jinja2.Environment:
    """Templates fail loudly on a missing variable, and every value is escaped: an "&" or
    "<" in a SOP never corrupts the document."""
    global _ENVIRONMENT
    if _ENVIRONMENT is None:
        _ENVIRONMENT = _Environment(undefined=jinja2.StrictUndefined, autoescape=True)
    return _ENVIRONMENT


def jabatan_caps(jabatan: str) -> str:
    """'KEPALA BAGIAN ORGANISASI', keeping an acting official's 'Plt.'/'Plh.' as written."""
    head, _, rest = jabatan.partition(" ")
    if head.rstrip(".").lower() in ("plt", "plh") and rest:
        return f"{head} {rest.upper()}"
    return jabatan.upper()


def numbered(items: tuple[str, ...]) -> list[dict[str, str]]:
    """List items as the identity page prints them: numbered when there are several,
    a single one as it is, none as '-'."""
    if not items:
        return [{"nomor": "", "teks": "-"}]
    if len(items) == 1:
        return [{"nomor": "", "teks": items[0]}]
    return [{"nomor": f"{n}.", "teks": item} for n, item in enumerate(items, start=1)]


def sop_setup(sources: Sources, unit: Unit) -> PageSetup:
    """The SOP pages' paper: landscape, with the signing portal's band kept free in a
    book for an electronic signature."""
    return landscape(sources.pemda.kertas, tte=tte_of(sources.pemda, unit) is not None)


def identity_context(sources: Sources, unit: Unit, sop: Sop, template: DocxTemplate) -> dict:
    signer = sop.disahkan_oleh
    logo = sources.pemda.logo
    tte = tte_of(sources.pemda, unit)
    return {
        "tte": Slot(tte, sources.pemda.huruf) if tte else None,  # the QR's slot, else room to sign
        "logo": InlineImage(template, str(logo), height=Mm(22)) if logo else "",
        "situs": _site_link(sources, sop, template),
        "kop": [line.upper() for line in (sources.pemda.nama, *unit.nama_baris)],
        "nomor": sop.nomor,
        "nama": sop.nama,
        "tanggal_pembuatan": format_date(sop.tanggal_pembuatan),
        "tanggal_revisi": format_date(sop.tanggal_revisi),
        "tanggal_efektif": format_date(sop.tanggal_efektif),
        "pengesah": {
            "jabatan": jabatan_caps(signer.jabatan),
            "nama": signer.nama,
            "pangkat": signer.pangkat or "",
            "nip": signer.nip_cetak or "",
        },
        "dasar_hukum": numbered(sop.dasar_hukum),
        "kualifikasi_pelaksana": numbered(sop.kualifikasi_pelaksana),
        "keterkaitan": numbered(tuple(r.text for r in sop.keterkaitan)),
        "peralatan_perlengkapan": numbered(sop.peralatan_perlengkapan),
        "peringatan": numbered(sop.peringatan),
        "pencatatan_pendataan": numbered(sop.pencatatan_pendataan),
    }


def _site_link(sources: Sources, sop: Sop, template: DocxTemplate) -> dict | None:
    """With `situs` in pemda.yaml: the QR of the SOP's page on the published site, and
    the site's name under it."""
    site = sources.pemda.situs
    if site is None:
        return None
    code = qr_png(sop_address(site, sop.key.unit, sop.key.sop))
    return {"kode": InlineImage(template, io.BytesIO(code), width=Emu(QR_SIZE)), "teks": site_name(site)}


class _IdentityTemplate:
    """identitas.docx opened and prepared once per process (per templates folder), so that
    each SOP costs one Jinja render of its body's XML text rather than a reopened package
    and a re-patched template: docxtpl's own steps (`patch_xml` once, then per SOP
    `render_xml_part` and `fix_tables`), so the template stays docxtpl's, restyled in Word.
    The template's package lends its relationships to the logo (InlineImage needs one);
    the parts made carry the picture's bytes, not that package."""

    _opened: dict[Path, "_IdentityTemplate"] = {}

    @classmethod
    def of(cls, templates: Path) -> "_IdentityTemplate":
        path = (templates / "identitas.docx").resolve()
        if path not in cls._opened:
            cls._opened[path] = cls(path)
        return cls._opened[path]

    def __init__(self, path: Path):
        self.path = path
        self.template = DocxTemplate(str(path))
        self.template.render_init()
        self.source = self.template.patch_xml(self.template.get_xml())
        self.shell = oxml.empty_body(self.template.docx.element)
        self.styles = oxml.styles_of(self.template.docx)

    def body(self, context: dict):
        """The rendered body: python-docx elements, the template's section properties last."""
        template = self.template
        template.docx_ids_index = 1000  # the same ids for every SOP: parts are deterministic
        xml = template.render_xml_part(self.source, template.docx.part, context, jinja_environment())
        tree = template.fix_tables(xml)
        template.fix_docpr_ids(tree)
        return oxml.moved_into(self.shell, tree)  # under the template's own root

    def part(self, body) -> oxml.Part:
        return oxml.part_with(body, self.styles, self.template.docx.part.related_parts)


def sop_part(sources: Sources, unit: Unit, sop: Sop, templates: Path = TEMPLATES,
             size: float | None = None) -> tuple[oxml.Part, int]:
    """One SOP's pages, ready to append to a book (or to stand alone): its identity page,
    then its flowchart pages, on landscape paper; and how many pages they take. The
    identity page's text is `size` (a book gives all its SOPs one size), else the largest
    at which it fits one page."""
    setup = sop_setup(sources, unit)
    diagram = layout(sop, setup, Style(font=sources.pemda.huruf))
    identity = _IdentityTemplate.of(templates)
    body = identity.body(identity_context(sources, unit, sop, identity.template))
    # the identity page fits one page (its text shrinks down to 9 pt when the lists are long),
    # or runs on under its repeated header block at the size the book chose
    fit = fit_identity(sources, unit, sop, setup, size)
    tables = [Table(tbl, None) for tbl in body.tbl_lst]
    _fit_tables(tables, setup, identity_columns(setup.content_width, fit.size))
    # formatting is made explicit: in a book the paragraphs meet the cover's Normal style
    oxml.explicit_cell_text(body, sources.pemda.huruf, fit.size)
    if body.tbl_lst:
        oxml.repeat_header_block(body.tbl_lst[0])  # for an identity page that runs on
    caption = f"Nomor SOP: {sop.nomor} | Nama SOP: {sop.nama}"  # above every flowchart page
    elements = [oxml.page_break(), *drawing.flowchart(diagram, drawing.DrawingIds(1000), caption)]
    history, history_pages = history_page(sop, setup, sources.pemda.huruf) if sop.riwayat else ([], 0)
    for element in elements + history:
        body.sectPr.addprevious(element)
    page_geometry(Section(body.sectPr, None), setup)
    return identity.part(body), fit.pages + len(diagram.pages) + history_pages


def render_sop(sources: Sources, unit: Unit, sop: Sop, templates: Path = TEMPLATES) -> bytes:
    """One SOP as .docx bytes: the authors' preview."""
    part, _ = sop_part(sources, unit, sop, templates)
    return standalone(sources, unit, sop, part, templates)


def standalone(sources: Sources, unit: Unit, sop: Sop, part: oxml.Part, templates: Path = TEMPLATES) -> bytes:
    """A SOP's part as a document of its own, its pages numbered from 1: the authors'
    preview, and the file the site publishes for each SOP (with its book's part)."""
    document = Document(str(templates / "identitas.docx"))
    oxml.replace_body(document, part)
    page_setup(document, sop_setup(sources, unit), Style(font=sources.pemda.huruf))
    return finish(document, title=f"SOP {sop.nama}", author=unit.nama, date=sop.tanggal_pembuatan)


def finish(document, title: str, author: str, date: dt.date, appended: list[oxml.Part] = ()) -> bytes:
    """Word 2013 geometry, fixed properties, deterministic bytes; `appended` parts follow
    the document's body, and every drawing id is unique."""
    oxml.set_compatibility_mode(document)
    oxml.set_core_properties(document, title, author, date.isoformat())
    return oxml.docx_bytes(document, appended)


def _fit_tables(tables, setup: PageSetup, three: tuple[int, int, int]) -> None:
    """Stretch the template's tables to the text width of the chosen paper; the identity
    table (three grid columns) takes the widths `identity.columns` chose, in which every
    label fits one line."""
    for table in tables:
        grid = oxml.grid_widths(table)
        total = sum(grid)
        if not total:
            continue
        widths = list(three) if len(grid) == 3 else [w * setup.content_width // total for w in grid]
        oxml.set_grid_widths(table, widths)


def page_geometry(section, setup: PageSetup) -> None:
    """A section's paper, orientation and margins."""
    section.orientation = WD_ORIENT.LANDSCAPE if setup.landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Emu(setup.width), Emu(setup.height)
    section.left_margin, section.right_margin = Emu(setup.margin_left), Emu(setup.margin_right)
    section.top_margin, section.bottom_margin = Emu(setup.margin_top), Emu(setup.margin_bottom)
    section.header_distance, section.footer_distance = Emu(setup.header), Emu(setup.footer)


def page_setup(document, setup: PageSetup, style: Style) -> None:
    """Every section's geometry, and its page-number footer."""
    for section in document.sections:
        page_geometry(section, setup)
        oxml.set_page_number_footer(section, style.font, style.size)
