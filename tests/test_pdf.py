"""The SOP documents as LibreOffice prints them: what the layout promised, measured on
the PDF (PyMuPDF: vector shapes and text positions). Never skipped in CI."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pymupdf
import pytest

from sopgen.document.render import render_sop
from sopgen.flowchart.geometry import PT, Shape, landscape
from sopgen.flowchart.layout import layout
from sopgen.pdf import convert, find_soffice

from .conftest import checked_samples, require

SOURCES = checked_samples().sources
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
        self.outlines = []  # (rect, corner points) of every white shape
        for drawing in page.get_drawings():
            rect = drawing["rect"]
            fill = drawing.get("fill")
            if fill == (1.0, 1.0, 1.0):
                self.white.append(rect)
                self.outlines.append((rect, [p for item in drawing["items"] if item[0] == "l"
                                             for p in item[1:]]))
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


def tip_up(grid: Grid, rect: pymupdf.Rect) -> bool:
    """Whether the off-page connector drawn at rect has its tip at the top: a single corner
    on its top edge rather than two."""
    points = next(points for r, points in grid.outlines if r == rect)
    top = {round(p.x, 1) for p in points if abs(p.y - rect.y0) < 0.2}
    return len(top) == 1


def near(a: pymupdf.Rect, b: pymupdf.Rect, tolerance: float = TOLERANCE) -> bool:
    return all(abs(p - q) <= tolerance for p, q in zip(a, b))


def within(inner: pymupdf.Rect, outer: pymupdf.Rect, tolerance: float = 0.5) -> bool:
    return (inner.x0 >= outer.x0 - tolerance and inner.y0 >= outer.y0 - tolerance
            and inner.x1 <= outer.x1 + tolerance and inner.y1 <= outer.y1 + tolerance)


ARROW_WIDTH = 0.75  # pt: arrows; table lines are 0.5 pt
SLACK = 0.3  # pt: a crossing this near a segment's end is a corner or a junction


def line_items(page: pymupdf.Page) -> tuple[list, list]:
    """Every straight line drawn on the page (table, symbols, arrows) and, per arrow, its
    straight pieces (an arrow is one unfilled path stroked at 0.75 pt; its bridges are
    curves)."""
    lines, arrows = [], []
    for drawing in page.get_drawings():
        pieces = []
        for item in drawing["items"]:
            if item[0] == "l":
                pieces.append((item[1], item[2]))
            elif item[0] in ("re", "qu"):
                quad = item[1].quad if item[0] == "re" else item[1]
                corners = [quad.ul, quad.ur, quad.lr, quad.ll]
                pieces += list(zip(corners, corners[1:] + corners[:1]))
        if drawing["type"] in ("s", "fs"):
            lines += pieces
        if (drawing["type"] == "s" and drawing.get("fill") is None
                and abs((drawing.get("width") or 0) - ARROW_WIDTH) < 0.05
                and all(item[0] in ("l", "c") for item in drawing["items"])):
            arrows.append(pieces)
    return lines, arrows


def unbridged_crossings(arrows: list) -> list:
    """Points where a straight piece of one arrow crosses one of another arrow."""
    found = []
    for i, first in enumerate(arrows):
        for second in arrows[i + 1:]:
            for a in first:
                for b in second:
                    for h, v in ((a, b), (b, a)):
                        if abs(h[0].y - h[1].y) > 0.1 or abs(v[0].x - v[1].x) > 0.1:
                            continue
                        x, y = v[0].x, h[0].y
                        if (min(h[0].x, h[1].x) + SLACK < x < max(h[0].x, h[1].x) - SLACK
                                and min(v[0].y, v[1].y) + SLACK < y < max(v[0].y, v[1].y) - SLACK):
                            found.append((round(x, 1), round(y, 1)))
    return found


def segment_meets(start, end, rect: pymupdf.Rect) -> bool:
    """Whether a straight line from start to end enters the rectangle (Liang-Barsky)."""
    low, high = 0.0, 1.0
    dx, dy = end.x - start.x, end.y - start.y
    for p, q in ((-dx, start.x - rect.x0), (dx, rect.x1 - start.x),
                 (-dy, start.y - rect.y0), (dy, rect.y1 - start.y)):
        if p == 0:
            if q < 0:
                return False
        elif p < 0:
            low = max(low, q / p)
        else:
            high = min(high, q / p)
        if low > high:
            return False
    return True


def crossed_labels(page: pymupdf.Page, grid: Grid, diagram, layout_page) -> list[str]:
    """The words drawn inside the actor columns below the header (the branch labels; the
    connectors' letters excepted, and a label set on its own line, which the line passes
    under by design: the layout tests keep every other line off it) that a line of any kind
    passes through."""
    lines, _ = line_items(page)
    low, high = diagram.actor_area
    top = grid.y0 + diagram.header_height / PT
    letters = [grid.at(s.box) for s in layout_page.symbols if s.shape is Shape.CONNECTOR]
    letters += [grid.at(label.box) for label in layout_page.labels if label.on_line]
    crossed = []
    for word in page.get_text("words"):
        rect = pymupdf.Rect(word[:4])
        centre = (rect.tl + rect.br) / 2
        if not (grid.x0 + low / PT < centre.x < grid.x0 + high / PT and centre.y > top):
            continue
        if any(box.contains(centre) for box in letters):
            continue
        glyphs = rect + (0.2, 0.2, -0.2, -0.2)
        if any(segment_meets(a, b, glyphs) for a, b in lines):
            crossed.append(word[4])
    return crossed


def header_faults(page: pymupdf.Page, grid: Grid, diagram) -> list[str]:
    """Actor names printed below 7 pt, or broken inside a word."""
    faults = []
    first, second = diagram.header_heights
    band = (grid.y0 + first / PT, grid.y0 + (first + second) / PT)  # the actor names' row
    for column in diagram.actor_columns:
        cell = pymupdf.Rect(grid.x0 + column.x / PT, band[0], grid.x0 + (column.x + column.width) / PT,
                            band[1])
        spans = [span for block in page.get_text("dict")["blocks"] for line in block.get("lines", [])
                 for span in line["spans"] if cell.contains(pymupdf.Rect(span["bbox"]).tl + (0.5, 0.5))]
        words = [w[4] for w in page.get_text("words") if cell.intersects(pymupdf.Rect(w[:4]))]
        if any(span["size"] < 7 - 0.05 for span in spans):
            faults.append(f"{column.title}: {min(span['size'] for span in spans)} pt")
        if sorted(words) != sorted(column.title.split()):
            faults.append(f"{column.title}: {words}")
    return faults


def steps_per_page(pdf_pages: list, diagram) -> list[int]:
    """How many step numbers each flowchart page prints in its No column."""
    counts = []
    for page in pdf_pages:
        grid = Grid(page)
        no = diagram.columns[0]
        counts.append(sum(1 for w in page.get_text("words") if w[4].isdigit()
                          and grid.x0 + no.x / PT <= w[0] and w[2] <= grid.x0 + no.width / PT
                          and w[1] > grid.y0 + diagram.header_height / PT))
    return counts


def check_sop(pdf: Path, sop) -> None:
    from sopgen.document.identity import fit_identity

    setup = landscape(SOURCES.pemda.kertas)
    diagram = layout(sop, setup)
    unit = next(u for u in SOURCES.units if u.id == sop.key.unit)
    identity_pages = fit_identity(SOURCES, unit, sop, setup).pages
    document = pymupdf.open(pdf)
    assert document.page_count == identity_pages + len(diagram.pages), "identity pages + flowchart pages"
    for page in list(document)[:identity_pages]:  # a continued page repeats the header block
        identity = page.get_text()
        assert sop.nomor in identity and "Nomor SOP" in identity
    check_flowchart(list(document)[identity_pages:], diagram)


def check_flowchart(pdf_pages: list, diagram) -> None:
    """The flowchart pages as drawn against the layout's promises."""
    letters: Counter = Counter()
    steps = steps_per_page(pdf_pages, diagram)
    assert sum(steps) == sum(len(p.rows) for p in diagram.pages)
    if sum(steps) >= 6:
        assert min(steps) >= 3, f"a sparse page: steps per page {steps}"
    for page, layout_page in zip(pdf_pages, diagram.pages):
        grid = Grid(page)
        assert not crossed_labels(page, grid, diagram, layout_page), "a line through a label"
        assert not unbridged_crossings(line_items(page)[1]), "arrows cross without a bridge"
        assert not header_faults(page, grid, diagram), "actor names too small or broken"
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
                assert tip_up(grid, drawn[0]) == symbol.upward, f"connector {symbol.text} points the wrong way"
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


