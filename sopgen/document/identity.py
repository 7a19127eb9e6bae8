"""Sop -> the font size of its identity page, and how many pages it takes, estimated from
the font's real widths before Word or LibreOffice sets it.

A book sets every identity page at one size, the largest at which its ordinary SOPs fit
one page, never below 9 pt: a SOP whose lists are longer than a page even at 9 pt
continues onto a second page, where the header block (the kop, the numbers, dates and
signature) is repeated, instead of setting the whole book smaller.

The estimate follows the structure of sopgen/templates/identitas.docx (one bordered table: a
57 % header block beside 11 % labels and 32 % values, then three rows of two lists);
an office that restyles the template keeps that structure, and the estimate keeps
enough slack for small changes of spacing.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..check.model import Sop, Sources, Unit, tte_of
from ..flowchart.geometry import MM, PT, TWIP, WORD_CELL_MARGIN, PageSetup, twip_ceil, twip_floor
from ..measure import line_count, line_pitch, text_width
from .qr import SIZE as QR_SIZE
from .qr import site_name

SIZES = (10, 9.5, 9)  # pt; smaller, a signed page is hard to read: a long one continues instead
HANGING = 6 * MM  # list numbers hang in this indent
LOGO = 22 * MM
SIGNATURE_LINES = 4  # the room to sign in ink (the template's empty paragraphs)
SLACK = 0.95  # share of the page the estimate may fill
CELL_PAD = 45 * TWIP  # 0.8 mm above and below the text of every cell (the template's)
SHARES = (57, 11, 32)  # header block, labels, values: per cent of the width
LABELS = ("Nomor SOP", "Tanggal Pembuatan", "Tanggal Revisi", "Tanggal Efektif",
          "Disahkan oleh", "Nama SOP")


@dataclass(frozen=True)
class IdentityFit:
    size: float  # pt
    pages: int


def columns(width: int, size: float) -> tuple[int, int, int]:
    """The widths of the header block, the labels and the values: the regulation's shares,
    the label column widened (from the header block) until every label fits on one line,
    in twips as Word's grid is."""
    left, label, value = (width * share // 100 for share in SHARES)
    widest = max(text_width(text, size, bold=True) for text in LABELS)
    need = widest + 2 * WORD_CELL_MARGIN + PT
    if need > label:
        left, label = left - (need - label), need
    left, label = twip_floor(left), twip_ceil(label)
    return left, label, width - left - label


def fit_identity(sources: Sources, unit: Unit, sop: Sop, setup: PageSetup,
                 size: float | None = None) -> IdentityFit:
    """The largest size at which the page fits one page (or the size given, as a book
    chooses one for all its SOPs), and the pages it takes: one, or more where the lists
    run on under the repeated header block."""
    available = setup.content_height * SLACK
    for size in SIZES if size is None else (size,):
        header, total = _height(sources, unit, sop, setup.content_width, size)
        if total <= available:
            return IdentityFit(size, 1)
    # the rows of lists split between lines: each further page holds the repeated header
    # and what is left
    return IdentityFit(size, 1 + -(-int(total - available) // int(available - header)))


def book_size(sources: Sources, unit: Unit, setup: PageSetup) -> float:
    """One size for every identity page of a book: the largest at which no more SOPs run
    onto a second page than must (those too long for one page even at the smallest size).
    A SOP that fits at 9 pt sets the book no smaller than 9 pt; one that fits at no size
    continues instead of shrinking every other page."""
    fitting = [fit for sop in unit.sops for fit in [fit_identity(sources, unit, sop, setup)]
               if fit.pages == 1]
    return min((fit.size for fit in fitting), default=SIZES[0])


def _height(sources: Sources, unit: Unit, sop: Sop, width: int, size: float) -> tuple[int, int]:
    """The height of the header block (repeated on a continued page) and of the whole
    table."""
    line = line_pitch(size)
    left, label, value = columns(width, size)
    right = label + value
    pad = 2 * CELL_PAD
    inner = lambda w: w - 2 * WORD_CELL_MARGIN - PT  # noqa: E731 - a point of safety
    kop = (sources.pemda.nama, *unit.nama_baris)
    header_left = LOGO + line_count([k.upper() for k in kop], inner(left), size, bold=True) * line
    if sources.pemda.situs:  # the site's QR and its name under the kop
        header_left += QR_SIZE + line_count([site_name(sources.pemda.situs)], inner(left), size) * line
    signer = sop.disahkan_oleh
    tte = tte_of(sources.pemda, unit)
    # the room to sign in ink, or an electronic signature's slot: a line as tall as the
    # slot, which sits on the baseline, and the text's descent below it
    gap = SIGNATURE_LINES * line if tte is None else tte.ukuran * PT + line // 4
    signer_lines = (line_count([signer.jabatan.upper()], inner(value), size, True)
                    + line_count([signer.nama], inner(value), size, True)
                    + bool(signer.pangkat) + bool(signer.nip))
    rows = [
        ("Nomor SOP", [sop.nomor]), ("Tanggal Pembuatan", ["00 September 0000"]),
        ("Tanggal Revisi", ["00 September 0000"]), ("Tanggal Efektif", ["00 September 0000"]),
    ]
    header_right = sum(max(line_count([lab], inner(label), size, True), line_count(v, inner(value), size))
                       * line + pad for lab, v in rows)
    header_right += signer_lines * line + gap + pad
    header_right += max(line_count(["Nama SOP"], inner(label), size, True),
                        line_count([sop.nama], inner(value), size, True)) * line + pad
    total = header = max(header_left + pad, header_right) + 6 * PT  # and the borders
    pairs = [
        (sop.dasar_hukum, sop.kualifikasi_pelaksana),
        (tuple(r.text for r in sop.keterkaitan), sop.peralatan_perlengkapan),
        (sop.peringatan, sop.pencatatan_pendataan),
    ]
    for items_left, items_right in pairs:
        lines_left = 1 + line_count(items_left or ["-"], inner(left) - HANGING, size)
        lines_right = 1 + line_count(items_right or ["-"], inner(right) - HANGING, size)
        total += max(lines_left, lines_right) * line + pad + PT
    return header, total
