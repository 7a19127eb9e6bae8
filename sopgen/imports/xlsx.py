"""An Excel workbook (.xlsx) -> its SOPs, one per sheet that holds a flowchart table.

Each sheet is laid out as a printed page (`page.Page`) and read by reading.py like any
other: its cells (merged ranges as one) become ruled boxes with their text as words, at
the places the column widths and row heights give; the drawing's shapes anchored to cells
(`twoCellAnchor`, `oneCellAnchor`) become symbols there. Connectors are followed by the
shapes they name (`stCxn`/`endCxn`); a connector that names none is followed by its
geometry, from its start to its head."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from lxml import etree

from ..oxml import clark
from .documents import read_part
from .found import FoundSop, NoSop, Unreadable
from .page import Page, Region, Segment, Word

S, R, PR, XDR, A = (clark(p) for p in ("s", "r", "pr", "xdr", "a"))
EMU_PT = 12700
MAX_CELLS = 200_000  # a sheet's cells read; an SOP sheet has a few hundred

SHAPES = {"flowChartTerminator": "terminator", "flowChartAlternateProcess": "terminator", "roundRect": "terminator",
          "flowChartProcess": "proses", "rect": "proses", "flowChartPredefinedProcess": "proses",
          "flowChartDecision": "keputusan", "diamond": "keputusan",
          "flowChartOffpageConnector": "konektor", "homePlate": "konektor", "pentagon": "konektor",
          "flowChartConnector": "lingkaran", "ellipse": "lingkaran"}
LINES = {
    "line": lambda w, h: [(0, 0), (w, h)],
    "straightConnector1": lambda w, h: [(0, 0), (w, h)],
    "bentConnector2": lambda w, h: [(0, 0), (w, 0), (w, h)],
    "bentConnector3": lambda w, h: [(0, 0), (w / 2, 0), (w / 2, h), (w, h)],
    "bentConnector4": lambda w, h: [(0, 0), (w / 2, 0), (w / 2, h / 2), (w, h / 2), (w, h)],
    "curvedConnector3": lambda w, h: [(0, 0), (w / 2, 0), (w / 2, h), (w, h)],
}


def read_xlsx(path: Path, data: bytes) -> list[FoundSop]:
    from .reading import read_sops

    parser = etree.XMLParser(resolve_entities=False, huge_tree=False, no_network=True)

    def xml(name: str):
        try:
            return etree.fromstring(read_part(path, data, name), parser)
        except etree.XMLSyntaxError:
            raise Unreadable(f"{path}: isi lembar kerja rusak ({name} bukan XML yang sah)") from None

    workbook = xml("xl/workbook.xml")
    rels = _relationships(path, data, "xl/workbook.xml", xml)
    try:
        strings = ["".join(t.text or "" for t in si.iter(f"{S}t")) for si in xml("xl/sharedStrings.xml")]
    except Unreadable:
        strings = []
    sops: list[FoundSop] = []
    for number, sheet in enumerate(workbook.iter(f"{S}sheet")):
        target = rels.get(sheet.get(f"{R}id"))
        if target is None:
            continue
        page = _sheet_page(path, data, xml, target, strings, number)
        for sop in read_sops(path.name, [page], sheet=sheet.get("name") or f"lembar {number + 1}"):
            sops.append(sop)
    if not sops:
        raise NoSop(f"{path}: tidak ada tabel SOP (bagan alir dengan \"Kegiatan\" dan \"Pelaksana\") di lembar"
                         " kerja ini")
    return sops


def _relationships(path: Path, data: bytes, part: str, xml) -> dict[str, str]:
    folder, name = posixpath.split(part)
    try:
        root = xml(posixpath.join(folder, "_rels", name + ".rels"))
    except Unreadable:
        return {}
    found = {}
    for rel in root.iter(f"{PR}Relationship"):
        target = rel.get("Target") or ""
        found[rel.get("Id")] = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join(folder, target))
    return found


def _column_number(letters: str) -> int:
    n = 0
    for c in letters:
        n = n * 26 + ord(c) - 64
    return n - 1


def _sheet_page(path: Path, data: bytes, xml, part: str, strings: list[str], number: int) -> Page:
    sheet = xml(part)
    format_ = sheet.find(f"{S}sheetFormatPr")
    default_height = float(format_.get("defaultRowHeight", "15")) if format_ is not None else 15.0
    default_width = float(format_.get("defaultColWidth", "0")) if format_ is not None else 0.0
    widths: dict[int, float] = {}
    for col in sheet.iter(f"{S}col"):
        for c in range(int(col.get("min", "1")) - 1, min(int(col.get("max", "1")), 16384)):
            widths[c] = _points(float(col.get("width", "8.43")))
    heights: dict[int, float] = {}
    cells: dict[tuple[int, int], str] = {}
    count = 0
    for row in sheet.iter(f"{S}row"):
        r = int(row.get("r", "1")) - 1
        if row.get("ht"):
            heights[r] = float(row.get("ht"))
        for c in row.iter(f"{S}c"):
            count += 1
            if count > MAX_CELLS:
                raise Unreadable(f"{path}: lembar kerja terlalu besar (lebih dari {MAX_CELLS} sel)")
            match = re.match(r"([A-Z]+)(\d+)", c.get("r", ""))
            if not match:
                continue
            text = _cell_text(c, strings)
            if text.strip():
                cells[int(match.group(2)) - 1, _column_number(match.group(1))] = text
    merges = []
    for merge in sheet.iter(f"{S}mergeCell"):
        match = re.match(r"([A-Z]+)(\d+):([A-Z]+)(\d+)", merge.get("ref", ""))
        if match:
            merges.append((int(match.group(2)) - 1, _column_number(match.group(1)),
                           int(match.group(4)) - 1, _column_number(match.group(3))))
    grid = _Grid(widths, heights, _points(default_width) if default_width else 48.0, default_height)
    last_row = max([r for r, _ in cells] + [m[2] for m in merges] + [0])
    last_col = max([c for _, c in cells] + [m[3] for m in merges] + [0])
    page = Page(number, grid.x(last_col + 1), grid.y(last_row + 1))
    _cells_as_page(page, grid, cells, merges, last_row, last_col)
    drawing = next((t for t in _relationships(path, data, part, xml).values() if "/drawings/" in t), None)
    if drawing is not None:
        _drawing(page, grid, xml(drawing))
    return page


def _points(width: float) -> float:
    """A column width in characters as Excel draws it, in points."""
    pixels = int(((256 * width + int(128 / 7)) / 256) * 7)
    return pixels * 0.75


class _Grid:
    def __init__(self, widths: dict[int, float], heights: dict[int, float], width: float, height: float):
        self.widths, self.heights, self.width, self.height = widths, heights, width, height
        self._x: list[float] = [0.0]
        self._y: list[float] = [0.0]

    def x(self, column: int) -> float:
        while len(self._x) <= column:
            self._x.append(self._x[-1] + self.widths.get(len(self._x) - 1, self.width))
        return self._x[column]

    def y(self, row: int) -> float:
        while len(self._y) <= row:
            self._y.append(self._y[-1] + self.heights.get(len(self._y) - 1, self.height))
        return self._y[row]


def _cell_text(cell, strings: list[str]) -> str:
    kind = cell.get("t")
    if kind == "inlineStr":
        return "".join(t.text or "" for t in cell.iter(f"{S}t"))
    value = cell.findtext(f"{S}v") or ""
    if kind == "s":
        try:
            return strings[int(value)]
        except (ValueError, IndexError):
            return ""
    return value


def _cells_as_page(page: Page, grid: _Grid, cells: dict[tuple[int, int], str], merges, last_row: int,
                   last_col: int) -> None:
    """Every cell a ruled box (a merged range one box), its text as one word a line."""
    covered: dict[tuple[int, int], tuple[int, int, int, int]] = {}
    for merge in merges:
        r0, c0, r1, c1 = merge
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                covered[r, c] = merge
    boxes = set()
    used_rows = {r for r, _ in cells} | {m[0] for m in merges}
    first_row, first_col = min(used_rows, default=0), min([c for _, c in cells] + [m[1] for m in merges] + [0])
    for r in range(first_row, last_row + 1):
        for c in range(first_col, last_col + 1):
            boxes.add(covered.get((r, c), (r, c, r, c)))
    for r0, c0, r1, c1 in sorted(boxes):
        x0, x1, y0, y1 = grid.x(c0), grid.x(c1 + 1), grid.y(r0), grid.y(r1 + 1)
        page.segments += [Segment(x0, y0, x1, y0), Segment(x0, y1, x1, y1), Segment(x0, y0, x0, y1),
                          Segment(x1, y0, x1, y1)]
        text = cells.get((r0, c0), "")
        lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
        line_height = min(11.0, (y1 - y0 - 2) / max(len(lines), 1))
        for i, line in enumerate(lines):
            top = y0 + 1 + i * line_height
            width = min(x1 - x0 - 2, 4.5 * len(line))
            page.words.append(Word(x0 + 1, top, x0 + 1 + width, top + line_height * 0.9, line))


def _anchor_box(anchor, grid: _Grid) -> tuple[float, float, float, float] | None:
    def point(tag):
        node = anchor.find(f"{XDR}{tag}")
        if node is None:
            return None
        col, row = int(node.findtext(f"{XDR}col") or 0), int(node.findtext(f"{XDR}row") or 0)
        dx, dy = int(node.findtext(f"{XDR}colOff") or 0), int(node.findtext(f"{XDR}rowOff") or 0)
        return grid.x(col) + dx / EMU_PT, grid.y(row) + dy / EMU_PT
    start = point("from")
    if start is None:
        return None
    end = point("to")
    if end is None:
        extent = anchor.find(f"{XDR}ext")
        if extent is None:
            return None
        end = (start[0] + int(extent.get("cx", 0)) / EMU_PT, start[1] + int(extent.get("cy", 0)) / EMU_PT)
    return start[0], start[1], end[0], end[1]


def _drawing(page: Page, grid: _Grid, drawing) -> None:
    regions: dict[str, Region] = {}
    connectors = []
    for anchor in list(drawing.iter(f"{XDR}twoCellAnchor")) + list(drawing.iter(f"{XDR}oneCellAnchor")):
        box = _anchor_box(anchor, grid)
        if box is None:
            continue
        for shape in anchor:
            tag = etree.QName(shape).localname
            if tag in ("sp", "pic"):
                geometry = shape.find(f".//{A}prstGeom")
                kind = SHAPES.get(geometry.get("prst")) if geometry is not None else None
                if kind is None:
                    continue
                text = " ".join(" ".join(t.text or "" for t in shape.iter(f"{A}t")).split())
                region = Region(kind, *box, text=text)
                page.regions.append(region)
                if text:
                    page.words.append(Word(box[0] + 1, (box[1] + box[3]) / 2 - 3, box[2] - 1, (box[1] + box[3]) / 2 + 3,
                                           text))
                ident = shape.find(f".//{XDR}cNvPr")
                if ident is not None:
                    regions[ident.get("id")] = region
            elif tag == "cxnSp":
                connectors.append((shape, box))
    for shape, box in connectors:
        _connector(page, shape, box, regions)


def _connector(page: Page, shape, box, regions: dict[str, Region]) -> None:
    """A connector that names the shapes it joins is a link between them; one that names
    none is a line with a head at its arrow end, as its geometry draws it."""
    props = shape.find(f"{XDR}spPr")
    line = props.find(f"{A}ln") if props is not None else None
    head = line is not None and (line.find(f"{A}headEnd") is not None
                                 and line.find(f"{A}headEnd").get("type", "none") != "none")
    tail = line is not None and (line.find(f"{A}tailEnd") is not None
                                 and line.find(f"{A}tailEnd").get("type", "none") != "none")
    if not head and not tail:
        return  # a plain line joins, it leads nowhere
    links = shape.find(f".//{XDR}cNvCxnSpPr")
    start = links.find(f"{A}stCxn") if links is not None else None
    end = links.find(f"{A}endCxn") if links is not None else None
    if start is not None and end is not None and start.get("id") in regions and end.get("id") in regions:
        a, b = regions[start.get("id")], regions[end.get("id")]
        page.links.append((b, a) if head and not tail else (a, b))
        return
    else:
        geometry = props.find(f"{A}prstGeom") if props is not None else None
        draw = LINES.get(geometry.get("prst") if geometry is not None else "line", LINES["line"])
        xfrm = props.find(f"{A}xfrm") if props is not None else None
        flip_x = xfrm is not None and xfrm.get("flipH") in ("1", "true")
        flip_y = xfrm is not None and xfrm.get("flipV") in ("1", "true")
        w, h = box[2] - box[0], box[3] - box[1]
        points = [(box[0] + (w - px if flip_x else px), box[1] + (h - py if flip_y else py)) for px, py in draw(w, h)]
    if head and not tail:
        points = points[::-1]
    page.arrows.append(tuple(points))

