"""The arrows of one page: each successor link routed as an orthogonal polyline from a
port of its source to a port of its target through vertical lanes, never through a
symbol, never along another arrow (unless both share their source or their target),
never meeting another in a T; where two must cross, a bridge (`bridges`)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from itertools import product

from ..check.model import Step
from .geometry import CLEAR, HEAD_ROOM, MM, Arrow, Box, Point, Row, Shape, Symbol


@dataclass(frozen=True)
class Route:
    """One arrow to route on one page."""

    page: int
    source: Symbol
    target: Symbol
    label: str | None
    step: Step  # the step the arrow leaves
    target_step: int | None  # the step it finally reaches, even through connectors

    @property
    def span(self) -> int:
        return (abs(self.source.box.cy - self.target.box.cy)
                + abs(self.source.box.cx - self.target.box.cx) // 4)


@dataclass(frozen=True)
class Port:
    point: Point
    side: str  # down, up, left, right: the direction an arrow leaves (or enters against)


def port_of(symbol: Symbol, side: str, dy: int = 0) -> Port:
    box = symbol.box
    if side == "down":
        return Port((box.cx, box.bottom), side)
    if side == "up":
        return Port((box.cx, box.y), side)
    y = box.cy + dy
    if symbol.shape is Shape.DECISION:
        inset = abs(dy) * box.w // box.h  # the diamond's edge moves in as y leaves the middle
    else:
        inset = 0
    x = box.right - inset if side == "right" else box.x + inset
    return Port((x, y), side)


class NoRoute(Exception):
    pass


STUBS = (0, 12 * MM // 10, 25 * MM // 10)  # 0: halfway to the next obstacle


class Router:
    """Routes arrows on one page: each new arrow must keep clear of every symbol and of the
    arrows already routed, trying the preferred ports and the nearest lanes first."""

    def __init__(self, symbols: list[Symbol], lanes: list[int], rows: list[Row]):
        self.symbols = symbols
        self.lanes = lanes
        self.rows = rows
        top, bottom = rows[0].y, rows[-1].y + rows[-1].height
        self.top, self.bottom = top + MM, bottom - MM  # arrows stay off the header and the edge
        # an off-page connector's own arrow leaves (or enters) it straight along the page:
        # that stretch is kept free, so no other arrow seems to fork from it
        self.keep_out = {symbol.id: _lead_room(symbol, (top + bottom) // 2)
                         for symbol in symbols}
        # the areas an arrow must keep out of, as (id, left, right, top, bottom) with the
        # clearance added once: the test below runs for every segment of every candidate
        self._kept = [(s.id, *_grown(self.keep_out[s.id], CLEAR)) for s in symbols]
        self._bodies = {s.id: _grown(s.box, CLEAR) for s in symbols}
        self._steps = {s.id: s.step for s in symbols}
        self.placed: list[_Placed] = []
        self.reserved: list[tuple[int, int | None, int, int, int, int]] = []  # (source, branch, area)

    def reserve(self, area: Box, branch: tuple[int, int | None]) -> None:
        """Keep the arrows routed from now on out of an area (a branch's label and the
        room around it), all but the arrows of that branch."""
        self.reserved.append((*branch, area.x, area.right, area.y, area.bottom))

    def route(self, source: Symbol, target: Symbol, exits: list[Port], entries: list[Port],
              branch: int | None = None, readable: bool = False) -> tuple[tuple[Point, ...], Port]:
        """`branch` names the step a decision's branch leads to: two branches of one
        decision never share a line, the arrows of one branch may. `readable`: only a
        path that keeps every rule, the reader's (`_readable`) too; NoRoute otherwise."""
        # one lane before two; on each, a path that crosses no other arrow first, a crossing
        # (drawn with a bridge) only when every such path is blocked (a two-lane detour
        # reads worse than one bridge, and searching all of them first costs seconds)
        # a path that meets another arrow without crossing it (a T or a shared corner reads
        # as a fork of that arrow) only when nothing else is left
        for touching in (False,) if readable else (False, True):
            found = self._first_path(source, target, exits, entries, branch, touching)
            if found is not None:
                points, exit_port = found
                segments = list(zip(points, points[1:]))
                for i, ((x1, y1), (x2, y2)) in enumerate(segments):
                    self.placed.append(_Placed(
                        segments[i], source.id, target.id, branch,
                        i == len(segments) - 1, i >= len(segments) - 2,
                        min(x1, x2), max(x1, x2), min(y1, y2), max(y1, y2), i == 0))
                return points, exit_port
        raise NoRoute

    def _first_path(self, source: Symbol, target: Symbol, exits: list[Port], entries: list[Port],
                    branch: int | None, touching: bool) -> tuple[tuple[Point, ...], Port] | None:
        """The first path, in the order of preference, that keeps every rule (with
        `touching`, all but the ban on meeting another arrow and the reader's rules). After
        MISREAD_TRIES clear paths that a reader would misread, the conflict is with an arrow
        routed before: searching on is in vain."""
        misread = 0
        for shapes, crossing in product((self._candidates, self._detours), (False, True)):
            for exit_port, entry in product(exits, entries):
                for points in shapes(exit_port, entry, source, target):
                    if not self._clear(points, source, target, exit_port, entry, branch,
                                       crossing, touching):
                        continue
                    if touching or self._readable(list(zip(points, points[1:])), source, target):
                        return points, exit_port
                    misread += 1
                    if misread > MISREAD_TRIES:
                        return None
        return None

    def _fits(self, x: int, start: Port, end: Port, first: bool, last: bool) -> bool:
        """Whether a lane at x can follow the start port (first) and precede the end port."""
        (sx, _), (ex, _) = start.point, end.point
        if first and (start.side == "right" and x <= sx or start.side == "left" and x >= sx):
            return False
        if last and (end.side == "right" and x < ex + HEAD_ROOM or
                     end.side == "left" and x > ex - HEAD_ROOM):
            return False
        return True

    def _detours(self, start: Port, end: Port, source: Symbol, target: Symbol):
        """Exit, a first lane, across in the free space near a row border, a second lane,
        entry: for when every single-lane path is blocked."""
        (sx, _), (ex, _) = start.point, end.point
        near_start = sorted(self.lanes, key=lambda x: (abs(x - sx), x))[:8]
        near_end = sorted(self.lanes, key=lambda x: (abs(x - ex), x))[:8]
        crossings = sorted({y for symbol in self.symbols for y in (symbol.box.y - 2 * MM,
                                                                   symbol.box.bottom + 2 * MM)
                            if self.top < y < self.bottom})
        for x1 in near_start:
            if not self._fits(x1, start, end, first=True, last=False):
                continue
            for x2 in near_end:
                if x2 == x1 or not self._fits(x2, start, end, first=False, last=True):
                    continue
                for y in crossings:
                    for head in self._leads(start, source, outgoing=True):
                        for tail in self._leads(end, target, outgoing=False):
                            yield _simplify(head + [(x1, head[-1][1]), (x1, y), (x2, y),
                                                    (x2, tail[0][1])] + tail)

    def _candidates(self, start: Port, end: Port, source: Symbol, target: Symbol):
        (sx, _), (ex, _) = start.point, end.point
        preferred = []
        if end.side in ("up", "down"):
            preferred.append(ex)
        if start.side in ("up", "down"):
            preferred.append(sx)
        lanes = preferred + sorted(self.lanes, key=lambda x: (abs(x - sx) + abs(x - ex), x))
        for x in dict.fromkeys(lanes):
            if not self._fits(x, start, end, first=True, last=True):
                continue
            for head in self._leads(start, source, outgoing=True):
                for tail in self._leads(end, target, outgoing=False):
                    points = head + [(x, head[-1][1]), (x, tail[0][1])] + tail
                    yield _simplify(points)

    def _leads(self, port: Port, symbol: Symbol, outgoing: bool) -> list[list[Point]]:
        x, y = port.point
        if port.side in ("left", "right"):
            return [[(x, y)]]
        sign = 1 if port.side == "down" else -1
        room = self._room(x, y, sign, symbol)
        stubs = []
        if symbol.shape is not Shape.CONNECTOR:  # first choice: halfway to the row's edge
            top, bottom = self.rows[symbol.row].band
            halfway = ((bottom - y) if sign > 0 else (y - top)) // 2
            if 12 * MM // 10 <= halfway < room:
                stubs.append(halfway)
        for stub in STUBS:
            length = room // 2 if stub == 0 else stub
            if 0 < length < room:
                stubs.append(length)
        leads = []
        for length in dict.fromkeys(stubs):
            turn = (x, y + sign * length)
            leads.append([(x, y), turn] if outgoing else [turn, (x, y)])
        return leads

    def _room(self, x: int, y: int, sign: int, own: Symbol) -> int:
        """Free distance from (x, y) going up or down before the next symbol's clearance."""
        room = (self.bottom - y) if sign > 0 else (y - self.top)
        for symbol in self.symbols:
            box = symbol.box
            if symbol.id == own.id or not box.x - CLEAR <= x <= box.right + CLEAR:
                continue
            distance = (box.y - CLEAR - y) if sign > 0 else (y - box.bottom - CLEAR)
            if distance >= 0:
                room = min(room, distance)
        return room

    def _clear(self, points: tuple[Point, ...], source: Symbol, target: Symbol,
               start: Port, end: Port, branch: int | None, crossing: bool,
               touching: bool) -> bool:
        segments = list(zip(points, points[1:]))
        last = len(segments) - 1
        # leaving and arriving straight through the port: then the path touches its own
        # symbols only there (every shape is convex)
        if _direction(segments[0]) != start.side or _direction(segments[-1]) != _opposite(end.side):
            return False
        (x1, y1), (x2, y2) = segments[-1]
        if abs(x2 - x1) + abs(y2 - y1) < HEAD_ROOM:
            return False
        ends = (source.id, target.id)
        for i, segment in enumerate(segments):
            if segment[0] == segment[1]:
                return False
            (x1, y1), (x2, y2) = segment
            left, right, top, bottom = min(x1, x2), max(x1, x2), min(y1, y2), max(y1, y2)
            for symbol_id, low_x, high_x, low_y, high_y in self._kept:
                if symbol_id in ends:  # its own symbols: the box, and not where it leaves or arrives
                    if (i == 0 and symbol_id == source.id) or (i == last and symbol_id == target.id):
                        continue
                    low_x, high_x, low_y, high_y = self._bodies[symbol_id]
                if left <= high_x and right >= low_x and top <= high_y and bottom >= low_y:
                    return False
            for owner, owner_branch, low_x, high_x, low_y, high_y in self.reserved:
                if ((owner, owner_branch) != (source.id, branch)
                        and left <= high_x and right >= low_x and top <= high_y and bottom >= low_y):
                    return False
            near = OVERLAP_TOLERANCE  # the widest reach of the rules below: farther is clear
            for other in self.placed:
                if (other.high_x < left - near or other.low_x > right + near
                        or other.high_y < top - near or other.low_y > bottom + near):
                    continue
                point = _crossing(segment, other.segment)
                bridged = point is not None and (_bridgeable(segment, point, i == last) or
                                                 _bridgeable(other.segment, point, other.last))
                if point is not None and not (crossing and bridged):
                    return False
                # the arrows of one branch (or of a step that is not a decision) may share
                # their trunk, and arrows into one target may join for their last two
                # stretches, flowing the same way; anything else is ambiguous
                trunk = other.source == source.id and other.branch == branch
                merge = other.target == target.id and other.near_end and i >= last - 1
                joins = other.target == target.id  # a merge: any line followed leads there
                if not (touching or trunk or joins or bridged) and _meet(segment, other.segment):
                    return False
                if not overlap(segment, other.segment):
                    continue
                if not ((trunk or merge) and _direction(segment) == _direction(other.segment)):
                    return False
        return True


    def _readable(self, segments: list[tuple[Point, Point]], source: Symbol, target: Symbol) -> bool:
        """The rules a reader needs beyond clearance (waived only when nothing else is
        left): no hairpin, an arrow that U-turns in less than HAIRPIN; no arrow to a later
        step that climbs above its source's row; no arrow entering a
        diamond (or leaving it) within BESIDE_EXIT of where another leaves it (enters it);
        no two unrelated arrows end to end on one line across less than LINE_UP_GAP with
        no symbol between them, which reads as one line."""
        for before, middle, after in zip(segments, segments[1:], segments[2:]):
            if _opposite(_direction(before)) == _direction(after) and _length(middle) < HAIRPIN:
                return False
        if (target.box.y > source.box.bottom and source.shape is not Shape.CONNECTOR
                and min(y for (_, y), _ in segments) < self.rows[source.row].y):
            return False  # an arrow to a later step climbing above its source's row
        start, end = segments[0][0], segments[-1][1]
        for other in self.placed:
            if target.shape is Shape.DECISION and other.first and other.source == target.id:
                if _manhattan(other.segment[0], end) < BESIDE_EXIT:
                    return False
            if source.shape is Shape.DECISION and other.last and other.target == source.id:
                if _manhattan(other.segment[1], start) < BESIDE_EXIT:
                    return False
            if other.source == source.id or other.target == target.id:
                continue  # a fork's trunk or a merge: one line is right
            if source.step is not None and target.step is not None and (
                    self._steps[other.source], self._steps[other.target]) == (source.step, target.step):
                continue  # between the symbols of the same two steps: any reading is right
            for segment in segments:
                (x1, y1), (x2, y2) = segment
                if (other.high_x < min(x1, x2) - LINE_UP_GAP or other.low_x > max(x1, x2) + LINE_UP_GAP
                        or other.high_y < min(y1, y2) - LINE_UP_GAP or other.low_y > max(y1, y2) + LINE_UP_GAP):
                    continue
                gap = _end_to_end(segment, other.segment)
                if gap is not None and gap < LINE_UP_GAP and not self._symbol_between(segment, other.segment):
                    return False
        return True

    def _symbol_between(self, a: tuple[Point, Point], b: tuple[Point, Point]) -> bool:
        """Whether a symbol stands on the line between two collinear segments."""
        vertical = a[0][0] == a[1][0]
        axis = 1 if vertical else 0
        at = a[0][0] if vertical else a[0][1]
        low = min(max(a[0][axis], a[1][axis]), max(b[0][axis], b[1][axis]))
        high = max(min(a[0][axis], a[1][axis]), min(b[0][axis], b[1][axis]))
        for symbol in self.symbols:
            box = symbol.box
            across = (box.x <= at <= box.right) if vertical else (box.y <= at <= box.bottom)
            along = box.cy if vertical else box.cx
            if across and low <= along <= high:
                return True
        return False