@pytest.mark.libreoffice
def test_book_pdf_flowcharts_match_the_layout(tmp_path):
    """The same checks on the flowchart pages inside a whole book."""
    from sopgen.document.book import render_book

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


def _greedy_pages(base, available, across=None):
    """Pagination as it was before balancing: fill each page, leaving the rest for the
    last (which then holds one or two rows)."""
    from sopgen.flowchart.geometry import ZONE, twip_ceil

    pages, used = [[]], 0
    for index, height in enumerate(base):
        need = twip_ceil(height + (ZONE if len(pages) > 1 and not pages[-1] else 0))
        below = 0 if index == len(base) - 1 else ZONE
        if pages[-1] and used + need + below > available:
            pages.append([])
            need, used = twip_ceil(height + ZONE), 0
        pages[-1].append(index)
        used += need
    return [[(i, base[i], ZONE if p == 0 and n else 0, ZONE if p == len(rows) - 1 and n < len(pages) - 1
              else 0) for p, i in enumerate(rows)] for n, rows in enumerate(pages)]


@pytest.mark.libreoffice
def test_the_pdf_checks_fail_when_a_rule_is_broken(tmp_path, monkeypatch):
    """Each reader's rule above, broken on purpose in an otherwise sound diagram, is caught
    on the PDF: a label on a row border, a crossing drawn without its bridge, actor names
    at 6 pt, a last page with one step."""
    import dataclasses

    import sopgen.flowchart.layout as layout_module
    from sopgen.document import render

    require(find_soffice() is not None, "LibreOffice (soffice) is not installed")
    setup = landscape(SOURCES.pemda.kertas)
    unit, sop = next((u, s) for u, s in PAIRS if s.key.sop == "rekomendasi-izin-keramaian")
    good = layout(sop, setup)
    number = next(n for n, p in enumerate(good.pages) if p.labels)
    page = good.pages[number]
    row = page.rows[0]
    label = page.labels[0]
    on_border = dataclasses.replace(label, box=dataclasses.replace(
        label.box, y=row.y + row.height - label.box.h // 2))
    # the samples keep one crossing (a bridge) in all: that SOP shows the unbridged case
    crossed_unit, crossed, bridged = next(
        (u, s, d) for u, s in PAIRS for d in [layout(s, setup)]
        if any(a.bridges for p in d.pages for a in p.arrows))
    cases = {  # rule -> the unit, the SOP and its broken diagram
        "a line through a label": (unit, sop, dataclasses.replace(good, pages=tuple(
            dataclasses.replace(p, labels=(on_border, *p.labels[1:])) if n == number else p
            for n, p in enumerate(good.pages)))),
        "arrows cross without a bridge": (crossed_unit, crossed, dataclasses.replace(
            bridged, pages=tuple(dataclasses.replace(p, arrows=tuple(
                dataclasses.replace(a, bridges=()) for a in p.arrows)) for p in bridged.pages))),
        "actor names too small or broken": (unit, sop, dataclasses.replace(
            good, style=dataclasses.replace(good.style, actor_size=6))),
    }
    sparse_unit, sparse_sop = next((u, s) for u, s in PAIRS if s.key.sop == "penyusunan-sop")
    monkeypatch.setattr(layout_module, "_paginate", _greedy_pages)
    cases["a sparse page"] = (sparse_unit, sparse_sop, layout.__wrapped__(sparse_sop, setup))  # not the kept one
    monkeypatch.undo()
    assert min(len(p.rows) for p in cases["a sparse page"][2].pages) < 3
    paths = []
    for n, (rule, (target_unit, target, diagram)) in enumerate(cases.items()):
        monkeypatch.setattr(render, "layout", lambda *args, d=diagram, **kwargs: d)
        path = tmp_path / f"broken-{n}.docx"
        path.write_bytes(render_sop(SOURCES, target_unit, target))
        paths.append(path)
    monkeypatch.undo()
    for (rule, (_, _, diagram)), pdf in zip(cases.items(), convert(paths)):
        with pytest.raises(AssertionError, match=rule):
            check_flowchart(list(pymupdf.open(pdf))[1:], diagram)
