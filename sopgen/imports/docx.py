"""A Word document (.docx) -> the SOPs it holds (`FoundSop`).

A SOP AP document is an identity table (found by its "Nomor SOP" label) followed by one or
more flowchart tables (found by their "Kegiatan" and "Pelaksana" header), each page's table
repeating the header. The identity values are read by their labels, wherever the columns
are. The flowchart is read from its geometry:

- the actors are the header's second row under "Pelaksana" (merged cells resolved by the
  grid), each step's row gives its number, uraian and mutu baku;
- the shapes anchored in the actor cells (DrawingML `wps:wsp`) give each step its kind
  (terminator, process, decision, by the preset) and its actors (the columns holding its
  symbols); the arrows (open paths) are followed from the symbol they leave to the one
  they enter, through off-page connectors with the same letter on another page, and a
  decision's branches take the label nearest to where they leave it.

Positions are the cell's place in the table grid plus the shape's offset; rows are as
high as the table says. That is exact for the documents sopgen writes and for tables with
exact row heights; where a document leaves something unclear, the value gets a doubt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..oxml import clark
from . import flow
from .found import FoundSop, FoundStep, NoSop, Unreadable
from .page import Region
from .printed import column_name, identity_key, list_items, list_key, normalized, signer

W, WP, A, WPS, V, MC = (clark(p) for p in ("w", "wp", "a", "wps", "v", "mc"))
TWIP = 635

SHAPES = {"flowChartTerminator": "terminator", "flowChartAlternateProcess": "terminator",
          "roundRect": "terminator", "ellipse": "terminator",
          "flowChartProcess": "proses", "rect": "proses",
          "flowChartDecision": "keputusan", "diamond": "keputusan",
          "flowChartOffpageConnector": "konektor", "flowChartConnector": "konektor"}
MAX_ROWS = 30_000  # table rows in one document; a 300-SOP book of ours has about 8,000


def read_docx(path: Path, data: bytes) -> list[FoundSop]:
    """Every SOP in the document, in order; `Unreadable` when there is none."""
    body = _body(path, data)
    margins = _margins(body)
    tables, before = [], []
    for element in body:
        if element.tag == f"{W}tbl":
            tables.append(_Table(element, before, margins))
            before = []
        elif element.tag == f"{W}p":
            before.append(element)
    sops: list[FoundSop] = []
    current: FoundSop | None = None
    pages: list[_Table] = []
    for table in tables:
        if table.is_identity():
            if current is not None:
                _flowchart(current, pages)
            current = FoundSop(source=f"{path.name}, SOP ke-{len(sops) + 1}")
            _identity(current, table)
            sops.append(current)
            pages = []
        elif table.is_flowchart():
            if current is None:
                current = FoundSop(source=f"{path.name}, SOP ke-{len(sops) + 1}")
                current.doubts["nomor"] = "halaman identitas SOP tidak ditemukan; isi dari dokumen aslinya"
                sops.append(current)
            pages.append(table)
    if current is not None:
        _flowchart(current, pages)
    if not sops:
        raise NoSop(f"{path}: tidak ada tabel SOP (identitas dengan \"Nomor SOP\" atau bagan alir"
                         " dengan \"Kegiatan\" dan \"Pelaksana\") di dokumen ini")
    return sops


def _body(path: Path, data: bytes) -> etree._Element:
    from .documents import read_part

    xml = read_part(path, data, "word/document.xml")
    rows = xml.count(b"<w:tr>") + xml.count(b"<w:tr ")
    if rows > MAX_ROWS:  # counted before parsing: a parsed row costs kilobytes of memory
        raise Unreadable(f"{path}: {rows} baris tabel, terlalu banyak untuk dokumen SOP (paling banyak {MAX_ROWS});"
                         " pisahkan dokumennya")
    try:
        parser = etree.XMLParser(resolve_entities=False, huge_tree=False, no_network=True)
        return etree.fromstring(xml, parser).find(f"{W}body")
    except etree.XMLSyntaxError:
        raise Unreadable(f"{path}: isi dokumen rusak (XML tidak sah)") from None


@dataclass
class Shape:
    """A DrawingML or VML shape where it stands (EMU, in its table's frame)."""

    kind: str  # terminator, proses, keputusan, konektor, panah, label
    page: int
    x: int
    y: int
    w: int
    h: int
    row: int  # the table row it is anchored in
    column: int  # the grid column
    text: str = ""
    points: tuple[tuple[int, int], ...] = ()  # an arrow's, absolute, towards its head


def _ink(shapes: list[Shape], row_step: dict[tuple[int, int], int], actors: list[tuple[int, str]],
         pages: int) -> list[flow.Ink]:
    """The shapes as flow.py follows them, in points: symbols in their step row and actor
    column, each arrow as its segments with a head at its end, text boxes as labels."""
    actor_index = {column: i for i, (column, _) in enumerate(actors)}
    inks = [flow.Ink(page) for page in range(pages)]
    for shape in shapes:
        ink = inks[shape.page]
        if shape.kind == "panah":
            ink.arrows.append(tuple((x / PT, y / PT) for x, y in shape.points))
            continue
        region = Region(shape.kind, shape.x / PT, shape.y / PT, (shape.x + shape.w) / PT, (shape.y + shape.h) / PT,
                        shape.text)
        if shape.kind == "label":
            ink.labels.append(region)
        else:
            step = None if shape.kind == "konektor" else row_step.get((shape.page, shape.row))
            ink.symbols.append(flow.Symbol(region, shape.page, step, actor_index.get(shape.column, -1)))
    return inks


PT = 12700  # EMU per point


# --- tables -------------------------------------------------------------------------------------

@dataclass
class _Cell:
    element: etree._Element
    row: int
    column: int  # grid column of its left edge
    span: int
    continued: bool  # a vertically merged cell's continuation

    @property
    def paragraphs(self) -> list[str]:
        return [_text(p) for p in self.element.findall(f"{W}p")]

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs).strip()


