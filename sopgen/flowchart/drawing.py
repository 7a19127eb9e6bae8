"""Diagram -> WordprocessingML: the flowchart tables with their shapes as native DrawingML
(`wps:wsp` anchored in table cells), built as XML text through `sopgen.oxml`.

Each shape is anchored in the actor cell that holds the top-left corner of its box,
relative to that cell (`positionH relativeFrom="column"`, `positionV
relativeFrom="paragraph"`, actor cells with zero margins), so that it moves with its
row and its offsets are never negative. Row heights are exact, rows never split, and
each page of the chart is its own table with the two header rows repeated.
"""

from __future__ import annotations

from itertools import count

from ..measure import text_width
from ..oxml import NS, Element, page_break, parse, run_xml, thin_paragraph
from .geometry import (
    CAPTION_LINE,
    CAPTION_SIZE,
    HEADER_MARGIN,
    Arrow,
    Box,
    Column,
    Diagram,
    Label,
    Page,
    Row,
    Shape,
    Symbol,
    label_line,
    to_twips,
)
from .layout import upright_name
from .route import HOP

WPS_URI = NS["wps"]
MIN_EXTENT = 635  # one twip: Word drops zero-size shapes
LINE_WIDTH = 9525  # 0.75 pt
BORDER = '<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'


class DrawingIds:
    """Unique `wp:docPr` ids for one document part (Word calls duplicates unreadable)."""

    def __init__(self, start: int = 1):
        self._next = count(start)

    def __call__(self) -> int:
        return next(self._next)


def flowchart(diagram: Diagram, ids: DrawingIds, caption: str = "") -> list[Element]:
    """Body elements for the flowchart: on each page a line naming the SOP (`caption`,
    with the page's number among the flowchart's pages) and the page's table, a page break
    between pages, and a 1 pt paragraph after the last table: a body or a section that
    ends with a table gets an implicit paragraph of the Normal style from Word, which on a
    full page is a page of its own (a blank last page)."""
    elements = []
    count_ = len(diagram.pages)
    for number, page in enumerate(diagram.pages):
        if number:
            elements.append(page_break())
        if caption:
            elements.append(parse(_caption(diagram, f"{caption} | Bagan alir halaman {number + 1} dari {count_}")))
        elements.append(parse(_table(diagram, page, ids)))
    elements.append(parse(thin_paragraph()))
    return elements


def _caption(diagram: Diagram, text: str) -> str:
    """One line at the caption's exact pitch, kept with the table; a text longer than the
    table's width is cut with an ellipsis (it never takes a second line, which the page
    has no room for)."""
    width = sum(c.width for c in diagram.columns)
    if text_width(text, CAPTION_SIZE) > width:
        while text and text_width(text + "\u2026", CAPTION_SIZE) > width:
            text = text[:-1]
        text = text.rstrip() + "\u2026"
    return (f'<w:p><w:pPr><w:keepNext/><w:spacing w:before="0" w:after="0" w:line="{to_twips(CAPTION_LINE)}"'
            f' w:lineRule="exact"/></w:pPr>{run_xml(text, diagram.style.font, CAPTION_SIZE)}</w:p>')


# --- the table -----------------------------------------------------------------------------

def _table(diagram: Diagram, page: Page, ids: DrawingIds) -> str:
    style = diagram.style
    margin = to_twips(style.cell_margin)
    total = sum(to_twips(c.width) for c in diagram.columns)
    borders = "".join(BORDER.format(side=s) for s in ("top", "left", "bottom", "right", "insideH",
                                                        "insideV"))
    grid = "".join(f'<w:gridCol w:w="{to_twips(c.width)}"/>' for c in diagram.columns)
    rows = [_header_rows(diagram)]
    anchors = _anchors(diagram, page, ids)
    for index, row in enumerate(page.rows):
        rows.append(_step_row(diagram, row, anchors.get(index, {})))
    return (
        f'<w:tbl><w:tblPr><w:tblW w:w="{total}" w:type="dxa"/>'
        '<w:tblInd w:w="0" w:type="dxa"/>'
        f"<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type=\"fixed\"/>"
        f'<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="{margin}" w:type="dxa"/>'
        f'<w:bottom w:w="0" w:type="dxa"/><w:right w:w="{margin}" w:type="dxa"/></w:tblCellMar>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
    )


def _row_props(height: int, header: bool = False) -> str:
    flag = "<w:tblHeader/>" if header else ""
    return (f'<w:trPr><w:cantSplit/><w:trHeight w:val="{to_twips(height)}" w:hRule="exact"/>'
            f"{flag}</w:trPr>")


