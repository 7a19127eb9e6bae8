"""How well `sopgen import` reads a scan, on scans made here of the sample books: each
book's PDF (as LibreOffice prints it) turned into page pictures at a scanner's resolution,
slightly skewed and speckled, put back into a PDF without text, imported with OCR, and
compared with the sources it was built from: identity, actors, and per step its text,
symbol, actors and the steps its arrows lead to. A held-out check of the OCR reader on
documents nobody wrote a key for, and the time per page.

    .venv/bin/python bench/scan_roundtrip.py [UNIT ...] [--dpi 200] [--skew 0.6]

A measurement, not a test: it prints figures (books are built in a temporary folder).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sopgen import build  # noqa: E402
from sopgen.cli import main  # noqa: E402
from sopgen.imports.documents import read_document  # noqa: E402

VERBOSE = "-v" in sys.argv


def scanned(pdf: Path, target: Path, dpi: int, skew: float) -> int:
    """The PDF as a scanner gives it back: grey pictures of its pages, turned by `skew`
    degrees one way and the other, with specks; returns the page count."""
    import cv2
    import numpy as np
    import pymupdf

    random = np.random.default_rng(7)
    out = pymupdf.open()
    with pymupdf.open(pdf) as document:
        for number, page in enumerate(document):
            pixmap = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
            gray = np.frombuffer(pixmap.samples, np.uint8).reshape(pixmap.height, pixmap.width).copy()
            angle = skew if number % 2 == 0 else -skew
            turn = cv2.getRotationMatrix2D((gray.shape[1] / 2, gray.shape[0] / 2), angle, 1.0)
            gray = cv2.warpAffine(gray, turn, (gray.shape[1], gray.shape[0]), borderValue=245)
            specks = random.random(gray.shape) < 0.0005
            gray[specks] = 90
            ok, png = cv2.imencode(".jpg", gray, [cv2.IMWRITE_JPEG_QUALITY, 75])  # as scanners save
            sheet = out.new_page(width=page.rect.width, height=page.rect.height)
            sheet.insert_image(sheet.rect, stream=png.tobytes())
    out.save(target)
    return len(out)


def compare(original, imported) -> dict[str, tuple[int, int]]:
    """(right, all) per kind of value: the sources' SOPs against what the import read."""
    counts: dict[str, list[int]] = {}

    def count(kind: str, ok: bool, shown: str = "") -> None:
        right, total = counts.setdefault(kind, [0, 0])
        counts[kind] = [right + ok, total + 1]
        if not ok and shown and VERBOSE:
            print(f"    {kind}: {shown}")

    def same(a: str, b: str) -> bool:
        return " ".join(a.split()) == " ".join(b.split())

    by_nomor = {" ".join(found.nomor.split()): found for found in imported}
    for sop in original:
        found = by_nomor.get(sop.nomor)
        count("SOP found by its nomor", found is not None)
        if found is None:
            continue
        count("nama", same(found.nama, sop.nama))
        count("actors", [" ".join(a.split()) for a in found.pelaksana] == list(sop.pelaksana))
        count("step count", len(found.steps) == len(sop.kegiatan))
        for mine, theirs in zip(sop.kegiatan, found.steps):
            count("step text", same(theirs.uraian, mine.uraian), f"{theirs.uraian!r} != {mine.uraian!r}")
            count("step waktu", same(theirs.waktu, mine.waktu), f"{theirs.waktu!r} != {mine.waktu!r}")
            count("step actors", [" ".join(a.split()) for a in dict.fromkeys(theirs.pelaksana)]
                  == list(mine.pelaksana))
            count("step is a decision", (theirs.kind == "keputusan") == (mine.keputusan is not None))
            following = {mine.index + 1} if mine.index + 1 < len(sop.kegiatan) else set()
            wanted = set(mine.successors) or following
            got = {t - 1 for t in theirs.targets} | {t - 1 for t, _ in theirs.branches}
            count("step arrows", got == wanted, f"{sop.key} step {mine.index + 1}: {sorted(got)} != {sorted(wanted)}")
    return {kind: tuple(value) for kind, value in counts.items()}


def main_(units: list[str], dpi: int, skew: float) -> None:
    from sopgen.pdf import convert

    sources = build.check(ROOT / "sources").sources
    wanted = [u for u in sources.units if not units or u.id in units]
    totals: dict[str, list[int]] = {}
    pages = seconds = 0.0
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        assert main(["build", "--sources", str(ROOT / "sources"), "--output", str(work / "books"), "-q"]) == 0
        for unit in wanted:
            pdf = convert([work / "books" / f"{unit.id}.docx"])[0]
            scan = work / f"{unit.id}-pindai.pdf"
            pages += scanned(pdf, scan, dpi, skew)
            start = time.perf_counter()
            imported = read_document(scan)
            seconds += time.perf_counter() - start
            for kind, (right, total) in compare(unit.sops, imported).items():
                totals.setdefault(kind, [0, 0])
                totals[kind][0] += right
                totals[kind][1] += total
    print(f"{len(wanted)} books, {int(pages)} scanned pages at {dpi} dpi, skew {skew} degrees;"
          f" import {seconds:.0f} s ({seconds / max(pages, 1):.1f} s a page)")
    for kind, (right, total) in totals.items():
        print(f"  {kind}: {right}/{total} ({right / max(total, 1):.0%})")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("units", nargs="*")
    parser.add_argument("--dpi", type=int, default=200)
    parser.add_argument("--skew", type=float, default=0.6)
    parser.add_argument("-v", action="store_true", help="print every difference")
    arguments = parser.parse_args()
    main_(arguments.units, arguments.dpi, arguments.skew)