def _text(element) -> str:
    parts = []
    for node in element.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}noBreakHyphen", f"{WPS}txbx"):
        if node.tag == f"{WPS}txbx":
            continue
        if any(a.tag == f"{WPS}txbx" for a in node.iterancestors()):
            continue  # a shape's text is not the cell's
        parts.append(node.text or "" if node.tag == f"{W}t" else
                     "\t" if node.tag == f"{W}tab" else "\n" if node.tag == f"{W}br" else "-")
    return "".join(parts)


def _margins(body) -> tuple[int, int]:
    """The left and top page margins (EMU) of the document's last section."""
    margin = body.find(f"{W}sectPr/{W}pgMar")
    if margin is None:
        return 1440 * TWIP, 1440 * TWIP
    return (int(margin.get(f"{W}left", "1440")) * TWIP, int(margin.get(f"{W}top", "1440")) * TWIP)


class _Table:
    def __init__(self, element: etree._Element, before: list = (), margins: tuple[int, int] = (0, 0)):
        self.element = element
        self.before = list(before)  # the paragraphs between the previous table and this one
        indent = element.find(f"{W}tblPr/{W}tblInd")
        # where the table stands on its page, for shapes positioned on the page: a flowchart
        # table begins its page, so at the top margin
        self.origin = (margins[0] + (int(indent.get(f"{W}w", "0")) * TWIP if indent is not None else 0),
                       margins[1])
        self.margins = margins
        self.grid = [int(c.get(f"{W}w", "0")) * TWIP for c in element.findall(f"{W}tblGrid/{W}gridCol")]
        self.rows: list[list[_Cell]] = []
        self.heights: list[int] = []
        for r, tr in enumerate(element.findall(f"{W}tr")):
            cells, column = [], 0
            height = tr.find(f"{W}trPr/{W}trHeight")
            self.heights.append(int(height.get(f"{W}val", "0")) * TWIP if height is not None else 0)
            for tc in tr.findall(f"{W}tc"):
                props = tc.find(f"{W}tcPr")
                span = int(props.find(f"{W}gridSpan").get(f"{W}val")) if props is not None and \
                    props.find(f"{W}gridSpan") is not None else 1
                merge = props.find(f"{W}vMerge") if props is not None else None
                continued = merge is not None and merge.get(f"{W}val", "continue") == "continue"
                cells.append(_Cell(tc, r, column, span, continued))
                column += span
            self.rows.append(cells)

    def texts(self, row: int) -> list[str]:
        return [c.text for c in self.rows[row]]

    def is_identity(self) -> bool:
        """Labels down the table, not a list's header row: "Nomor SOP" and a date or the
        signer (a decree's list of SOPs has "Nomor SOP" too)."""
        keys = {identity_key(c.paragraphs[0]) if c.paragraphs else None for cells in self.rows for c in cells}
        return "nomor" in keys and bool(keys & {"tanggal_pembuatan", "tanggal_efektif", "disahkan_oleh"})

    def is_flowchart(self) -> bool:
        head = " ".join(t.lower() for row in range(min(2, len(self.rows))) for t in self.texts(row))
        return "kegiatan" in head and "pelaksana" in head

    def x(self, column: int) -> int:
        return sum(self.grid[:column])


