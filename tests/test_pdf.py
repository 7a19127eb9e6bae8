"""The SOP documents as LibreOffice prints them: what the layout promised, measured on
the PDF (PyMuPDF: vector shapes and text positions). Never skipped in CI."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pymupdf
import pytest

from sopgen import build
from sopgen.layout import PT, Shape, landscape, layout
from sopgen.pdf import convert, find_soffice
from sopgen.render import render_sop

from .conftest import SAMPLES, require

SOURCES = build.check(SAMPLES).sources
PAIRS = [(unit, sop) for unit in SOURCES.units for sop in unit.sops]
TOLERANCE = 1.0  # pt


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    require(find_soffice() is not None, "LibreOffice (soffice) is not installed")
    folder = tmp_path_factory.mktemp("pdf")
    documents = []
    for unit, sop in PAIRS:
        path = folder / f"{unit.id}--{sop.key.sop}.docx"
        path.write_bytes(render_sop(SOURCES, unit, sop))
        documents.append(path)
    written = convert(documents)
    return {str(sop.key): pdf for (_, sop), pdf in zip(PAIRS, written)}


class Grid:
    """The table of one flowchart page as drawn: its row and column borders."""

    def __init__(self, page: pymupdf.Page):
        self.rows, self.columns = set(), set()
        self.white, self.heads = [], []
        for drawing in page.get_drawings():
            rect = drawing["rect"]
            fill = drawing.get("fill")
            if fill == (1.0, 1.0, 1.0):
                self.white.append(rect)
            elif fill == (0.0, 0.0, 0.0) and len(drawing["items"]) <= 4:
                self.heads.append(drawing)
            elif drawing["type"] == "s" and len(drawing["items"]) == 1 and drawing["items"][0][0] == "l":
                if rect.height < 0.1 and rect.width > 20:
                    self.rows.add(round(rect.y0, 1))
                elif rect.width < 0.1 and rect.height > 5:
                    self.columns.add(round(rect.x0, 1))
        self.x0, self.y0 = min(self.columns), min(self.rows)

    def at(self, box) -> pymupdf.Rect:
        """Where a layout box (EMU, from the table's top-left) is on the page."""
        return pymupdf.Rect(self.x0 + box.x / PT, self.y0 + box.y / PT,
                            self.x0 + box.right / PT, self.y0 + box.bottom / PT)


def near(a: pymupdf.Rect, b: pymupdf.Rect, tolerance: float = TOLERANCE) -> bool:
    return all(abs(p - q) <= tolerance for p, q in zip(a, b))


def within(inner: pymupdf.Rect, outer: pymupdf.Rect, tolerance: float = 0.5) -> bool:
    return (inner.x0 >= outer.x0 - tolerance and inner.y0 >= outer.y0 - tolerance
            and inner.x1 <= outer.x1 + tolerance and inner.y1 <= outer.y1 + tolerance)


def check_sop(pdf: Path, sop) -> None:
    diagram = layout(sop, landscape(SOURCES.pemda.kertas))
    document = pymupdf.open(pdf)
    assert document.page_count == 1 + len(diagram.pages), "identity page + flowchart pages"
    identity = document[0].get_text()
    assert sop.nomor in identity and "Nomor SOP" in identity
    check_flowchart(list(document)[1:], diagram)


def check_flowchart(pdf_pages: list, diagram) -> None:
    """The flowchart pages as drawn against the layout's promises."""
    letters: Counter = Counter()
    for page, layout_page in zip(pdf_pages, diagram.pages):
        grid = Grid(page)
        words = page.get_text("words")
        text = {w[4] for w in words}
        assert {"No", "Kegiatan", "Pelaksana", "Mutu", "Keterangan"} <= text, "header rows"
        rows = sorted(grid.rows)
        columns = sorted(grid.columns)
        # every symbol is drawn where the layout put it, inside its row and actor column
        for symbol in layout_page.symbols:
            expected = grid.at(symbol.box)
            drawn = [r for r in grid.white if near(r, expected)]
            assert drawn, f"{symbol.shape.name} of step {symbol.step} not at {expected}"
            row = layout_page.rows[symbol.row]
            column = diagram.columns[symbol.column]
            cell = pymupdf.Rect(grid.x0 + column.x / PT, grid.y0 + row.y / PT,
                                grid.x0 + (column.x + column.width) / PT,
                                grid.y0 + (row.y + row.height) / PT)
            assert any(abs(cell.y0 - y) < 0.6 for y in rows), "row border where the layout has it"
            assert any(abs(cell.x0 - x) < 0.6 for x in columns), "column border as laid out"
            assert within(drawn[0], cell), f"step {symbol.step} leaves its cell"
            if symbol.shape is Shape.CONNECTOR:
                inside = [w[4] for w in words if pymupdf.Rect(w[:4]).intersects(drawn[0])]
                assert inside == [symbol.text]
                letters[symbol.text] += 1
        # every arrow ends with a head that touches its target symbol
        symbols = {s.id: s for s in layout_page.symbols}
        assert len(grid.heads) == len(layout_page.arrows)
        for arrow in layout_page.arrows:
            tip_x, tip_y = arrow.points[-1]
            tip = pymupdf.Point(grid.x0 + tip_x / PT, grid.y0 + tip_y / PT)
            head = min(grid.heads, key=lambda h: h["rect"].distance_to(tip) if hasattr(
                h["rect"], "distance_to") else abs(h["rect"].x0 - tip.x) + abs(h["rect"].y0 - tip.y))
            target = grid.at(symbols[arrow.target].box)
            assert head["rect"] + (-TOLERANCE, -TOLERANCE, TOLERANCE, TOLERANCE) & target, \
                f"arrow into step {symbols[arrow.target].step} misses it"
        # every line of every text cell is inside its cell: nothing clipped
        for row in layout_page.rows:
            for column in diagram.columns:
                paragraphs = row.cells.get(column.key)
                if not paragraphs:
                    continue
                cell = pymupdf.Rect(grid.x0 + column.x / PT, grid.y0 + row.y / PT,
                                    grid.x0 + (column.x + column.width) / PT,
                                    grid.y0 + (row.y + row.height) / PT)
                inside = sorted((w for w in words if cell.contains(pymupdf.Rect(w[:4]))),
                                key=lambda w: (round(w[1]), w[0]))
                expected = "".join("".join(p.split()) for p in paragraphs)
                assert "".join(w[4] for w in inside) == expected, \
                    f"step {row.step + 1}, {column.key}: text missing or clipped"
    assert all(count == 2 for count in letters.values()), f"unpaired connectors {letters}"


@pytest.mark.parametrize("unit,sop", PAIRS, ids=[str(s.key) for _, s in PAIRS])
def test_pdf_matches_the_layout(pdfs, unit, sop):
    check_sop(pdfs[str(sop.key)], sop)


def test_book_pdf_flowcharts_match_the_layout(tmp_path):
    """The same checks on the flowchart pages inside a whole book."""
    from sopgen.book import render_book

    require(find_soffice() is not None, "LibreOffice (soffice) is not installed")
    unit = next(u for u in SOURCES.units if u.keputusan and u.penjelasan)
    book = render_book(SOURCES, unit)
    path = tmp_path / f"{unit.id}.docx"
    path.write_bytes(book.data)
    document = pymupdf.open(convert([path], pages={path: book.pages})[0])
    starts = {e.nomor: e.halaman for e in book.entries if e.nomor}
    for sop in unit.sops:
        diagram = layout(sop, landscape(SOURCES.pemda.kertas))
        first = starts[sop.nomor]  # the identity page; the flowchart follows
        check_flowchart([document[first + n] for n in range(len(diagram.pages))], diagram)