def _cell(width: int, body: str, span: int = 1, merge: str | None = None,
          margin: int | None = None, center: bool = False, upright: bool = False) -> str:
    """A table cell; `margin` (twips) replaces the table's left and right cell margin;
    `upright` text runs bottom to top (Word's Text Direction)."""
    props = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if span > 1:
        props += f'<w:gridSpan w:val="{span}"/>'
    if merge:
        props += f'<w:vMerge w:val="{merge}"/>' if merge == "restart" else "<w:vMerge/>"
    if margin is not None:
        props += (f'<w:tcMar><w:left w:w="{margin}" w:type="dxa"/>'
                  f'<w:right w:w="{margin}" w:type="dxa"/></w:tcMar>')
    if upright:
        props += '<w:textDirection w:val="btLr"/>'
    if center:
        props += '<w:vAlign w:val="center"/>'
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{body}</w:tc>"


def _paragraph(text: str, font: str, size: float, line: int, before: int, bold: bool = False,
               align: str = "left") -> str:
    jc = "" if align == "left" else f'<w:jc w:val="{align}"/>'
    run = run_xml(text, font, size, bold) if text else ""
    return (f'<w:p><w:pPr><w:spacing w:before="{to_twips(before)}" w:after="0"'
            f' w:line="{to_twips(line)}" w:lineRule="exact"/>{jc}</w:pPr>{run}</w:p>')


def _upright_paragraph(lines: tuple[str, ...], font: str, size: float, line: int) -> str:
    """An upright name: one paragraph, its lines broken where the layout measured them."""
    runs = '<w:r><w:br/></w:r>'.join(run_xml(text, font, size, bold=True) for text in lines)
    return (f'<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="{to_twips(line)}" w:lineRule="exact"/>'
            f'<w:jc w:val="center"/></w:pPr>{runs}</w:p>')


def _header_rows(diagram: Diagram) -> str:
    style = diagram.style
    font = style.font
    actors = diagram.actor_columns

    def title(text: str, size: float = style.header_size, line: int = style.line) -> str:
        return _paragraph(text, font, size, line, style.pad_top, bold=True, align="center")

    first, second = diagram.header_heights
    cells_1, cells_2 = [], []
    i = 0
    columns = diagram.columns
    while i < len(columns):
        column = columns[i]
        width = to_twips(column.width)
        if column.key in ("no", "kegiatan", "keterangan"):
            cells_1.append(_cell(width, title(column.title), merge="restart", center=True))
            cells_2.append(_cell(width, "<w:p/>", merge="continue"))
            i += 1
        elif column.key == "actor":
            span = sum(to_twips(c.width) for c in actors)
            cells_1.append(_cell(span, title("Pelaksana"), span=len(actors), center=True))
            for actor in actors:
                name = (_upright_paragraph(upright_name(actor, style), font, style.actor_size, style.header_line)
                        if style.actor_vertical else title(actor.title, style.actor_size, style.header_line))
                cells_2.append(_cell(to_twips(actor.width), name, margin=to_twips(HEADER_MARGIN), center=True,
                                     upright=style.actor_vertical))
            i += len(actors)
        else:  # kelengkapan, waktu, output under "Mutu Baku"
            group = columns[i:i + 3]
            span = sum(to_twips(c.width) for c in group)
            cells_1.append(_cell(span, title("Mutu Baku"), span=3, center=True))
            for c in group:
                cells_2.append(_cell(to_twips(c.width), title(c.title), center=True))
            i += 3
    return (f"<w:tr>{_row_props(first, header=True)}{''.join(cells_1)}</w:tr>"
            f"<w:tr>{_row_props(second, header=True)}{''.join(cells_2)}</w:tr>")


def _step_row(diagram: Diagram, row: Row, anchors: dict[int, list[str]]) -> str:
    style = diagram.style
    cells = []
    for index, column in enumerate(diagram.columns):
        width = to_twips(column.width)
        if column.key == "actor":
            drawings = "".join(anchors.get(index, []))
            body = ('<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20"'
                    f' w:lineRule="exact"/></w:pPr>{drawings}</w:p>')
            cells.append(_cell(width, body, margin=0))
            continue
        paragraphs = row.cells[column.key]
        align = "center" if column.key in ("no", "waktu") else "left"
        body = "".join(
            _paragraph(text, style.font, style.size, style.line,
                       style.pad_top if n == 0 else 0, align=align)
            for n, text in enumerate(paragraphs)
        )
        cells.append(_cell(width, body))
    return f"<w:tr>{_row_props(row.height)}{''.join(cells)}</w:tr>"