# --- identity -----------------------------------------------------------------------------------

def _identity(sop: FoundSop, table: _Table) -> None:
    seen_lists = set()
    for cells in table.rows:
        for i, cell in enumerate(cells):
            paragraphs = [p.strip() for p in cell.paragraphs]
            field = identity_key(paragraphs[0]) if paragraphs else None
            if field is not None:
                values = [c for c in cells[i + 1:] if normalized(c.text) not in ("", ":")]
                _identity_value(sop, field, values[0] if values else None)
                continue
            key = list_key(paragraphs[0]) if paragraphs else None
            if key is not None and key not in seen_lists:
                seen_lists.add(key)
                rest = paragraphs[0].split(":", 1)[1].strip() if ":" in paragraphs[0] else ""
                sop.lists[key] = list_items(([rest] if rest else []) + paragraphs[1:])
    sop.identity_read()


def _identity_value(sop: FoundSop, key: str, cell: _Cell | None) -> None:
    if cell is None:
        return
    if key == "disahkan_oleh":
        sop.disahkan_oleh = signer([p.strip() for p in cell.paragraphs])
        return
    setattr(sop, key, " ".join(cell.text.split()) if key != "nomor" else cell.text.strip())


# --- the flowchart --------------------------------------------------------------------------------

def _flowchart(sop: FoundSop, pages: list[_Table]) -> None:
    if not pages:
        sop.doubts["kegiatan"] = "bagan alir tidak ditemukan sesudah halaman identitas"
        return
    columns = _columns(pages[0])
    if columns is None:
        sop.doubts["kegiatan"] = "kepala tabel bagan alir tidak dikenali"
        return
    actors = columns["actors"]
    sop.pelaksana = [name for _, name in actors]
    steps: dict[int, FoundStep] = {}
    shapes: list[Shape] = []
    row_step: dict[tuple[int, int], int] = {}
    for number, table in enumerate(pages):
        tops = _row_tops(table)
        for r, cells in enumerate(table.rows):  # the header's rows have no step number
            by_column = {c.column: c for c in cells}
            nomor_text = by_column.get(columns["no"]).text if columns["no"] in by_column else ""
            match = re.match(r"\d+", nomor_text)
            if not match:
                continue
            nomor = int(match.group())
            row_step[number, r] = nomor

            def cell_text(key, split=False):
                cell = by_column.get(columns.get(key, -1))
                if cell is None:
                    return [] if split else ""
                return list_items(cell.paragraphs) if split else " ".join(cell.text.split())
            steps[nomor] = FoundStep(
                nomor=nomor, uraian=cell_text("kegiatan"), pelaksana=[], kind="proses",
                kelengkapan=cell_text("kelengkapan", split=True), waktu=cell_text("waktu"),
                output=cell_text("output"), keterangan=cell_text("keterangan"), printed=str(nomor))
            for cell in cells:
                shapes += _shapes(cell, table, number, tops[r])
        shapes += _floating(table, number, tops)
    flow.apply(steps, _ink(shapes, row_step, actors, len(pages)), [name for _, name in actors])
    sop.steps = [steps[n] for n in sorted(steps)]
    if [s.nomor for s in sop.steps] != list(range(1, len(sop.steps) + 1)):
        sop.doubts["kegiatan"] = "nomor langkah tidak berurutan dari 1; periksa urutan langkah"