def _length(segment: tuple[Point, Point]) -> int:
    (x1, y1), (x2, y2) = segment
    return abs(x2 - x1) + abs(y2 - y1)


def _manhattan(a: Point, b: Point) -> int:
    return abs(a[0] - b[0]) + abs(a[1] - b[1])


def _end_to_end(a: tuple[Point, Point], b: tuple[Point, Point]) -> int | None:
    """The empty stretch between two segments on one line that do not share any length;
    None when they are not on one line or overlap."""
    spans = _on_one_line(a, b)
    if spans is None or _length(a) == 0 or _length(b) == 0:
        return None
    (_, first_end), (second_start, _) = sorted(spans)
    gap = second_start - first_end
    return gap if gap >= 0 else None


def _on_one_line(a: tuple[Point, Point], b: tuple[Point, Point]) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The two segments' extents along their common line, when both run on one line (the
    same direction, nearer than the overlap tolerance); else None."""
    (ax1, ay1), (ax2, ay2) = a
    (bx1, by1), (bx2, by2) = b
    if (ax1 == ax2) != (bx1 == bx2):
        return None
    if ax1 == ax2:
        if abs(ax1 - bx1) >= OVERLAP_TOLERANCE:
            return None
        return (min(ay1, ay2), max(ay1, ay2)), (min(by1, by2), max(by1, by2))
    if abs(ay1 - by1) >= OVERLAP_TOLERANCE:
        return None
    return (min(ax1, ax2), max(ax1, ax2)), (min(bx1, bx2), max(bx1, bx2))


MISREAD_TRIES = 200  # clear paths a reader would misread, before the search gives up on one
HAIRPIN = 6 * MM  # a U-turn narrower than this reads as a line doubled back on itself
BESIDE_EXIT = 5 * MM  # an arrow entering a diamond this near an exit seems to join that branch
LINE_UP_GAP = 15 * MM  # unrelated arrows on one line nearer than this read as one


@dataclass(frozen=True)
class _Placed:
    """One segment of a routed arrow, with what the rules above need to know of it."""

    segment: tuple[Point, Point]
    source: int
    target: int
    branch: int | None
    last: bool  # the arrow's last segment: its head is at the end
    near_end: bool  # one of the arrow's last two segments
    low_x: int  # its extent, for the quick test of segments far apart
    high_x: int
    low_y: int
    high_y: int
    first: bool = False  # the arrow's first segment: it leaves its source at its start


def _grown(box: Box, by: int) -> tuple[int, int, int, int]:
    """A box's left, right, top and bottom, `by` farther out on every side."""
    return box.x - by, box.x + box.w + by, box.y - by, box.y + box.h + by