# --- shapes -------------------------------------------------------------------------------------

def _anchors(diagram: Diagram, page: Page, ids: DrawingIds) -> dict[int, dict[int, list[str]]]:
    """Drawing XML per row index and column index, arrows below symbols below labels."""
    placed: dict[int, dict[int, list[str]]] = {}
    layer = count(1)

    def put(box: Box, xml_of) -> None:
        row = page.row_at(box.y)
        column = _column_at(diagram.columns, box.x)
        dx = box.x - diagram.columns[column].x
        dy = box.y - page.rows[row].y
        placed.setdefault(row, {}).setdefault(column, []).append(xml_of(dx, dy, next(layer)))

    for arrow in page.arrows:
        box = _bounds(arrow)
        put(box, lambda dx, dy, z, a=arrow, b=box: _arrow_xml(a, b, dx, dy, z, ids()))
    for symbol in page.symbols:
        put(symbol.box, lambda dx, dy, z, s=symbol: _symbol_xml(s, diagram, dx, dy, z, ids()))
    for label in page.labels:
        put(label.box, lambda dx, dy, z, lb=label: _label_xml(lb, diagram, dx, dy, z, ids()))
    return placed


def _column_at(columns: tuple[Column, ...], x: int) -> int:
    for index, column in enumerate(columns):
        if column.key == "actor" and column.x <= x < column.x + column.width:
            return index
    raise ValueError(f"x={x} lies outside the actor columns")


def _bounds(arrow: Arrow) -> Box:
    xs = [x for x, _ in arrow.points]
    ys = [y for _, y in arrow.points]
    return Box(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))


def _anchor(dx: int, dy: int, w: int, h: int, z: int, docpr: int, name: str, body: str) -> str:
    return (
        f'<w:r><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0"'
        f' relativeHeight="{z}" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="column"><wp:posOffset>{dx}</wp:posOffset></wp:positionH>'
        f'<wp:positionV relativeFrom="paragraph"><wp:posOffset>{dy}</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{w}" cy="{h}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
        f'<wp:docPr id="{docpr}" name="{name} {docpr}"/><wp:cNvGraphicFramePr/>'
        f'<a:graphic><a:graphicData uri="{WPS_URI}"><wps:wsp>{body}</wps:wsp></a:graphicData>'
        "</a:graphic></wp:anchor></w:drawing></w:r>"
    )


def _line(tail: bool = False) -> str:
    head = '<a:tailEnd type="triangle" w="med" len="med"/>' if tail else ""
    return (f'<a:ln w="{LINE_WIDTH}"><a:solidFill><a:srgbClr val="000000"/></a:solidFill>'
            f'<a:miter lim="800000"/>{head}</a:ln>')


def _body_props(anchor: str = "ctr", top_inset: int = 0, bottom_inset: int = 0) -> str:
    return (f'<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="0" tIns="{top_inset}" rIns="0"'
            f' bIns="{bottom_inset}" anchor="{anchor}" anchorCtr="0"><a:noAutofit/></wps:bodyPr>')


def _preset(shape: Shape) -> str:
    return f'<a:prstGeom prst="{shape.value}"><a:avLst/></a:prstGeom>'