def _columns(table: _Table) -> dict | None:
    """Grid columns of No, Kegiatan, the actors (with names), Kelengkapan, Waktu, Output and
    Keterangan, from the header: "Pelaksana" over the actors in the second row (merged
    cells resolved by the grid), or the actors directly between Kegiatan and Mutu Baku."""
    found: dict = {"actors": []}
    first = table.rows[0]
    second = table.rows[1] if len(table.rows) > 1 else []
    actor_span = None
    for cell in first:
        label = normalized(cell.text)
        name = column_name(label)
        if name:
            found.setdefault(name, cell.column)
        elif label == "pelaksana":
            actor_span = (cell.column, cell.column + cell.span)
    for cell in second:
        name = column_name(normalized(cell.text))
        if actor_span and actor_span[0] <= cell.column < actor_span[1]:
            found["actors"].append((cell.column, " ".join(cell.text.split())))
        elif name and not cell.continued:
            found.setdefault(name, cell.column)
    if actor_span is None and "kegiatan" in found:  # one header row: the actors stand in it
        ends = [found[k] for k in ("kelengkapan", "waktu", "output", "keterangan") if k in found]
        mutu = [c.column for c in first if normalized(c.text) == "mutu baku"]
        end = min(ends + mutu) if ends or mutu else None
        found["actors"] = [(c.column, " ".join(c.text.split())) for c in first
                           if found["kegiatan"] < c.column and (end is None or c.column < end)
                           and c.text.strip()]
    if "no" not in found or "kegiatan" not in found or not found["actors"]:
        return None
    return found


def _row_tops(table: _Table) -> list[int]:
    tops, y = [], 0
    for height in table.heights:
        tops.append(y)
        y += height
    return tops


def _shapes(cell: _Cell, table: _Table, page: int, top: int) -> list[Shape]:
    """The shapes anchored in a cell, DrawingML (Word 2010 on, and the first choice of an
    mc:AlternateContent) or VML (older documents), at their place in the table."""
    found = []
    left = table.x(cell.column)
    for anchor in cell.element.iter(f"{WP}anchor"):
        shape = anchor.find(f".//{WPS}wsp")
        if shape is None:
            continue
        box = _placed(anchor, table, left, top)
        made = _drawingml(shape, box, page, cell.row, cell.column)
        if made is not None:
            found.append(made)
    for shape in cell.element.iter(*(f"{V}{tag}" for tag in VML_TAGS)):
        if any(a.tag == f"{MC}Fallback" for a in shape.iterancestors()):
            continue  # Word's copy for old readers of a DrawingML shape read above
        made = _vml(shape, left, top, page, cell)
        if made is not None:
            found.append(made)
    return found