HOP = 6 * MM // 10  # radius of a bridge where one arrow jumps over another
HOP_MARGIN = HOP + 4 * MM // 10  # a bridge keeps this far from a segment's ends


def _crossing(a: tuple[Point, Point], b: tuple[Point, Point]) -> Point | None:
    """Where a horizontal and a vertical segment cross inside both (not at an end)."""
    if (a[0][1] == a[1][1]) == (b[0][1] == b[1][1]):
        return None
    horizontal, vertical = (a, b) if a[0][1] == a[1][1] else (b, a)
    x, y = vertical[0][0], horizontal[0][1]
    (hx1, _), (hx2, _) = horizontal
    (_, vy1), (_, vy2) = vertical
    if min(hx1, hx2) < x < max(hx1, hx2) and min(vy1, vy2) < y < max(vy1, vy2):
        return x, y
    return None


def _bridgeable(segment: tuple[Point, Point], point: Point, last: bool) -> bool:
    """Whether a bridge at this point fits on the segment, clear of its ends and of the
    arrowhead at the end of an arrow's last segment."""
    (x1, y1), (x2, y2) = segment
    along = abs(point[0] - x1) + abs(point[1] - y1)
    length = abs(x2 - x1) + abs(y2 - y1)
    return along >= HOP_MARGIN and length - along >= HOP_MARGIN + (HEAD_ROOM if last else 0)


