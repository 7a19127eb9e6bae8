"""Sop -> the font size at which its identity page fits one page, and how many pages it
takes, estimated from the font's real widths before Word or LibreOffice sets it.

The estimate follows the structure of templates/identitas.docx (one bordered table: a
57 % header block beside 11 % labels and 32 % values, then three rows of two lists);
an office that restyles the template keeps that structure, and the estimate keeps
enough slack for small changes of spacing.
"""

from __future__ import annotations

from dataclasses import dataclass

from .layout import MM, PT, WORD_CELL_MARGIN, PageSetup
from .measure import line_count, line_pitch
from .model import Sop, Sources, Unit

SIZES = (10, 9.5, 9, 8.5, 8)  # pt; below 8 a signed page becomes hard to read
HANGING = 6 * MM  # list numbers hang in this indent
LOGO = 22 * MM
SIGNATURE_LINES = 4
SLACK = 0.95  # share of the page the estimate may fill


@dataclass(frozen=True)
class IdentityFit:
    size: float  # pt
    pages: int


def fit_identity(sources: Sources, unit: Unit, sop: Sop, setup: PageSetup) -> IdentityFit:
    available = setup.content_height * SLACK
    height = 0
    for size in SIZES:
        height = _height(sources, unit, sop, setup.content_width, size)
        if height <= available:
            return IdentityFit(size, 1)
    return IdentityFit(SIZES[-1], -(-int(height) // int(available)))


def _height(sources: Sources, unit: Unit, sop: Sop, width: int, size: float) -> int:
    line = line_pitch(size)
    left, label, value = width * 57 // 100, width * 11 // 100, width * 32 // 100
    right = label + value
    inner = lambda w: w - 2 * WORD_CELL_MARGIN - PT  # noqa: E731 - a point of safety
    kop = (sources.pemda.nama, *unit.nama_baris)
    header_left = LOGO + line_count([k.upper() for k in kop], inner(left), size, bold=True) * line
    signer = sop.disahkan_oleh
    signer_lines = (line_count([signer.jabatan.upper()], inner(value), size, True) + SIGNATURE_LINES
                    + line_count([signer.nama], inner(value), size, True)
                    + bool(signer.pangkat) + bool(signer.nip))
    rows = [
        ("Nomor SOP", [sop.nomor]), ("Tanggal Pembuatan", ["00 September 0000"]),
        ("Tanggal Revisi", ["00 September 0000"]), ("Tanggal Efektif", ["00 September 0000"]),
    ]
    header_right = sum(max(line_count([lab], inner(label), size, True), line_count(v, inner(value), size))
                       for lab, v in rows) * line
    header_right += max(signer_lines, 1) * line
    header_right += max(line_count(["Nama SOP"], inner(label), size, True),
                        line_count([sop.nama], inner(value), size, True)) * line
    total = max(header_left, header_right)
    pairs = [
        (sop.dasar_hukum, sop.kualifikasi_pelaksana),
        (tuple(r.text for r in sop.keterkaitan), sop.peralatan_perlengkapan),
        (sop.peringatan, sop.pencatatan_pendataan),
    ]
    for items_left, items_right in pairs:
        lines_left = 1 + line_count(items_left or ["-"], inner(left) - HANGING, size)
        lines_right = 1 + line_count(items_right or ["-"], inner(right) - HANGING, size)
        total += max(lines_left, lines_right) * line + PT
    return total + 6 * PT  # borders