def _placed(anchor, table: "_Table", left: int, top: int) -> tuple[int, int, int, int]:
    """A DrawingML anchor's box in the table's frame: from its cell (column, paragraph) or
    from the page or its margins (a shape dragged onto the page, anchored anywhere)."""
    dx = int(anchor.findtext(f"{WP}positionH/{WP}posOffset") or 0)
    dy = int(anchor.findtext(f"{WP}positionV/{WP}posOffset") or 0)
    horizontal = anchor.find(f"{WP}positionH")
    vertical = anchor.find(f"{WP}positionV")
    across = horizontal.get("relativeFrom", "column") if horizontal is not None else "column"
    down = vertical.get("relativeFrom", "paragraph") if vertical is not None else "paragraph"
    x = {"page": dx - table.origin[0], "margin": table.margins[0] + dx - table.origin[0]}.get(across, left + dx)
    y = {"page": dy - table.origin[1], "margin": table.margins[1] + dy - table.origin[1],
         "topMargin": dy - table.origin[1]}.get(down, top + dy)
    extent = anchor.find(f"{WP}extent")
    return x, y, int(extent.get("cx")), int(extent.get("cy"))


def _floating(table: "_Table", page: int, tops: list[int]) -> list[Shape]:
    """Shapes anchored in the paragraphs before the table but placed on its page."""
    found = []
    for paragraph in table.before:
        for anchor in paragraph.iter(f"{WP}anchor"):
            shape = anchor.find(f".//{WPS}wsp")
            if shape is None:
                continue
            x, y, w, h = _placed(anchor, table, 0, 0)
            cx, cy = x + w // 2, y + h // 2
            row = max((r for r, t in enumerate(tops) if t <= cy), default=0)
            column = max((c for c in range(len(table.grid)) if table.x(c) <= cx), default=0)
            made = _drawingml(shape, (x, y, w, h), page, row, column)
            if made is not None:
                found.append(made)
    return found


def _drawingml(shape, box: tuple[int, int, int, int], page: int, row: int, column: int) -> Shape | None:
    x, y, w, h = box
    props = shape.find(f"{WPS}spPr")
    preset = props.find(f"{A}prstGeom") if props is not None else None
    path = props.find(f"{A}custGeom/{A}pathLst/{A}path") if props is not None else None
    text = " ".join(" ".join(t.text or "" for t in shape.iter(f"{W}t")).split())
    prst = preset.get("prst") if preset is not None else None
    if _is_text_box(shape):
        kind = "label"
    elif prst in SHAPES:
        kind = SHAPES[prst]
    elif prst in LINES or (path is not None and path.get("fill") == "none"):
        if prst in LINES:
            xfrm = props.find(f"{A}xfrm")
            flip_x, flip_y = (xfrm is not None and xfrm.get(flip) in ("1", "true") for flip in ("flipH", "flipV"))
            points = tuple((x + (w - px if flip_x else px), y + (h - py if flip_y else py))
                           for px, py in LINES[prst](w, h))
        else:
            points = tuple((x + int(p.get("x")), y + int(p.get("y"))) for p in path.iter(f"{A}pt"))
        line = props.find(f"{A}ln")
        head = line.find(f"{A}headEnd") if line is not None else None
        tail = line.find(f"{A}tailEnd") if line is not None else None
        if (head is not None and head.get("type", "none") != "none"
                and (tail is None or tail.get("type", "none") == "none")):
            points = points[::-1]  # the arrowhead is drawn at the start: the arrow runs back
        return Shape("panah", page, x, y, w, h, row, column, "", points)
    elif path is not None:
        kind = "konektor"  # sopgen's tip-up connector
    elif text:
        kind = "label"
    else:
        return None
    return Shape(kind, page, x, y, w, h, row, column, text)