def bridges(arrows: list[Arrow]) -> list[Arrow]:
    """The arrows of one page with a bridge wherever two of them cross: the horizontal
    segment jumps the vertical one where it has room, else the vertical one jumps; bridges
    nearer than a hop's width on one segment become one wider bridge."""
    hops: dict[tuple[int, int], list[int]] = {}  # (arrow, segment) -> positions along it
    for a, arrow in enumerate(arrows):
        for b in range(a + 1, len(arrows)):
            for i, first in enumerate(arrow.segments()):
                for j, second in enumerate(arrows[b].segments()):
                    point = _crossing(first, second)
                    if point is None:
                        continue
                    ends = [(a, i, first, i == len(arrow.points) - 2),
                            (b, j, second, j == len(arrows[b].points) - 2)]
                    ends.sort(key=lambda e: e[2][0][1] != e[2][1][1])  # horizontal first
                    for index, k, segment, last in ends:
                        if _bridgeable(segment, point, last):
                            horizontal = segment[0][1] == segment[1][1]
                            hops.setdefault((index, k), []).append(point[0 if horizontal else 1])
                            break
    result = []
    for a, arrow in enumerate(arrows):
        spans = []
        for k, (start, end) in enumerate(arrow.segments()):
            axis = 0 if start[1] == end[1] else 1
            sign = 1 if end[axis] > start[axis] else -1
            merged: list[list[int]] = []
            for at in sorted(hops.get((a, k), []), key=lambda v: sign * v):
                low, high = at - sign * HOP, at + sign * HOP
                if merged and sign * (low - merged[-1][1]) < HOP // 2:
                    merged[-1][1] = high
                else:
                    merged.append([low, high])
            spans += [(k, low, high) for low, high in merged]
        result.append(dataclasses.replace(arrow, bridges=tuple(spans)))
    return result


