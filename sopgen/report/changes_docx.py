"""One unit's changes (report/changes.py) -> the change report on the government's
paper, landscape ("Laporan Perubahan SOP"): a summary table, then per changed SOP its
identity fields and steps before and after, and its flowchart pages side by side,
drawn as the book draws them (the preview's SVG, as pictures)."""

from __future__ import annotations

import datetime as dt
import io
from xml.sax.saxutils import escape

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Emu

from .. import oxml
from ..check.model import Sop, Sources
from ..document.plain import centered, plain_document, ruled_table, shares
from ..document.render import finish, sop_setup
from ..flowchart.geometry import MM, twip_floor
from ..flowchart.layout import layout
from ..flowchart.svg import page_svg
from .changes import SopChange, UnitChanges

SIZE = 9  # pt
MARGIN = 15  # mm
KIND = {"ditambah": "Ditambah", "dihapus": "Dihapus", "diubah": "Diubah", "dipindah": "Dipindah"}


def changes_docx(changes: UnitChanges, before: Sources, after: Sources, dari: str, sampai: str,
                 date: dt.date) -> bytes:
    pemda = after.pemda
    setup = sop_setup(after, next((u for u in after.units if u.id == changes.id), None) or _unit(before, changes.id))
    document = plain_document(setup, pemda.huruf, SIZE, MARGIN)
    width = setup.width - 2 * MARGIN * MM
    for text in ("LAPORAN PERUBAHAN STANDAR OPERASIONAL PROSEDUR", changes.nama.upper(), pemda.nama.upper()):
        centered(document, text, bold=True)
    centered(document, f"Versi {dari} dibandingkan dengan versi {sampai}")
    document.add_paragraph()
    _heading(document, "Ringkasan")
    rows = [(str(n), s.nomor, s.nama, "Ditambah", "SOP baru") for n, s in enumerate(changes.ditambah, start=1)]
    rows += [(str(len(rows) + n), c.after.nomor, c.nama, "Diubah", _summary(c))
             for n, c in enumerate(changes.diubah, start=1)]
    rows += [(str(len(rows) + n), s.nomor, s.nama, "Dihapus", "SOP dicabut")
             for n, s in enumerate(changes.dihapus, start=1)]
    if not rows:
        document.add_paragraph("Tidak ada perubahan SOP di antara kedua versi ini.")
    else:
        ruled_table(document, ("No", "Nomor SOP", "Nama SOP", "Perubahan", "Yang berubah"), rows,
               shares(width, (5, 17, 30, 10, 38)))
    for change in changes.diubah:
        _changed_sop(document, change, before, after, width)
    return finish(document, title=f"Laporan Perubahan SOP {changes.nama}", author=pemda.nama, date=date)


def _unit(sources: Sources, unit_id: str):
    return next(u for u in sources.units if u.id == unit_id)


def _summary(change: SopChange) -> str:
    parts = []
    if change.identity:
        parts.append("identitas: " + ", ".join(f.label for f in change.identity))
    counts: dict[str, int] = {}
    for step in change.steps:
        counts[step.kind] = counts.get(step.kind, 0) + 1
    if counts:
        parts.append("langkah: " + ", ".join(f"{n} {kind}" for kind, n in counts.items()))
    return "; ".join(parts)


def _changed_sop(document, change: SopChange, before: Sources, after: Sources, width: int) -> None:
    document.add_page_break()
    _heading(document, f"{change.after.nomor} {change.nama}")
    if change.identity:
        document.add_paragraph("Identitas SOP")
        ruled_table(document, ("Bagian", "Sebelum", "Sesudah"),
               [(f.label, f.before, f.after) for f in change.identity], shares(width, (20, 40, 40)))
        document.add_paragraph()
    if change.steps:
        document.add_paragraph("Langkah (nomor sebelum dan sesudah; mutu baku dan cabang termasuk)")
        rows = []
        for step in change.steps:
            detail = "\n".join(f"{f.label}: {f.before or '-'} \u2192 {f.after or '-'}" for f in step.fields)
            rows.append((KIND[step.kind], str(step.before or "-"), str(step.after or "-"), step.uraian, detail))
        ruled_table(document, ("Perubahan", "No. lama", "No. baru", "Kegiatan", "Isi perubahan"), rows,
               shares(width, (10, 6, 6, 34, 44)))
    if change.flowchart:
        _flowcharts(document, change, before, after, width)


def _flowcharts(document, change: SopChange, before: Sources, after: Sources, width: int) -> None:
    """The flowchart's pages, the old beside the new, page by page."""
    old = _pictures(before, change.before)
    new = _pictures(after, change.after)
    document.add_paragraph()
    _heading(document, "Bagan alir sebelum dan sesudah")
    half = twip_floor((width - 2 * MM) // 2)
    table = document.add_table(rows=1, cols=2)
    table.style = document.styles["Table Grid"]
    table.autofit = False
    for cell, text in zip(table.rows[0].cells, ("Sebelum", "Sesudah")):
        cell.width = Emu(half)
        cell.paragraphs[0].add_run(text).bold = True
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    oxml.repeat_header_row(table)
    for n in range(max(len(old), len(new))):
        cells = table.add_row().cells
        for cell, pictures in zip(cells, (old, new)):
            cell.width = Emu(half)
            if n < len(pictures):
                cell.paragraphs[0].add_run().add_picture(io.BytesIO(pictures[n]), width=Emu(half - 4 * MM))
            else:
                cell.paragraphs[0].add_run("-")


def _pictures(sources: Sources, sop: Sop) -> list[bytes]:
    """Each flowchart page of `sop`, drawn by the preview's SVG and rasterised at 150 dpi."""
    import pymupdf

    unit = _unit(sources, sop.key.unit)
    diagram = layout(sop, sop_setup(sources, unit))
    pictures = []
    for number, page in enumerate(diagram.pages, start=1):
        # MuPDF takes a font family only on the text itself, and one name, not a browser's
        # inherited fallback list (it would set Times)
        font = escape(sources.pemda.huruf, {'"': "&quot;"})
        svg = page_svg(diagram, page, number).replace("<text ", f'<text font-family="{font}" ').encode("utf-8")
        with pymupdf.open(stream=svg, filetype="svg") as drawing:
            pictures.append(drawing[0].get_pixmap(dpi=150).tobytes("png"))
    return pictures


def _heading(document, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.keep_with_next = True
    paragraph.add_run(text).bold = True