# Word's line and connector presets as points in their box (before flips)
LINES = {
    "line": lambda w, h: [(0, 0), (w, h)],
    "straightConnector1": lambda w, h: [(0, 0), (w, h)],
    "bentConnector2": lambda w, h: [(0, 0), (w, 0), (w, h)],
    "bentConnector3": lambda w, h: [(0, 0), (w // 2, 0), (w // 2, h), (w, h)],
}
VML_TAGS = ("roundrect", "rect", "oval", "shape", "line", "polyline")
VML_TYPES = {"#_x0000_t116": "terminator", "#_x0000_t109": "proses", "#_x0000_t110": "keputusan",
             "#_x0000_t4": "keputusan", "#_x0000_t177": "konektor", "#_x0000_t120": "konektor",
             "#_x0000_t202": "label", "#_x0000_t32": "garis", "#_x0000_t33": "garis",
             "#_x0000_t34": "garis", "#_x0000_t176": "terminator"}


def _vml(shape, left: int, top: int, page: int, cell: _Cell) -> Shape | None:
    """A VML shape, positioned by its style (margin-left/-top, width, height in pt)."""
    style = dict(part.split(":", 1) for part in (shape.get("style") or "").replace(" ", "").split(";")
                 if ":" in part)
    local = shape.tag[len(V):]
    text = " ".join(" ".join(t.text or "" for t in shape.iter(f"{W}t")).split())
    if local in ("line", "polyline") or VML_TYPES.get(shape.get("type")) == "garis":
        points = _vml_points(shape, style, left, top)
        if len(points) < 2:
            return None
        stroke = shape.find(f"{V}stroke")
        if stroke is not None and stroke.get("startarrow") and not stroke.get("endarrow"):
            points = points[::-1]
        xs, ys = [px for px, _ in points], [py for _, py in points]
        return Shape("panah", page, min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys),
                      cell.row, cell.column, "", tuple(points))
    x = left + _pt(style.get("margin-left", "0")) + _pt(style.get("left", "0"))
    y = top + _pt(style.get("margin-top", "0")) + _pt(style.get("top", "0"))
    w, h = _pt(style.get("width", "0")), _pt(style.get("height", "0"))
    if local == "roundrect" or local == "oval":
        kind = "terminator"
    elif local == "rect":
        kind = "label" if shape.get("stroked") == "f" and text else "proses"
    else:
        kind = VML_TYPES.get(shape.get("type") or "", "label" if text else "")
    if not kind:
        return None
    return Shape(kind, page, x, y, w, h, cell.row, cell.column, text)


def _vml_points(shape, style: dict, left: int, top: int) -> list[tuple[int, int]]:
    if shape.tag == f"{V}line":
        pairs = [shape.get("from", "0,0"), shape.get("to", "0,0")]
    elif shape.tag == f"{V}polyline":
        numbers = (shape.get("points") or "").replace(" ", ",").split(",")
        pairs = [f"{a},{b}" for a, b in zip(numbers[::2], numbers[1::2]) if a and b]
    else:  # a connector shape: its box, corner to corner
        x, y = _pt(style.get("margin-left", "0")), _pt(style.get("margin-top", "0"))
        w, h = _pt(style.get("width", "0")), _pt(style.get("height", "0"))
        flip = style.get("flip", "")
        start = (x + (w if "x" in flip else 0), y + (h if "y" in flip else 0))
        end = (x + (0 if "x" in flip else w), y + (0 if "y" in flip else h))
        return [(left + start[0], top + start[1]), (left + end[0], top + end[1])]
    points = []
    for pair in pairs:
        a, _, b = pair.partition(",")
        points.append((left + _pt(a), top + _pt(b)))
    return points


def _pt(value: str) -> int:
    """A VML length (pt by default; in, cm, mm, px) in EMU."""
    match = re.match(r"(-?[\d.]+)\s*(pt|in|cm|mm|px)?", value.strip())
    if not match:
        return 0
    number, unit = float(match.group(1)), match.group(2) or "pt"
    return round(number * {"pt": 12700, "in": 914400, "cm": 360000, "mm": 36000, "px": 9525}[unit])


def _is_text_box(shape) -> bool:
    """A text box (Word's own flag) or a shape with neither fill nor outline: a label."""
    props = shape.find(f"{WPS}cNvSpPr")
    if props is not None and props.get("txBox") in ("1", "true"):
        return True
    sp = shape.find(f"{WPS}spPr")
    outline = sp.find(f"{A}ln") if sp is not None else None
    return (sp is not None and sp.find(f"{A}noFill") is not None and outline is not None
            and outline.find(f"{A}noFill") is not None)