def _upward_connector(box: Box) -> str:
    """The off-page connector turned tip up, for a loop back to an earlier page. Drawn as
    its own outline rather than the preset with flipV or rot: a flipped or rotated shape
    turns its text box with it, and the letter would print upside down."""
    w, h, shoulder = box.w, box.h, box.h // 5  # the preset's tip is a fifth of its height
    corners = [(w // 2, 0), (w, shoulder), (w, h), (0, h), (0, shoulder)]
    path = f'<a:moveTo><a:pt x="{corners[0][0]}" y="{corners[0][1]}"/></a:moveTo>' + "".join(
        f'<a:lnTo><a:pt x="{x}" y="{y}"/></a:lnTo>' for x, y in corners[1:]) + "<a:close/>"
    return ('<a:custGeom><a:avLst/><a:gdLst/><a:ahLst/><a:cxnLst/><a:rect l="l" t="t" r="r" b="b"/>'
            f'<a:pathLst><a:path w="{w}" h="{h}">{path}</a:path></a:pathLst></a:custGeom>')


def _text_box(lines: tuple[str, ...], font: str, size: float, line: int, align: str) -> str:
    paragraphs = "".join(_paragraph(text, font, size, line, 0, align=align) for text in lines)
    return f"<wps:txbx><w:txbxContent>{paragraphs}</w:txbxContent></wps:txbx>"


def _symbol_xml(symbol: Symbol, diagram: Diagram, dx: int, dy: int, z: int, docpr: int) -> str:
    box = symbol.box
    text = ""
    if symbol.text:
        style = diagram.style
        text = _text_box((symbol.text,), style.font, style.label_size + 1, style.label_line,
                         "center")
    # a connector's letter sits in its square part, clear of the tip and of arrowheads
    inset = box.h // 3 if symbol.shape is Shape.CONNECTOR else 0
    body = (
        '<wps:cNvSpPr/><wps:spPr>'
        f'<a:xfrm><a:off x="0" y="0"/><a:ext cx="{box.w}" cy="{box.h}"/></a:xfrm>'
        f'{_upward_connector(box) if symbol.upward else _preset(symbol.shape)}'
        f'<a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill>{_line()}</wps:spPr>'
        f'{text}{_body_props("ctr", *((inset, 0) if symbol.upward else (0, inset)))}'
    )
    name = "Konektor" if symbol.shape is Shape.CONNECTOR else f"Langkah {symbol.step + 1}"
    return _anchor(dx, dy, box.w, box.h, 100 + z, docpr, name, body)


def _arrow_xml(arrow: Arrow, box: Box, dx: int, dy: int, z: int, docpr: int) -> str:
    w, h = max(box.w, MIN_EXTENT), max(box.h, MIN_EXTENT)
    path = _path(arrow, box)
    body = (
        '<wps:cNvSpPr/><wps:spPr>'
        f'<a:xfrm><a:off x="0" y="0"/><a:ext cx="{w}" cy="{h}"/></a:xfrm>'
        '<a:custGeom><a:avLst/><a:gdLst/><a:ahLst/><a:cxnLst/><a:rect l="l" t="t" r="r" b="b"/>'
        f'<a:pathLst><a:path w="{w}" h="{h}" fill="none">{path}</a:path></a:pathLst></a:custGeom>'
        f'<a:noFill/>{_line(tail=True)}</wps:spPr>{_body_props()}'
    )
    return _anchor(dx, dy, w, h, z, docpr, "Panah", body)


def _path(arrow: Arrow, box: Box) -> str:
    """The arrow's polyline relative to its box, with a half-ellipse bridge (`a:arcTo`)
    wherever it jumps another arrow: horizontal segments bulge up, vertical ones right."""
    def point(x: int, y: int) -> str:
        return f'<a:pt x="{x - box.x}" y="{y - box.y}"/>'

    first = arrow.points[0]
    parts = [f"<a:moveTo>{point(*first)}</a:moveTo>"]
    for index, (start, end) in enumerate(arrow.segments()):
        horizontal = start[1] == end[1]
        for _, low, high in (b for b in arrow.bridges if b[0] == index):
            forward = high > low
            if horizontal:
                parts.append(f"<a:lnTo>{point(low, start[1])}</a:lnTo>")
                begin = 10800000 if forward else 0  # from the left end or the right end
            else:
                parts.append(f"<a:lnTo>{point(start[0], low)}</a:lnTo>")
                begin = 16200000 if forward else 5400000  # from the top end or the bottom end
            sweep = 10800000 if forward else -10800000
            half = abs(high - low) // 2
            radius_x, radius_y = (half, HOP) if horizontal else (HOP, half)
            parts.append(f'<a:arcTo wR="{radius_x}" hR="{radius_y}" stAng="{begin}"'
                         f' swAng="{sweep}"/>')
        parts.append(f"<a:lnTo>{point(*end)}</a:lnTo>")
    return "".join(parts)


def _label_xml(label: Label, diagram: Diagram, dx: int, dy: int, z: int, docpr: int) -> str:
    style = diagram.style
    box = label.box
    size = label.size or style.label_size  # 7 pt where a narrow column left 8 pt no spot
    # a label on its own line hides the stretch under it: the line breaks for the word
    fill = '<a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill>' if label.on_line else "<a:noFill/>"
    body = (
        '<wps:cNvSpPr txBox="1"/><wps:spPr>'
        f'<a:xfrm><a:off x="0" y="0"/><a:ext cx="{box.w}" cy="{box.h}"/></a:xfrm>'
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>{fill}<a:ln><a:noFill/></a:ln>'
        f"</wps:spPr>{_text_box(label.lines, style.font, size, label_line(style, label.size), 'left')}"
        f"{_body_props('t')}"
    )
    return _anchor(dx, dy, box.w, box.h, 200 + z, docpr, "Label", body)