def _simplify(points: list[Point]) -> tuple[Point, ...]:
    clean: list[Point] = []
    for point in points:
        if clean and clean[-1] == point:
            continue
        if len(clean) >= 2 and (clean[-2][0] == clean[-1][0] == point[0]
                                or clean[-2][1] == clean[-1][1] == point[1]):
            clean[-1] = point
            continue
        clean.append(point)
    return tuple(clean)


def _direction(segment: tuple[Point, Point]) -> str:
    (x1, y1), (x2, y2) = segment
    if x1 == x2:
        return "down" if y2 > y1 else "up"
    return "right" if x2 > x1 else "left"


def _opposite(side: str) -> str:
    return {"down": "up", "up": "down", "left": "right", "right": "left"}[side]


def _lead_room(symbol: Symbol, middle: int) -> Box:
    """The symbol's box, for a connector with the stretch its arrow runs through before
    it may turn (below one at the top of a page, above one at the bottom)."""
    box = symbol.box
    if symbol.shape is not Shape.CONNECTOR:
        return box
    if box.cy < middle:
        return Box(box.x, box.y, box.w, box.h + HEAD_ROOM)
    return Box(box.x, box.y - HEAD_ROOM, box.w, box.h + HEAD_ROOM)


def touches(segment: tuple[Point, Point], box: Box, clear: int) -> bool:
    (x1, y1), (x2, y2) = segment
    left, right = min(x1, x2), max(x1, x2)
    top, bottom = min(y1, y2), max(y1, y2)
    return (left <= box.right + clear and right >= box.x - clear
            and top <= box.bottom + clear and bottom >= box.y - clear)


OVERLAP_TOLERANCE = 8 * MM // 10  # parallel lines nearer than this read as one
MEET_TOLERANCE = 5 * MM // 10  # a line ending nearer than this to another seems to join it


def _meet(a: tuple[Point, Point], b: tuple[Point, Point]) -> bool:
    """Two perpendicular segments that touch or nearly touch: a T or a shared corner,
    which reads as one arrow forking into the other."""
    if (a[0][0] == a[1][0]) == (b[0][0] == b[1][0]):
        return False
    t = MEET_TOLERANCE
    return (min(a[0][0], a[1][0]) - t <= max(b[0][0], b[1][0]) and
            min(b[0][0], b[1][0]) - t <= max(a[0][0], a[1][0]) and
            min(a[0][1], a[1][1]) - t <= max(b[0][1], b[1][1]) and
            min(b[0][1], b[1][1]) - t <= max(a[0][1], a[1][1]))


def overlap(a: tuple[Point, Point], b: tuple[Point, Point]) -> bool:
    """Two collinear segments closer than the tolerance that share some length."""
    spans = _on_one_line(a, b)
    if spans is None:
        return False
    (a_low, a_high), (b_low, b_high) = spans
    return min(a_high, b_high) - max(a_low, b_low) > MM // 5
