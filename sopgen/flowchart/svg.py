"""Diagram -> SVG: the flowchart pages as the book prints them, for the preview in a browser
and for `sopgen build SOP.yaml --svg`.

It draws the same Diagram that `drawing` turns into Word shapes: the same columns, header,
rows, symbols, arrows (with their bridges), labels and page breaks, at the same positions.
One SVG user unit is 0.01 mm (coordinates are the layout's EMU divided by 360, rounded), so
the drawing is in proportion to the printed page; the browser scales it to the window.
Every text from the sources is escaped. Elements carry `data-` attributes (step, column,
symbol id) so that tests and scripts can find what the author wrote.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from ..measure import wrap
from .geometry import MM, PT, Arrow, Diagram, Label, Page, Shape, Symbol, label_line
from .layout import upright_name

UNIT = 360  # EMU per SVG user unit: 0.01 mm
GAP = 8 * MM  # between two pages stacked in one SVG
HOP = 6 * MM // 10  # the radius of a bridge, as `drawing` draws it
LINE = 0.75 * PT  # the shapes' line width
HEAD_LENGTH, HEAD_WIDTH = 18 * MM // 10, 14 * MM // 10  # Word's medium triangle on that line


def u(emu: float) -> str:
    """EMU as SVG user units, without trailing zeros."""
    return f"{emu / UNIT:.1f}".rstrip("0").rstrip(".")


def page_svg(diagram: Diagram, page: Page, number: int) -> str:
    """One flowchart page as a standalone <svg> element."""
    width, height = _size(diagram, page)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="halaman" data-halaman="{number}"'
            f' viewBox="0 0 {u(width)} {u(height)}" width="{u(width / 100)}mm"'
            f' height="{u(height / 100)}mm" font-family="{escape(diagram.style.font, {chr(34): "&quot;"})},'
            f' Liberation Sans, Arial, sans-serif">{_defs()}{_page(diagram, page)}</svg>')


def diagram_svg(diagram: Diagram) -> str:
    """Every page of a diagram stacked in one SVG, with a gap between pages."""
    sizes = [_size(diagram, page) for page in diagram.pages]
    width = max(w for w, _ in sizes)
    height = sum(h for _, h in sizes) + GAP * (len(sizes) - 1)
    parts, y = [], 0
    for number, (page, (_, h)) in enumerate(zip(diagram.pages, sizes), start=1):
        parts.append(f'<g class="halaman" data-halaman="{number}" transform="translate(0 {u(y)})">'
                     f"{_page(diagram, page)}</g>")
        y += h + GAP
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {u(width)} {u(height)}"'
            f' width="{u(width / 100)}mm" height="{u(height / 100)}mm"'
            f' font-family="{escape(diagram.style.font, {chr(34): "&quot;"})}, Liberation Sans, Arial,'
            f' sans-serif">{_defs()}{"".join(parts)}</svg>')


def _size(diagram: Diagram, page: Page) -> tuple[int, int]:
    last = diagram.columns[-1]
    bottom = page.rows[-1].y + page.rows[-1].height if page.rows else diagram.header_height
    return last.x + last.width, bottom


def _defs() -> str:
    return ""


def _page(diagram: Diagram, page: Page) -> str:
    return "".join([_table(diagram, page), *(_arrow(a) for a in page.arrows),
                    *(_symbol(diagram, s) for s in page.symbols),
                    *(_label(diagram, lb) for lb in page.labels)])


# --- the table --------------------------------------------------------------------------------

def _table(diagram: Diagram, page: Page) -> str:
    style = diagram.style
    first, second = diagram.header_heights
    columns = diagram.columns
    actors = diagram.actor_columns
    right = columns[-1].x + columns[-1].width
    bottom = page.rows[-1].y + page.rows[-1].height
    parts = ['<g class="tabel" fill="none" stroke="#000" stroke-width="{0}">'.format(u(LINE))]
    parts.append(f'<rect x="0" y="0" width="{u(right)}" height="{u(bottom)}"/>')
    # header: No, Kegiatan and Keterangan span both rows; Pelaksana and Mutu Baku the first
    # a border between two columns of one group (the actors, Mutu Baku) starts below the
    # group's title; the others run the full height
    groups = {c.x for c in columns if c.key in ("no", "kegiatan", "keterangan")}
    groups |= {actors[0].x, _mutu_baku(columns)[0].x}
    for column in columns[1:]:
        parts.append(_line(column.x, 0 if column.x in groups else first, column.x, bottom))
    parts.append(_line(0, diagram.header_height, right, diagram.header_height))
    mutu = _mutu_baku(columns)
    parts.append(_line(actors[0].x, first, actors[-1].x + actors[-1].width, first))
    parts.append(_line(mutu[0].x, first, mutu[-1].x + mutu[-1].width, first))
    for row in page.rows:
        parts.append(_line(0, row.y + row.height, right, row.y + row.height))
    parts.append("</g>")
    texts = ['<g class="teks" fill="#000" stroke="none">']
    for column in columns:
        if column.key in ("no", "kegiatan", "keterangan"):
            texts.append(_text((column.title,), column.x, 0, column.width, diagram.header_height,
                               style.header_size, style.line, bold=True, middle=True))
        elif column.key == "actor" and style.actor_vertical:  # upright: laid out lying, turned a quarter
            cx, cy = column.x + column.width // 2, first + second // 2
            name = _text(upright_name(column, style), cx - second // 2, cy - column.width // 2, second, column.width,
                         style.actor_size, style.header_line, bold=True, middle=True, css="pelaksana")
            texts.append(f'<g transform="rotate(-90 {u(cx)} {u(cy)})">{name}</g>')
        elif column.key == "actor":
            texts.append(_text(tuple(wrap(column.title, column.width - MM, style.actor_size, bold=True)),
                               column.x, first, column.width, second, style.actor_size,
                               style.header_line, bold=True, middle=True, css="pelaksana"))
        else:
            texts.append(_text((column.title,), column.x, first, column.width, second,
                               style.header_size, style.line, bold=True, middle=True))
    texts.append(_text(("Pelaksana",), actors[0].x, 0, actors[-1].x + actors[-1].width - actors[0].x,
                       first, style.header_size, style.line, bold=True, middle=True))
    texts.append(_text(("Mutu Baku",), mutu[0].x, 0, mutu[-1].x + mutu[-1].width - mutu[0].x, first,
                       style.header_size, style.line, bold=True, middle=True))
    for row in page.rows:
        for column in columns:
            if column.key == "actor":
                continue
            texts.append(_text(row.lines.get(column.key, ()), column.x, row.y + style.pad_top, column.width, row.height,
                               style.size, style.line, center=column.key in ("no", "waktu"),
                               css=column.key, step=row.step))
    texts.append("</g>")
    return "".join(parts + texts)


def _mutu_baku(columns):
    return [c for c in columns if c.key in ("kelengkapan", "waktu", "output")]


def _line(x1: int, y1: int, x2: int, y2: int) -> str:
    return f'<line x1="{u(x1)}" y1="{u(y1)}" x2="{u(x2)}" y2="{u(y2)}"/>'


def _text(lines: tuple[str, ...], x: int, y: int, width: int, height: int, size: float,
          pitch: int, bold: bool = False, middle: bool = False, center: bool = False,
          css: str = "", step: int | None = None) -> str:
    """Lines of text in a cell: from the top (or centred in the height), left or centred."""
    if middle:
        y += (height - len(lines) * pitch) // 2
        center = True
    anchor, tx = ("middle", x + width // 2) if center else ("start", x + 1 * MM + 18 * 635)
    weight = ' font-weight="bold"' if bold else ""
    data = f' data-langkah="{step + 1}"' if step is not None else ""
    spans = "".join(f'<tspan x="{u(tx)}" y="{u(y + (n + 1) * pitch - pitch // 4)}">{escape(line)}</tspan>'
                    for n, line in enumerate(lines))
    return (f'<text class="{css}"{data} font-size="{u(size * PT)}" text-anchor="{anchor}"{weight}>'
            f"{spans}</text>")


# --- shapes ---------------------------------------------------------------------------------------

def _symbol(diagram: Diagram, symbol: Symbol) -> str:
    box = symbol.box
    column = diagram.columns[symbol.column]
    attrs = (f'class="simbol {symbol.shape.name.lower()}" data-id="{symbol.id}"'
             f' data-kolom="{escape(column.title, {chr(34): "&quot;"})}"'
             + (f' data-langkah="{symbol.step + 1}"' if symbol.step is not None else "")
             + f' fill="#fff" stroke="#000" stroke-width="{u(LINE)}"')
    x, y, w, h = box.x, box.y, box.w, box.h
    if symbol.shape is Shape.TERMINATOR:
        shape = (f'<rect x="{u(x)}" y="{u(y)}" width="{u(w)}" height="{u(h)}" rx="{u(h / 2)}"'
                 f' ry="{u(h / 2)}"/>')
    elif symbol.shape is Shape.PROCESS:
        shape = f'<rect x="{u(x)}" y="{u(y)}" width="{u(w)}" height="{u(h)}"/>'
    elif symbol.shape is Shape.DECISION:
        points = [(x + w / 2, y), (x + w, y + h / 2), (x + w / 2, y + h), (x, y + h / 2)]
        shape = f'<polygon points="{_points(points)}"/>'
    else:  # the off-page connector: a square with a tip, down (or up for a loop back)
        tip = h / 5
        points = ([(x + w / 2, y), (x + w, y + tip), (x + w, y + h), (x, y + h), (x, y + tip)]
                  if symbol.upward else
                  [(x, y), (x + w, y), (x + w, y + h - tip), (x + w / 2, y + h), (x, y + h - tip)])
        shape = f'<polygon points="{_points(points)}"/>'
    text = ""
    if symbol.text:
        style = diagram.style
        middle = y + (h + h // 3) / 2 if symbol.upward else y + (h - h // 3) / 2
        text = (f'<text x="{u(x + w / 2)}" y="{u(middle + style.label_size * PT / 3)}"'
                f' font-size="{u((style.label_size + 1) * PT)}" text-anchor="middle" fill="#000"'
                f' stroke="none">{escape(symbol.text)}</text>')
    return f"<g {attrs}>{shape}{text}</g>"


def _points(points) -> str:
    return " ".join(f"{u(px)},{u(py)}" for px, py in points)


def _arrow(arrow: Arrow) -> str:
    """The arrow's polyline with a half-circle bridge where it jumps another arrow
    (horizontal segments bulge up, vertical ones right, as in the book)."""
    x, y = arrow.points[0]
    path = [f"M{u(x)},{u(y)}"]
    for index, (start, end) in enumerate(arrow.segments()):
        horizontal = start[1] == end[1]
        for _, low, high in (b for b in arrow.bridges if b[0] == index):
            forward = high > low
            if horizontal:
                path.append(f"L{u(low)},{u(start[1])}")
                sweep = 1 if forward else 0  # bulging up, whichever way it runs
                path.append(f"A{u(abs(high - low) / 2)},{u(HOP)} 0 0 {sweep} {u(high)},{u(start[1])}")
            else:
                path.append(f"L{u(start[0])},{u(low)}")
                sweep = 1 if forward else 0  # bulging right
                path.append(f"A{u(HOP)},{u(abs(high - low) / 2)} 0 0 {sweep} {u(start[0])},{u(high)}")
        path.append(f"L{u(end[0])},{u(end[1])}")
    (x1, y1), (x2, y2) = arrow.points[-2], arrow.points[-1]
    dx, dy = (x2 > x1) - (x2 < x1), (y2 > y1) - (y2 < y1)  # the last segment's direction
    back, side = HEAD_LENGTH, HEAD_WIDTH // 2
    head = [(x2, y2), (x2 - dx * back - dy * side, y2 - dy * back - dx * side),
            (x2 - dx * back + dy * side, y2 - dy * back + dx * side)]
    return (f'<g class="panah" data-dari="{arrow.source}" data-ke="{arrow.target}">'
            f'<path d="{" ".join(path)}" fill="none" stroke="#000" stroke-width="{u(LINE)}"/>'
            f'<polygon points="{_points(head)}" fill="#000"/></g>')


def _label(diagram: Diagram, label: Label) -> str:
    style, box = diagram.style, label.box
    pitch = label_line(style, label.size)
    spans = "".join(f'<tspan x="{u(box.x)}" y="{u(box.y + (n + 1) * pitch - pitch // 4)}">'
                    f"{escape(line)}</tspan>" for n, line in enumerate(label.lines))
    text = f'<text class="label" font-size="{u((label.size or style.label_size) * PT)}" fill="#000">{spans}</text>'
    if label.on_line:  # the line breaks for the word, as in the document
        return (f'<rect x="{u(box.x)}" y="{u(box.y)}" width="{u(box.w)}" height="{u(box.h)}"'
                f' fill="#fff"/>{text}')
    return text
