"""Sop -> Diagram: the whole flowchart as pure data in integer EMU, before any Word XML.

Columns adapt to the number of actors; every row's height comes from the real widths of
the font, so no text is clipped; rows are paginated with off-page connectors at every
break; symbols sit in their actor's column on their step's row; arrows are routed by
`route` page by page; branch labels go in free space beside their exits. Nothing here
imports Word.
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_right
from functools import lru_cache, partial
from itertools import chain
from string import ascii_uppercase

from ..check.model import Sop, Step
from ..measure import text_width, wrap
from .geometry import (
    ACTOR_MAX,
    ACTOR_MIN,
    ACTOR_NARROW,
    ACTOR_SIZES,
    CAPTION_LINE,
    CLEAR,
    CONNECTOR,
    DECISION_H,
    GAP_Y,
    HEADER_MARGIN,
    LANE_EDGE,
    LANE_FIRST,
    LANE_PITCH,
    LYING_ACTORS,
    MAX_ACTORS,
    MM,
    NAME_LENGTH_MAX,
    PAGE_SLACK,
    PT,
    SIDE_ROOM,
    SYMBOL_H,
    TEXT_MIN,
    TEXT_SHARES,
    TEXT_SQUEEZE,
    TITLES,
    ZONE,
    Arrow,
    Box,
    Column,
    Diagram,
    Label,
    LayoutError,
    Page,
    PageSetup,
    Point,
    Row,
    Shape,
    Style,
    Symbol,
    actor_area,
    box_distance,
    box_point_distance,
    boxes_meet,
    grown_box,
    label_line,
    twip_ceil,
    twip_floor,
)
from .route import NoRoute, Port, Route, Router, bridges, overlap, port_of, touches

LABEL_CLEAR = 5 * MM // 10  # free space around a branch label
LABEL_NEAR = 4 * MM  # a label this near its branch's first stretch reads as that branch's
LABEL_REACH_MAX = 24 * MM  # the reach grows to this only where rows cannot make room
LABEL_ROOM, LABEL_ROOM_MAX = 4 * MM, 12 * MM  # extra row height for a label, per try and at most

def _name_width(word: str, size: float) -> int:
    """The width an actor column needs to print this word whole at this size."""
    return text_width(word, size, bold=True) + 2 * HEADER_MARGIN + PT // 2


def _title_width(title: str, style: Style = Style()) -> int:
    """The width a text column needs to print its header title whole."""
    return twip_ceil(text_width(title, style.header_size, bold=True) + 2 * style.cell_margin + PT)


def _columns(actors: tuple[str, ...], width: int) -> tuple[Column, ...]:
    n = len(actors)
    minimum = dict(TEXT_MIN)
    if n > LYING_ACTORS:
        # upright names: an actor column needs room for a symbol and a lane each side only,
        # and the text columns give up to a quarter of their least width to let them be
        actor_w = max(ACTOR_NARROW, min(ACTOR_MIN, (width - sum(TEXT_MIN.values())) // n))
        minimum = {key: max(int(value * TEXT_SQUEEZE), _title_width(TITLES[key])) for key, value in TEXT_MIN.items()}
    else:
        actor_w = min(ACTOR_MAX, max(ACTOR_MIN, width * 37 // 100 // n))
        # a long word in a name ("Pengadministrasi") widens every actor column, as far as
        # the text columns allow, rather than breaking inside the word
        longest = max(_name_width(w, ACTOR_SIZES[-1]) for actor in actors for w in actor.split())
        if longest > actor_w:
            actor_w = max(actor_w, min(twip_ceil(longest), (width - sum(TEXT_MIN.values())) // n))
    rest = width - n * actor_w
    if rest < sum(minimum.values()):
        raise LayoutError(f"{n} kolom pelaksana tidak muat pada lebar halaman")
    total_share = sum(TEXT_SHARES.values())
    widths = {key: max(minimum[key], rest * share // total_share) for key, share in TEXT_SHARES.items()}
    excess = sum(widths.values()) - rest
    widths["kegiatan"] -= excess  # rounding and minimums are absorbed by the widest column
    order = ["no", "kegiatan"] + [f"actor{i}" for i in range(n)] + ["kelengkapan", "waktu",
                                                                      "output", "keterangan"]
    columns, x = [], 0
    snapped_total = twip_floor(width)
    for i, key in enumerate(order):
        w = actor_w if key.startswith("actor") else widths[key]
        end = snapped_total if i == len(order) - 1 else twip_floor(x + w)
        if key.startswith("actor"):
            columns.append(Column("actor", actors[int(key[5:])], x, end - x))
        else:
            columns.append(Column(key, TITLES[key], x, end - x))
        x = end
    return tuple(columns)


def _cell_paragraphs(step: Step) -> dict[str, tuple[str, ...]]:
    def listed(items: tuple[str, ...]) -> tuple[str, ...]:
        if len(items) > 1:
            return tuple(f"- {item}" for item in items)
        return items or ("",)

    return {
        "no": (str(step.nomor),),
        "kegiatan": (step.uraian,),
        "kelengkapan": listed(step.kelengkapan),
        "waktu": (step.waktu,),
        "output": (step.output,),
        "keterangan": (step.keterangan or "",),
    }


def _cell_lines(paragraphs: tuple[str, ...], column: Column, style: Style) -> tuple[str, ...]:
    """A cell's text as the lines it takes: wrapped once, measured for the row's height
    and drawn as they are by the SVG (Word wraps the paragraphs itself)."""
    usable = column.width - 2 * style.cell_margin - PT // 2  # half a point of safety
    return tuple(line for p in paragraphs for line in (wrap(p, usable, style.size) if p else [""]))


def _text_height(lines: tuple[str, ...], style: Style) -> int:
    return style.pad_top + len(lines) * style.line + style.pad_bottom


def _symbol_size(actor_w: int) -> int:
    """Narrow enough to leave each side room for lanes, the outer one far enough from the
    symbol for an arrowhead to enter it."""
    return max(8 * MM, min(14 * MM, actor_w - 2 * SIDE_ROOM))


# --- the layout ------------------------------------------------------------------------------

def _table(sop: Sop, setup: PageSetup, style: Style):
    """The columns, the style with its actor size, the header rows, every step's cell
    texts and their height: what the page can be checked against before any drawing."""
    if len(sop.pelaksana) > MAX_ACTORS:
        raise LayoutError(f"paling banyak {MAX_ACTORS} pelaksana dalam satu bagan alir")
    columns = _columns(sop.pelaksana, setup.content_width)
    if len(sop.pelaksana) > LYING_ACTORS:
        style = dataclasses.replace(style, actor_vertical=True, actor_size=ACTOR_SIZES[1])
    else:
        style = dataclasses.replace(style, actor_size=_actor_size(columns, style))
    header = _header_heights(columns, style)
    texts = [_cell_paragraphs(step) for step in sop.kegiatan]
    lines = [{c.key: _cell_lines(cells[c.key], c, style) for c in columns if c.key in cells} for cells in texts]
    text_heights = [max(_text_height(cell, style) for cell in row.values()) for row in lines]
    texts = [(cells, row) for cells, row in zip(texts, lines)]
    return columns, style, header, texts, text_heights


def _base_heights(sop: Sop, text_heights: list[int], room: dict[int, int]) -> list[int]:
    return [max(text_h, (DECISION_H if step.keputusan else SYMBOL_H) + 2 * GAP_Y
                + room.get(step.index, 0))
            for step, text_h in zip(sop.kegiatan, text_heights)]


def check_fits(sop: Sop, setup: PageSetup, style: Style = Style()) -> None:
    """What `layout` would refuse for the size of the page (too many actors, a step too
    tall for a page), found cheaply so that `sopgen check` reports it at its line."""
    columns, style, header, _, text_heights = _table(sop, setup, style)
    _check_rows_fit(_base_heights(sop, text_heights, {}),
                    setup.content_height - sum(header) - PAGE_SLACK - CAPTION_LINE)


@lru_cache(maxsize=256)
def layout(sop: Sop, setup: PageSetup, style: Style = Style()) -> Diagram:
    """The flowchart's pages. Every branch label is first sought where its own branch is
    its nearest line, rows growing for it; where that growth makes the pages impossible
    (too many arrows across one page border), the layout is made as it was before that
    rule, a label then taking the nearest free spot.

    The last layouts are kept: `check` lays out every SOP (so that what it accepts
    builds) and the same process then draws it, in the preview on every save and in a
    one-process build. A Diagram is never changed once made."""
    try:
        return _layout(sop, setup, style, near_only=True)
    except LayoutError:
        return _layout(sop, setup, style, near_only=False)


def _layout(sop: Sop, setup: PageSetup, style: Style, near_only: bool) -> Diagram:
    columns, style, header, texts, text_heights = _table(sop, setup, style)
    actor_index = {c.title: i for i, c in enumerate(columns) if c.key == "actor"}
    room: dict[int, int] = {}  # step -> extra height given to its symbol band for a label
    avoid: dict[int, str] = {}  # decision -> the side where its branch's label found no room
    early: set[tuple[int, int]] = set()  # (step, target step): branches routed, and labelled, first
    on_line = False  # labels with no spot beside their line set on it
    reach = style.label_reach
    while True:
        base = _base_heights(sop, text_heights, room)
        pages = _paginate(base, setup.content_height - sum(header) - PAGE_SLACK - CAPTION_LINE,
                          _links_across(sop))
        try:
            return _DiagramBuilder(sop, columns, actor_index, header, texts, pages, style,
                                   dict(avoid), near_only, frozenset(early), on_line).diagram(setup)
        except _NoLabelRoom as crowded:
            # a label with no free spot near its exit: give the decision's row more height
            # (the symbol stays centred, so both sides of it grow) and lay out again; when
            # that is not enough (lanes on both sides), look farther from the exit; when
            # that is not enough either (a narrow column full of loops), let the branch
            # leave on the diamond's other side; then set such labels on their own line;
            # then route the branch before every other arrow and label it at once, its
            # label's spot kept from the arrows after it
            if room.get(crowded.step, 0) < LABEL_ROOM_MAX:
                room[crowded.step] = room.get(crowded.step, 0) + LABEL_ROOM
            elif style.label_reach < LABEL_REACH_MAX:
                style = dataclasses.replace(style, label_reach=style.label_reach * 2)
            elif crowded.step not in avoid and crowded.side in ("left", "right"):
                avoid[crowded.step] = crowded.side
                room.pop(crowded.step)
                style = dataclasses.replace(style, label_reach=reach)
            elif not on_line:
                on_line = True
            elif crowded.branch not in early:
                early.add(crowded.branch)
            elif near_only:
                near_only = False  # the last resort: a free spot, even nearer another line
                if not crowded.elsewhere:
                    avoid.pop(crowded.step, None)  # on the side it first tried, where there was one
            else:
                raise LayoutError(f"label \"{crowded.text}\" pada langkah {crowded.step + 1}"
                                  " tidak mendapat tempat kosong; pecah SOP ini", step=crowded.step) from None


READABLE_TRIES = 6  # attempts with a stuck arrow routed earlier, before one is let misread


class _Unreadable(Exception):
    """An arrow with no readable path among the arrows routed before it."""

    def __init__(self, route: int):
        super().__init__(route)
        self.route = route


class _NoLabelRoom(Exception):
    """No spot for a label; `elsewhere`: a free spot nearer another line than its own;
    `branch`: (its step, the step its branch leads to)."""

    def __init__(self, step: int, text: str, side: str, branch: tuple[int, int], elsewhere: bool = False):
        super().__init__(text)
        self.step, self.text, self.side, self.elsewhere = step, text, side, elsewhere
        self.branch = branch


def _actor_size(columns: tuple[Column, ...], style: Style) -> float:
    """The largest size (8 pt down to 7 pt) at which no word of an actor's name has to be
    broken inside its column; below 7 pt names are hard to read, so they wrap onto more
    header lines instead (between words: the columns were widened for the longest word)."""
    words = [w for c in columns if c.key == "actor" for w in c.title.split()]
    width = min(c.width for c in columns if c.key == "actor")
    for size in sorted({style.actor_size, *ACTOR_SIZES}, reverse=True):
        if size <= style.actor_size and all(_name_width(word, size) <= width for word in words):
            return size
    return ACTOR_SIZES[-1]


def _header_heights(columns: tuple[Column, ...], style: Style) -> tuple[int, int]:
    first = twip_ceil(style.pad_top + style.line + style.pad_bottom)
    if style.actor_vertical:
        # 3 pt to spare: a word processor measures turned text a little differently
        second = twip_ceil(max(name_length(c, style) for c in columns if c.key == "actor") + 3 * PT)
        return first, second
    names = max(len(wrap(c.title, c.width - 2 * HEADER_MARGIN - PT // 2, style.actor_size,
                         bold=True)) for c in columns if c.key == "actor")
    second = twip_ceil(style.pad_top + max(names * style.header_line, style.line) + style.pad_bottom)
    return first, second


def name_length(column: Column, style: Style) -> int:
    """The length an upright actor name needs: the shortest at which it wraps into no
    more lines than its column holds side by side (never breaking a word)."""
    across = max(1, (column.width - 2 * HEADER_MARGIN - PT) // style.header_line)
    length = max(_name_width(w, style.actor_size) for w in column.title.split())
    while length < NAME_LENGTH_MAX and len(_upright(column.title, length, style)) > across:
        length += MM // 2
    return length


def upright_name(column: Column, style: Style) -> tuple[str, ...]:
    """An upright actor name's lines, broken here (a word processor wraps turned text
    by its own rules, and may run it past the header)."""
    return _upright(column.title, name_length(column, style), style)


def _upright(title: str, length: int, style: Style) -> tuple[str, ...]:
    return tuple(wrap(title, length - 2 * HEADER_MARGIN - PT // 2, style.actor_size, bold=True))  # as _name_width


MIN_ROWS = 3  # no page of a SOP with six steps or more holds fewer steps than this


def _links_across(sop: Sop) -> list[int]:
    """For each row, how many links a page break just before it would cut (each becomes a
    pair of off-page connectors)."""
    across = [0] * (len(sop.kegiatan) + 1)
    for step in sop.kegiatan:
        for target in step.successors:
            low, high = sorted((step.index, target))
            for row in range(low + 1, high + 1):
                across[row] += 1
    return across


def _paginate(base: list[int], available: int,
              across: list[int] | None = None) -> list[list[tuple[int, int, int, int]]]:
    """Rows per page as (step index, height, zone_top, zone_bottom). A row never splits,
    every page break leaves room for off-page connectors on both sides, and the pages are
    balanced: as few pages as the rows need, no page of a longer SOP holding fewer than
    MIN_ROWS steps, then as few links cut by the breaks as can be (`across`: a loop back
    kept on its page reads better than a pair of connectors, and a page border crowded
    with connectors may have no room for them), then the free space spread evenly rather
    than left on a last page."""
    across = across or [0] * (len(base) + 1)
    n = len(base)
    height = partial(_rows_height, base)
    _check_rows_fit(base, available)
    best = None
    for least in ((MIN_ROWS, 1) if n >= 2 * MIN_ROWS else (1,)):
        # cost[end] = (pages, links cut, sum of squared free space) of the best split of
        # rows 0..end-1
        cost: list[tuple[int, int, int] | None] = [None] * (n + 1)
        cut = [0] * (n + 1)
        cost[0] = (0, 0, 0)
        for end in range(1, n + 1):
            for first in range(end - least, -1, -1):
                used = height(first, end)
                if used > available:
                    break
                if cost[first] is None:
                    continue
                pages, cuts, spread = cost[first]
                candidate = (pages + 1, cuts + (across[first] if first else 0), spread + (available - used) ** 2)
                if cost[end] is None or candidate < cost[end]:
                    cost[end], cut[end] = candidate, first
        if cost[n] is not None:
            best = cut
            break
    breaks, end = [], n
    while end > 0:
        breaks.append((best[end], end))
        end = best[end]
    pages = [list(range(first, end)) for first, end in reversed(breaks)]
    result = []
    for number, rows in enumerate(pages):
        result.append([
            (index, base[index],
             ZONE if position == 0 and number > 0 else 0,
             ZONE if position == len(rows) - 1 and number < len(pages) - 1 else 0)
            for position, index in enumerate(rows)
        ])
    return result


def _rows_height(base: list[int], first: int, end: int) -> int:
    """Rows first..end-1 on one page, with their connector zones."""
    n = len(base)
    return sum(twip_ceil(base[k] + (ZONE if k == first and first > 0 else 0)
                         + (ZONE if k == end - 1 and end < n else 0))
               for k in range(first, end))


def _check_rows_fit(base: list[int], available: int) -> None:
    for index in range(len(base)):
        if _rows_height(base, index, index + 1) > available:
            raise LayoutError(f"langkah {index + 1} terlalu panjang untuk satu halaman; ringkas"
                              " uraian, kelengkapan atau keterangannya", step=index)


class _DiagramBuilder:
    """Builds one Diagram: places the symbols and connectors, routes every arrow page by
    page (through `route.Router`), then places the branch labels."""

    def __init__(self, sop, columns, actor_index, header, texts, pages, style,
                 avoid: dict[int, str] | None = None, near_only: bool = True,
                 early: frozenset[tuple[int, int]] = frozenset(), on_line: bool = False):
        self.sop = sop
        self.on_line = on_line  # a label with no spot beside its line may sit on it
        self.near_only = near_only  # a label only where its own branch is its nearest line
        self.early = early  # (step, target step): branches routed and labelled before the rest
        self.avoid = avoid or {}  # decision -> a side its side branch must not leave by
        self.columns = columns
        self.actor_index = actor_index
        self.header = header
        self.style = style
        self.rows: list[list[Row]] = []
        self.where: dict[int, tuple[int, int]] = {}  # step -> (page, row)
        y0 = sum(header)
        for number, rows in enumerate(pages):
            y = y0
            page_rows = []
            for position, (index, height, top, bottom) in enumerate(rows):
                h = twip_ceil(height + top + bottom)
                page_rows.append(Row(index, y, h, top, bottom, *texts[index]))
                self.where[index] = (number, position)
                y += h
            self.rows.append(page_rows)
        self.symbols: list[Symbol] = []
        self.page_of: dict[int, int] = {}  # symbol id -> its page
        self.by_step: dict[int, list[Symbol]] = {}
        actor_w = self.columns[min(actor_index.values())].width
        self.symbol_w = _symbol_size(actor_w)
        for step in sop.kegiatan:
            self._place_step(step)

    # symbols
    def _add(self, shape: Shape, box: Box, page: int, row: int, column: int, step: int | None,
             text: str | None = None, upward: bool = False) -> Symbol:
        symbol = Symbol(len(self.symbols) + 1, shape, box, row, column, step, text, upward)
        self.symbols.append(symbol)
        self.page_of[symbol.id] = page
        return symbol

    def _place_step(self, step: Step) -> None:
        page, position = self.where[step.index]
        row = self.rows[page][position]
        last = len(self.sop.kegiatan) - 1
        if step.keputusan is not None:
            shape, h = Shape.DECISION, DECISION_H
        elif step.index in (0, last):
            shape, h = Shape.TERMINATOR, SYMBOL_H
        else:
            shape, h = Shape.PROCESS, SYMBOL_H
        top, bottom = row.band
        placed = []
        for actor in step.pelaksana:
            # a decision with several actors: the decider's diamond, the others' boxes feed it
            own_shape, own_h = (shape, h) if actor == (step.decider or actor) else (Shape.PROCESS, SYMBOL_H)
            column = self.actor_index[actor]
            cx = self.columns[column].x + self.columns[column].width // 2
            box = Box(cx - self.symbol_w // 2, (top + bottom) // 2 - own_h // 2, self.symbol_w, own_h)
            placed.append(self._add(own_shape, box, page, position, column, step.index))
        self.by_step[step.index] = placed

    # edges
    def _edges(self) -> list[tuple[Symbol, Symbol, str | None, Step]]:
        """Every arrow as (source symbol, target symbol, branch label, source step)."""
        edges = []
        for step in self.sop.kegiatan:
            feeding = self._feeding(step)
            if step.keputusan is not None:
                branches = [(step.keputusan.ya, step.keputusan.label_ya),
                            (step.keputusan.tidak, step.keputusan.label_tidak)]
                diamond = next(s for s in self.by_step[step.index] if s.shape is Shape.DECISION)
                edges += [(box, diamond, None, step) for box in feeding]
            else:
                branches = [(target, None) for target in step.successors]
            for target, label in branches:
                sources = [s for s in self.by_step[step.index] if s not in feeding]
                targets = self._feeding(self.sop.kegiatan[target]) or self.by_step[target]
                if target < step.index:
                    # a loop back names the step, not each of its actors: one arrow into
                    # the nearest of its symbols reads better than a fan (each of them has
                    # its own arrow from the step before); a branch forward fans out
                    targets = [min(targets, key=lambda t: (abs(t.column - sources[0].column),
                                                           t.column))]
                for source_symbol, target_symbol in _pairs(sources, targets):
                    edges.append((source_symbol, target_symbol, label, step))
        return edges

    def _feeding(self, step: Step) -> list[Symbol]:
        """The boxes of a decision step's other actors: the step's arrows come into them,
        and they lead into its diamond."""
        if step.keputusan is None:
            return []
        return [s for s in self.by_step[step.index] if s.shape is not Shape.DECISION]

    def diagram(self, setup: PageSetup) -> Diagram:
        """The pages with every arrow routed. Arrows are routed short ones first; one that
        finds no path a reader cannot misread (`Router._readable`) because of an arrow
        routed before it is routed first in a new attempt, a few times, before it is let
        take the best path left."""
        routes = self._routes()  # the connectors are placed once, for every attempt
        first: list[int] = []
        while True:
            try:
                return self._diagram(setup, routes, first, readable=len(first) < READABLE_TRIES)
            except _Unreadable as stuck:
                first.append(stuck.route)

    def _diagram(self, setup: PageSetup, routes: list["Route"], first: list[int],
                 readable: bool) -> Diagram:
        routers = [Router(self._page_symbols(n), self._lanes(), rows)
                   for n, rows in enumerate(self.rows)]
        arrows: list[list[tuple[int, Arrow]]] = [[] for _ in self.rows]
        pending: list[list[tuple[str, Port]]] = [[] for _ in self.rows]
        exits_used: dict[int, dict[str, int | None]] = {}  # symbol -> side -> branch
        # short arrows first: they take the natural paths, long ones go around them
        early = [i for i in range(len(routes)) if i not in first
                 and (routes[i].step.index, routes[i].target_step) in self.early]
        order = first + early + sorted((i for i in range(len(routes)) if i not in first + early),
                                       key=lambda i: (routes[i].span, i))
        labels: list[dict[tuple, Label]] = [{} for _ in self.rows]  # per page: pending entry -> its label
        for i in order:
            route = routes[i]
            exits = self._exit_ports(route, exits_used.get(route.source.id, {}))
            entries = self._entry_ports(route.source, route.target)
            branch = route.target_step if route.step.keputusan is not None else None
            try:
                if readable and i not in first:
                    try:
                        points, port = routers[route.page].route(route.source, route.target, exits,
                                                                 entries, branch, readable=True)
                    except NoRoute:
                        raise _Unreadable(i) from None
                else:
                    points, port = routers[route.page].route(route.source, route.target, exits,
                                                             entries, branch)
            except NoRoute:
                raise LayoutError(
                    f"panah dari langkah {route.step.nomor} tidak dapat digambar tanpa menabrak"
                    " simbol lain; kurangi lompatan atau pecah SOP ini") from None
            exits_used.setdefault(route.source.id, {})[port.side] = route.target_step
            arrows[route.page].append((i, Arrow(points, route.source.id, route.target.id)))
            label = (route.label, port, route.source.column, route.step.index,
                     (route.source.id, route.target_step))
            if route.label and label not in pending[route.page]:  # once for a branch's fan-out
                pending[route.page].append(label)
                if i in early:  # labelled now, and its spot kept from the arrows after it
                    router = routers[route.page]
                    placed = self._label(*label[:2], router, list(labels[route.page].values()), *label[2:])
                    labels[route.page][label] = placed
                    router.reserve(_kept_for(placed, router, label[4]), label[4])
        pages = []
        for n, rows in enumerate(self.rows):
            for entry in pending[n]:  # once every arrow is known
                if entry not in labels[n]:
                    labels[n][entry] = self._label(*entry[:2], routers[n], list(labels[n].values()), *entry[2:])
            drawn = bridges([a for _, a in sorted(arrows[n], key=lambda pair: pair[0])])
            pages.append(Page(
                rows=tuple(rows),
                symbols=tuple(self._page_symbols(n)),
                arrows=tuple(drawn),
                labels=tuple(dataclasses.replace(labels[n][entry], source=entry[4][0], targets=tuple(
                    a.target for i, a in arrows[n] if (routes[i].source.id, routes[i].target_step) == entry[4]))
                    for entry in pending[n]),
            ))
        return Diagram(setup, self.style, self.columns, self.header, tuple(pages))

    def _routes(self) -> list["Route"]:
        """Every arrow to draw, each on one page: an arrow whose ends are on different pages
        becomes two, through a pair of off-page connectors with the same letter. Letters
        follow the flow (by page break, then by the step the arrow leaves) and skip every
        letter that a branch label of the SOP uses as a word, so "A" is never both."""
        edges = self._edges()
        pairs: dict[tuple[int, int], tuple[Symbol, Symbol, Step]] = {}  # sources on one page share
        for source, target, _, step in edges:
            source_page, target_page = self.page_of[source.id], self.page_of[target.id]
            if source_page != target_page:
                pairs.setdefault((target.id, source_page), (source, target, step))
        taken = {word.upper() for step in self.sop.kegiatan if step.keputusan
                 for label in (step.keputusan.label_ya, step.keputusan.label_tidak)
                 for word in label.split()}
        letters = (letter for letter in _letters() if letter not in taken)
        order = sorted(pairs, key=lambda key: (min(key[1], self.page_of[key[0]]),
                                               pairs[key][2].index, pairs[key][1].step))
        routes = []
        crossings: dict[tuple[int, int], Symbol] = {}
        for key in order:
            source, target, step = pairs[key]
            letter = next(letters)
            source_page, target_page = key[1], self.page_of[target.id]
            forward = target_page > source_page
            crossings[key] = self._connector(source_page, source, forward, letter,
                                             upward=not forward)
            into = self._connector(target_page, target, not forward, letter, upward=not forward)
            routes.append(Route(target_page, into, target, None, step, target.step))
        for source, target, label, step in edges:
            source_page, target_page = self.page_of[source.id], self.page_of[target.id]
            if source_page == target_page:
                routes.append(Route(source_page, source, target, label, step, target.step))
            else:
                routes.append(Route(source_page, source, crossings[(target.id, source_page)],
                                     label, step, target.step))
        return routes

    def _page_symbols(self, page: int) -> list[Symbol]:
        return [s for s in self.symbols if self.page_of[s.id] == page]

    def _connector(self, page: int, owner: Symbol, bottom: bool, letter: str,
                   upward: bool) -> Symbol:
        """An off-page connector in the bottom zone of the page's last row, or the top zone
        of its first row, for the arrow to or from `owner` on this page: in the owner's
        column if free, else beside the connectors already there, else in the nearest
        column with room. The spot straight above (below) another step's symbol in that
        row, or in a row between the zone and the owner, is left to that step's own arrow,
        so that no connector seems to lead into it."""
        preferred = owner.column
        position = len(self.rows[page]) - 1 if bottom else 0
        row = self.rows[page][position]
        zone_y = row.band[1] if bottom else row.y
        y = zone_y + (ZONE - CONNECTOR) // 2
        taken = [s.box for s in self._page_symbols(page)
                 if s.shape is Shape.CONNECTOR and s.box.y == y]
        # the rows between the zone and the owner: a symbol there on the connector's axis
        # would seem to be what its line leads into
        between = (range(owner.row + 1, position + 1) if bottom else range(position, owner.row))
        others = [s.box.cx for s in self._page_symbols(page) if (s.row == position or s.row in between)
                  and s.shape is not Shape.CONNECTOR and s.id != owner.id]
        if upward:  # a loop back leaves the owner upwards: the owner's own axis is the line
            others.append(owner.box.cx)  # that comes down into it, which must not lead on
        step = CONNECTOR + 2 * CLEAR + LANE_PITCH
        for reserve in (True, False):
            for index in sorted(self.actor_index.values(), key=lambda c: (abs(c - preferred), c)):
                column = self.columns[index]
                cx = column.x + column.width // 2
                for x in (cx, cx - step, cx + step, cx - 2 * step, cx + 2 * step):
                    box = Box(x - CONNECTOR // 2, y, CONNECTOR, CONNECTOR)
                    inside = (column.x + LANE_EDGE <= box.x
                              and box.right <= column.x + column.width - LANE_EDGE)
                    if (inside and not any(abs(box.x - other.x) < step for other in taken)
                            and not (reserve and any(abs(x - o) < step for o in others))):
                        return self._add(Shape.CONNECTOR, box, page, position, index, None,
                                         letter, upward)
        # every column is full: any free spot of the zone inside one column, nearest first
        pitch = CONNECTOR + 2 * CLEAR
        low, high = actor_area(self.columns)
        preferred_x = owner.box.cx
        for x in sorted(range(low + LANE_EDGE + CONNECTOR // 2, high - LANE_EDGE, MM // 2),
                        key=lambda x: abs(x - preferred_x)):
            box = Box(x - CONNECTOR // 2, y, CONNECTOR, CONNECTOR)
            index = next(i for i in self.actor_index.values()
                         if self.columns[i].x <= box.x < self.columns[i].x + self.columns[i].width)
            column = self.columns[index]
            if box.right <= column.x + column.width - LANE_EDGE and not any(
                    abs(box.x - other.x) < pitch for other in taken):
                return self._add(Shape.CONNECTOR, box, page, position, index, None, letter,
                                 upward)
        raise LayoutError("terlalu banyak panah yang berpindah halaman pada satu batas halaman;"
                          " pecah SOP ini")

    def _lanes(self) -> list[int]:
        lanes = []
        for column in self.columns:
            if column.key != "actor":
                continue
            cx = column.x + column.width // 2
            half = self.symbol_w // 2
            lanes.append(cx)
            k = 0
            while cx + half + LANE_FIRST + k * LANE_PITCH <= column.x + column.width - LANE_EDGE:
                lanes.append(cx + half + LANE_FIRST + k * LANE_PITCH)
                lanes.append(cx - half - LANE_FIRST - k * LANE_PITCH)
                k += 1
        return sorted(lanes)

    def _exit_ports(self, route: "Route", used: dict[str, int | None]) -> list["Port"]:
        source, target = route.source, route.target
        below = target.box.cy > source.box.cy
        if source.shape is Shape.CONNECTOR:  # leave at its tip (top zone) or top (bottom zone)
            return [port_of(source, "down" if below else "up")]
        sides = ["right", "left"] if target.box.cx >= source.box.cx else ["left", "right"]
        if route.step.index in self.avoid:
            sides.remove(self.avoid[route.step.index])
        if source.shape is not Shape.DECISION:
            return [port_of(source, side) for side in (["down", *sides] if below else [*sides, "down"])]
        # a decision: the branch to the next step leaves at the bottom, the other at a side
        decision = route.step.keputusan
        straight = next((t for t in (decision.ya, decision.tidak) if t == route.step.index + 1), None)
        if below and (straight is None or route.target_step == straight):
            order = ["down", *sides]
        else:
            order = [*sides, "down"] if below else sides
        # the corner a feeding box comes in by is taken
        fed = {"left" if box.box.cx < source.box.cx else "right" for box in self._feeding(route.step)}
        order = [side for side in order if side not in fed]
        # the arrows of one branch (to a parallel step) share its port; two branches never do
        mine = [side for side in order if used.get(side, -2) == route.target_step]
        free = [side for side in order if side not in used]
        return [port_of(source, side) for side in mine + free]

    def _directly_below(self, source: Symbol, target: Symbol) -> bool:
        if target.shape is Shape.CONNECTOR:
            return True
        page, row = self.where[source.step]
        return self.where.get(target.step) == (page, row + 1)

    def _entry_ports(self, source: Symbol, target: Symbol) -> list["Port"]:
        if target.shape is Shape.CONNECTOR:
            return [port_of(target, "up" if source.box.cy < target.box.cy else "down")]
        sides = ["left", "right"] if source.box.cx < target.box.cx else ["right", "left"]
        above = source.box.cy < target.box.cy
        ports = []
        if target.shape is Shape.DECISION and source in self._feeding(self.sop.kegiatan[target.step]):
            ports.append(port_of(target, sides[0]))  # a box in the diamond's row: into the facing corner
        if above and (source.shape is Shape.CONNECTOR or self._directly_below(source, target)):
            ports.append(port_of(target, "up"))
        if target.shape is not Shape.DECISION:  # a diamond's side corners are its exits
            ports += [port_of(target, side) for side in sides]
        quarter = target.box.h // 4
        slanted = [port_of(target, side, dy) for dy in (-quarter, quarter) for side in sides]
        # around the target: over its top, or from below into its bottom
        around = [port_of(target, "up"), port_of(target, "down")]
        if target.shape is Shape.DECISION:  # a diamond's slanted edges are a last resort
            ports += around + slanted
        else:
            ports += slanted + around
        return list(dict.fromkeys(ports))

    def _label(self, text: str, port: "Port", router: "Router", placed: list[Label],
               column: int, step: int, branch: tuple[int, int]) -> Label:
        """A branch label beside its exit, in free space: it keeps LABEL_CLEAR from every
        symbol, arrow, other label and table line (a label on a line reads as struck
        through). The spots beside the exit come first, then every spot within the style's
        reach of it, nearest first; with none free the row is given more room (`_NoLabelRoom`).
        A spot must be nearer the label's own branch than any other arrow: a "Tidak" beside
        the arrow coming in reads as that arrow's label."""
        own = self.columns[column]
        gap = LABEL_CLEAR + MM // 10
        smallest = self.style.label_size - 1  # 7 pt: where a narrow column leaves 8 pt no spot
        widest, word = max((text_width(word, smallest), word) for word in text.split())
        if widest + MM // 2 + 2 * LABEL_CLEAR > own.width:
            raise LayoutError(f'label "{text}" pada langkah {step + 1}: kata "{word}" lebih lebar'
                              " dari kolom pelaksananya; sisipkan spasi (label dipecah di antara"
                              " kata) atau singkat labelnya", step=step)
        # a spot at its own branch's first stretch and nearest its own branch, at 8 pt, then
        # at 7 pt; where other lines leave none (a loop passing the diamond), the nearest
        # free spot all the same (one scan of the spots answers both; a wrap that gives the
        # same lines is not scanned twice)
        fallbacks = []  # (lines, size, own nearest but not at the first stretch, any free)
        for size in (self.style.label_size, smallest):
            widest = max(text_width(word, size) for word in text.split())
            scanned = set()
            # on one line if there is room for it, else wrapped to fit beside a vertical arrow
            for wrap_width in (own.width - 2 * LABEL_CLEAR - MM, own.width // 2 - gap - LABEL_CLEAR - MM // 2):
                # broken only between words: "Lengka / p" reads as two words
                lines = tuple(wrap(text, max(wrap_width, widest), size))
                if lines in scanned:
                    continue
                scanned.add(lines)
                strict, on_line, nearest, relaxed = self._label_spot(lines, port, router, placed, gap,
                                                                      branch, size)
                if strict is not None:
                    return Label(lines, strict, size=None if size == self.style.label_size else size)
                fallbacks.append((lines, size, on_line, nearest, relaxed))
        for lines, size, _, nearest, _ in fallbacks:  # nearest its own line, farther along it
            if nearest is not None:
                return Label(lines, nearest, size=None if size == self.style.label_size else size)
        # where no spot beside its line is its own line's alone, even with the row grown and
        # the reach widened (a loop passing a narrow column's diamond), the label goes on
        # its line, near the exit, the line breaking for it as in a hand-drawn chart: on its
        # line it cannot be read as another's, where a spot farther off floats between lines
        for lines, size, on_line, _, _ in fallbacks if self.on_line else ():
            if on_line is not None:
                return Label(lines, on_line, size=None if size == self.style.label_size else size,
                             on_line=True)
        elsewhere = any(relaxed is not None for *_, relaxed in fallbacks)
        for lines, size, _, _, relaxed in fallbacks if not self.near_only else ():
            if relaxed is not None and size == self.style.label_size:
                return Label(lines, relaxed)
        raise _NoLabelRoom(step, text, port.side, (step, branch[1]), elsewhere)

    def _label_spot(self, lines: tuple[str, ...], port: "Port", router: "Router",
                    placed: list[Label], gap: int, branch: tuple[int, int],
                    size: float) -> tuple[Box | None, Box | None, Box | None, Box | None]:
        """In one scan: the first free spot at its own branch's first stretch (within
        LABEL_NEAR) and nearer its own branch than any other arrow; the nearest spot on
        its own line (`_on_line`); the first nearer its own branch only; and the first
        free spot at all (the beside spots in their plain order)."""
        width = max(text_width(line, size) for line in lines) + MM // 2
        height = len(lines) * label_line(self.style, size) + MM // 4
        x, y = port.point
        right, left = x + gap, x - width - gap
        above, below = y - height - gap, y + gap
        beside = {
            "down": [(right, below), (left, below)],
            "right": [(right, above), (right, below)],
            "left": [(left, above), (left, below)],
            "up": [(right, above), (left, above)],
        }[port.side]
        low, high = actor_area(self.columns)
        low, high = low + LABEL_CLEAR, high - LABEL_CLEAR  # a spot stays inside the actor area
        reach = self.style.label_reach
        # only what lies near the exit can be in the way (the search is thousands of spots)
        area = grown_box(Box(x, y, 0, 0), reach + width + height + LABEL_CLEAR)
        rows = sorted(border for row in router.rows for border in (row.y, row.y + row.height)
                      if area.y <= border <= area.bottom)
        columns = sorted(c.x for c in self.columns if c.key == "actor")[1:]
        obstacles = [grown_box(s.box, LABEL_CLEAR) for s in router.symbols]
        obstacles += [grown_box(other.box, LABEL_CLEAR) for other in placed]
        obstacles = [o for o in obstacles if boxes_meet(o, area)]
        near = [p for p in router.placed if touches(p.segment, area, 0)]
        segments = [p.segment for p in near]
        mine = [p.segment for p in router.placed if (p.source, p.branch) == branch]
        first = [p.segment for p in router.placed if (p.source, p.branch) == branch and p.first]
        # a line merged into its own (loops back into one step share their last stretch)
        # is its own line too: only a line that is not its is another
        others = [p.segment for p in near if (p.source, p.branch) != branch
                  and not any(overlap(p.segment, m) for m in mine)]
        plain_beside = [(bx - x, by - y) for bx, by in beside]
        beside_first = list(plain_beside)
        if others:
            # of the two spots beside the exit, the one farther from other arrows first: a
            # "Lengkap" above its line reads as the label of the arrow coming in from above
            beside_first.sort(key=lambda d: -min(box_distance(Box(x + d[0], y + d[1], width, height), o)
                                                for o in others))

        def crosses(borders: list[int], start: int, end: int) -> bool:
            """Whether any of the sorted borders lies strictly between start and end."""
            index = bisect_right(borders, start)
            return index < len(borders) and borders[index] < end

        # obstacles and lines as (left, right, top, bottom), lines grown by the clearance:
        # the test of a spot is then comparisons only (it runs for a hundred thousand spots)
        blocks = [(o.x, o.x + o.w, o.y, o.y + o.h) for o in obstacles]
        lines = [(min(x1, x2) - LABEL_CLEAR, max(x1, x2) + LABEL_CLEAR,
                  min(y1, y2) - LABEL_CLEAR, max(y1, y2) + LABEL_CLEAR)
                 for (x1, y1), (x2, y2) in segments]

        def free(dx: int, dy: int) -> Box | None:
            """The label's box at this offset if nothing is in its way (the cheap
            arithmetic checks first: most spots fail on a table line)."""
            bx, by = x + dx, y + dy
            right, bottom = bx + width, by + height
            if (bx < low or right > high
                    or crosses(rows, by - LABEL_CLEAR, bottom + LABEL_CLEAR)
                    or crosses(columns, bx - LABEL_CLEAR, right + LABEL_CLEAR)):
                return None
            for left_, right_, top_, bottom_ in blocks:  # boxes_meet: overlapping
                if left_ < right and bx < right_ and top_ < bottom and by < bottom_:
                    return None
            for left_, right_, top_, bottom_ in lines:  # touches: within the clearance
                if left_ <= right and bx <= right_ and top_ <= bottom and by <= bottom_:
                    return None
            return Box(bx, by, width, height)

        def own_nearest(box: Box) -> bool:
            """Nearer its own branch than any other line, and near it: farther off, it floats."""
            distance = min(box_distance(box, segment) for segment in mine)
            return distance <= LABEL_NEAR and all(distance + LABEL_CLEAR <= box_distance(box, segment)
                                                  for segment in others)

        def at_first(box: Box) -> bool:  # beside a later stretch, or floating: another exit's
            return min(box_distance(box, segment) for segment in first) <= LABEL_NEAR

        relaxed = next((b for b in (free(*d) for d in plain_beside) if b is not None), None)
        nearest = None
        for dx, dy in chain(beside_first, _label_offsets(width, height, reach)):
            box = free(dx, dy)
            if box is None:
                continue
            if own_nearest(box):
                if at_first(box):
                    return box, None, None, None
                nearest = nearest or box
            if relaxed is None:
                relaxed = box

        def clear_of_all_but(box: Box, segment: tuple[Point, Point]) -> bool:
            """A spot on `segment`: inside its cell, off every symbol and label, and clear
            of every line but that one (and lines merged into it)."""
            if (box.x < low or box.right > high
                    or crosses(rows, box.y - LABEL_CLEAR, box.bottom + LABEL_CLEAR)
                    or crosses(columns, box.x - LABEL_CLEAR, box.right + LABEL_CLEAR)
                    or any(boxes_meet(o, box) for o in obstacles)):
                return False
            return not any(touches(other, box, LABEL_CLEAR) for other in segments
                           if not (other in mine and overlap(other, segment)))

        # on a stretch its branch has alone: on one that another line joins (a merge into
        # the same step), the label would read as that line's too
        alone = [m for m in mine if not any(overlap(m, p.segment) for p in router.placed
                                            if (p.source, p.branch) != branch)]
        on_line = next((box for box, segment in _on_line(alone, port.point, width, height, reach)
                        if clear_of_all_but(box, segment)), None)
        return None, on_line, nearest, relaxed


def _kept_for(label: Label, router: "Router", branch: tuple[int, int]) -> Box:
    """The area a label placed before the other arrows keeps from them: its box grown by
    its distance to its own line and the clearance, so that no later line comes nearer it
    than its own."""
    own = min(box_distance(label.box, p.segment) for p in router.placed if (p.source, p.branch) == branch)
    return grown_box(label.box, own + LABEL_CLEAR)


ON_LINE_MARGIN = MM  # a label on its line keeps this far from the line's corners
ON_LINE_HEAD = 4 * MM  # ... and this far from its arrowhead


def _on_line(mine: list[tuple[Point, Point]], exit: Point, width: int, height: int,
             reach: int) -> list[tuple[Box, tuple[Point, Point]]]:
    """Label boxes centred on a straight stretch of the label's own branch, each with its
    stretch, every 0.5 mm along it, clear of the stretch's corners and head, nearest the
    exit first (at most `reach` beyond the label's own size along the line). A vertical
    line may cross the word off its middle (a narrow column leaves no room either side),
    within its middle half."""
    step = MM // 2
    spots = []
    for (x1, y1), (x2, y2) in mine:
        horizontal = y1 == y2
        start, end = (x1, x2) if horizontal else (y1, y2)
        length = abs(end - start)
        along = width if horizontal else height
        sign = 1 if end >= start else -1
        first, last = ON_LINE_MARGIN + along // 2, length - ON_LINE_HEAD - along // 2
        shifts = [0] if horizontal else sorted(range(-(width // 4), width // 4 + 1, step), key=abs)
        for offset in range(first, last + 1, step):
            for shift in shifts:
                cx, cy = (x1 + sign * offset, y1) if horizontal else (x1 + shift, y1 + sign * offset)
                box = Box(cx - width // 2, cy - height // 2, width, height)
                distance = box_point_distance(box, exit)
                if distance <= reach + max(width, height):
                    spots.append((distance, abs(shift), box, ((x1, y1), (x2, y2))))
    spots.sort(key=lambda spot: (spot[0], spot[1], spot[2].x, spot[2].y))
    return [(box, segment) for *_, box, segment in spots]


@lru_cache(maxsize=256)
def _label_offsets(width: int, height: int, reach: int) -> tuple[Point, ...]:
    """Top-left offsets from an exit of every label spot within `reach` of it, on a
    0.5 mm grid, nearest first."""
    step = MM // 2
    reach_x, reach_y = (reach + width) // step, (reach + height) // step
    spots = []
    for i in range(-reach_x, reach_x + 1):
        for j in range(-reach_y, reach_y + 1):
            box = Box(i * step - width // 2, j * step - height // 2, width, height)
            distance = box_point_distance(box, (0, 0))
            if distance <= reach:
                spots.append((distance, box.x, box.y))
    return tuple((dx, dy) for _, dx, dy in sorted(spots))








def _letters():
    for letter in ascii_uppercase:
        yield letter
    for first in ascii_uppercase:
        for second in ascii_uppercase:
            yield first + second


def _pairs(sources: list[Symbol], targets: list[Symbol]) -> list[tuple[Symbol, Symbol]]:
    """Which symbol of a step links to which of the next: same column when both have it;
    otherwise each unlinked target from its nearest source and each unlinked source to
    its nearest target (a split fans out, a merge gathers)."""
    pairs = []
    for target in targets:
        same = [s for s in sources if s.column == target.column]
        if same:
            pairs.append((same[0], target))
    for target in targets:
        if not any(t is target for _, t in pairs):
            nearest = min(sources, key=lambda s: (abs(s.column - target.column), s.column))
            pairs.append((nearest, target))
    for source in sources:
        if not any(s is source for s, _ in pairs):
            nearest = min(targets, key=lambda t: (abs(t.column - source.column), t.column))
            pairs.append((source, nearest))
    return pairs
