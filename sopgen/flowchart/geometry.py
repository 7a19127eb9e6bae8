"""The flowchart's geometry as data: units (EMU, points, twips), paper, the text style,
and the types a Diagram is made of (boxes, columns, symbols, arrows, labels, rows,
pages), with the sizes every stage of the layout agrees on. Nothing here decides where
anything goes; `layout` and `route` do."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import Enum

from ..errors import SopgenError

MM = 36000
PT = 12700
TWIP = 635  # Word sizes table grid columns and row heights in twips

PAPERS = {"F4": (215 * MM, 330 * MM), "A4": (210 * MM, 297 * MM)}
WORD_CELL_MARGIN = 108 * TWIP  # Word's default left and right cell margin (0.19 cm)


class LayoutError(SopgenError):
    """A SOP that cannot be drawn within the page (too many actors, a step too long)."""

    def __init__(self, message: str, path=None, step: int | None = None):
        super().__init__(message)
        self.path = path  # the SOP file, once known
        self.step = step  # the step it is about, when it is about one


def to_twips(emu: int) -> int:
    return emu // TWIP


def twip_floor(emu: int) -> int:
    return emu - emu % TWIP


def twip_ceil(emu: int) -> int:
    return -(-emu // TWIP) * TWIP


@dataclass(frozen=True)
class PageSetup:
    width: int
    height: int
    margin_left: int
    margin_right: int
    margin_top: int
    margin_bottom: int
    header: int  # distance of the header from the top edge
    footer: int  # distance of the footer from the bottom edge

    @property
    def content_width(self) -> int:
        return self.width - self.margin_left - self.margin_right

    @property
    def content_height(self) -> int:
        return self.height - self.margin_top - self.margin_bottom

    @property
    def landscape(self) -> bool:
        return self.width > self.height


# A signing portal stamps every page: a QR at the bottom left (16 mm high with its margin)
# and two lines of text across (10 mm): a book for an electronic signature keeps the body
# above TTE_BAND_LEFT and the page number above TTE_BAND
TTE_BAND_LEFT, TTE_BAND = 16 * MM, 10 * MM
TTE_BAND_LEFT_WIDTH = 60 * MM  # how far from the left edge the QR and its margin reach


def landscape(paper: str, tte: bool = False) -> PageSetup:
    """The SOP pages' paper; `tte`: with the signing portal's band at the bottom kept
    free (the portrait pages' margins already keep it)."""
    short, long = PAPERS[paper]
    if tte:
        return PageSetup(long, short, 15 * MM, 15 * MM, 15 * MM, TTE_BAND_LEFT + 2 * MM, 8 * MM,
                         TTE_BAND + 1 * MM)
    return PageSetup(long, short, 15 * MM, 15 * MM, 15 * MM, 15 * MM, 8 * MM, 8 * MM)


def portrait(paper: str) -> PageSetup:
    short, long = PAPERS[paper]
    return PageSetup(short, long, 30 * MM, 25 * MM, 25 * MM, 25 * MM, 12 * MM, 12 * MM)


@dataclass(frozen=True)
class Style:
    """Sizes shared by the layout and the renderer (they must agree to the EMU)."""

    font: str = "Arial"
    size: float = 9  # table text, pt
    header_size: float = 9
    actor_size: float = 8  # actor names in the second header row (shrinks along ACTOR_SIZES)
    actor_vertical: bool = False  # names written bottom to top, where many actors make narrow columns
    label_size: float = 8  # branch labels ("Ya" / "Tidak") and connector letters
    line: int = 11 * PT  # exact line pitch of table text
    header_line: int = 10 * PT  # exact line pitch of actor names
    label_line: int = 19 * PT // 2
    cell_margin: int = 1 * MM + 18 * TWIP  # left and right padding of text cells
    pad_top: int = 2 * PT
    pad_bottom: int = 3 * PT
    label_reach: int = 6 * MM  # a label is never farther than this from its exit (Manhattan)


# --- geometry ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Box:
    x: int
    y: int
    w: int
    h: int

    @property
    def right(self) -> int:
        return self.x + self.w

    @property
    def bottom(self) -> int:
        return self.y + self.h

    @property
    def cx(self) -> int:
        return self.x + self.w // 2

    @property
    def cy(self) -> int:
        return self.y + self.h // 2


class Shape(Enum):
    TERMINATOR = "flowChartTerminator"
    PROCESS = "flowChartProcess"
    DECISION = "flowChartDecision"
    CONNECTOR = "flowChartOffpageConnector"


@dataclass(frozen=True)
class Column:
    key: str  # no, kegiatan, actor, kelengkapan, waktu, output, keterangan
    title: str
    x: int
    width: int


@dataclass(frozen=True)
class Symbol:
    id: int
    shape: Shape
    box: Box
    row: int  # index of its row on the page
    column: int  # index into Diagram.columns
    step: int | None  # the step it draws; None for a connector
    text: str | None = None  # the connector's letter
    # a connector of a loop back to an earlier page points up, the way that loop flows: its
    # arrow enters the flat side from below and leaves the tip upwards on the earlier page
    upward: bool = False


Point = tuple[int, int]


@dataclass(frozen=True)
class Arrow:
    points: tuple[Point, ...]
    source: int  # symbol ids
    target: int
    # (segment index, from, to): where the segment jumps another arrow, as coordinates
    # along the segment's axis in the direction of travel
    bridges: tuple[tuple[int, int, int], ...] = ()

    def segments(self) -> list[tuple[Point, Point]]:
        return list(zip(self.points, self.points[1:]))


@dataclass(frozen=True)
class Label:
    lines: tuple[str, ...]
    box: Box
    source: int = -1  # the symbol its branch leaves
    targets: tuple[int, ...] = ()  # the symbols its branch's arrows end at
    size: float | None = None  # pt, when smaller than the style's (a narrow column)
    on_line: bool = False  # set on its own line, which it breaks (drawn over it, opaque)


@dataclass(frozen=True)
class Row:
    step: int
    y: int  # from the top of this page's table
    height: int
    zone_top: int  # room for an incoming off-page connector
    zone_bottom: int  # room for an outgoing one
    cells: dict[str, tuple[str, ...]] = field(hash=False, compare=False)  # paragraphs per column
    lines: dict[str, tuple[str, ...]] = field(hash=False, compare=False)  # the same, as wrapped lines

    @property
    def band(self) -> tuple[int, int]:
        """Where the step's symbols sit: the row less its connector zones."""
        return self.y + self.zone_top, self.y + self.height - self.zone_bottom


@dataclass(frozen=True)
class Page:
    rows: tuple[Row, ...]
    symbols: tuple[Symbol, ...]
    arrows: tuple[Arrow, ...]
    labels: tuple[Label, ...]

    def row_at(self, y: int) -> int:
        """Index of the row holding this y (the last row for its bottom edge)."""
        for index, row in enumerate(self.rows):
            if y < row.y + row.height:
                return index
        return len(self.rows) - 1


@dataclass(frozen=True)
class Diagram:
    setup: PageSetup
    style: Style
    columns: tuple[Column, ...]
    header_heights: tuple[int, int]
    pages: tuple[Page, ...]

    @property
    def actor_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.key == "actor")

    @property
    def actor_area(self) -> tuple[int, int]:
        return actor_area(self.columns)

    @property
    def header_height(self) -> int:
        return sum(self.header_heights)


def actor_area(columns: tuple[Column, ...]) -> tuple[int, int]:
    """From the left edge of the first actor column to the right edge of the last."""
    actors = [c for c in columns if c.key == "actor"]
    return actors[0].x, actors[-1].x + actors[-1].width


# --- sizes -----------------------------------------------------------------------------------

MAX_ACTORS = 16  # the most real offices draw (Basarnas: 15); past 8 the names stand upright
LYING_ACTORS = 8  # up to this many actors, their names lie in the header as text does
ACTOR_NARROW = 13 * MM  # an actor column with an upright name: a symbol and a lane each side
TEXT_SQUEEZE = 0.75  # how far the text columns give way to many actors
NAME_LENGTH_MAX = 45 * MM  # how tall the header may grow for upright names
TEXT_SHARES = {"no": 3, "kegiatan": 19, "kelengkapan": 11, "waktu": 7, "output": 11, "keterangan": 12}
TEXT_MIN = {"no": 8 * MM, "kegiatan": 35 * MM, "kelengkapan": 20 * MM, "waktu": 15 * MM,
            "output": 20 * MM, "keterangan": 20 * MM}
TITLES = {"no": "No", "kegiatan": "Kegiatan", "kelengkapan": "Kelengkapan", "waktu": "Waktu",
          "output": "Output", "keterangan": "Keterangan"}
ACTOR_MIN, ACTOR_MAX = 16 * MM, 32 * MM
ACTOR_SIZES = (8, 7.5, 7)  # actor names shrink this far, then wrap between words
HEADER_MARGIN = MM // 2  # left and right padding of the actor name cells

SYMBOL_H = 7 * MM
DECISION_H = 10 * MM
CONNECTOR = 6 * MM
GAP_Y = 5 * MM  # free height above and below a symbol inside its row
ZONE = 9 * MM  # height reserved for an off-page connector
CLEAR = 8 * MM // 10  # no arrow comes nearer than this to a symbol it does not touch
LANE_FIRST = 10 * MM // 10  # first lane beside a symbol
LANE_PITCH = 9 * MM // 10
LANE_EDGE = 15 * MM // 10  # no lane nearer than this to a table border
SIDE_ROOM = 45 * MM // 10  # free width on each side of a symbol in its column
HEAD_ROOM = 22 * MM // 10  # an arrow's last segment is at least this long: room for its head
PAGE_SLACK = 3 * MM  # the separator paragraph between page tables, and rounding
# the line above each page's table naming the SOP: a loose page can be traced to its SOP
CAPTION_SIZE = 8  # pt
CAPTION_LINE = 10 * PT  # its exact line pitch, taken from the table's room on every page


def label_line(style: "Style", size: float | None) -> int:
    """The line pitch of a label set at `size` (the style's pitch, scaled)."""
    if size is None or size == style.label_size:
        return style.label_line
    return round(style.label_line * size / style.label_size)


def box_distance(box: Box, segment: tuple[Point, Point]) -> float:
    """The shortest distance between a box and an axis-parallel segment."""
    (x1, y1), (x2, y2) = segment
    dx = max(box.x - max(x1, x2), min(x1, x2) - box.right, 0)
    dy = max(box.y - max(y1, y2), min(y1, y2) - box.bottom, 0)
    return math.hypot(dx, dy)


def box_point_distance(box: Box, point: Point) -> int:
    """Manhattan distance from a point to the nearest point of a box."""
    x, y = point
    dx = max(box.x - x, 0, x - box.right)
    dy = max(box.y - y, 0, y - box.bottom)
    return dx + dy


def grown_box(box: Box, by: int) -> Box:
    return Box(box.x - by, box.y - by, box.w + 2 * by, box.h + 2 * by)


def boxes_meet(a: Box, b: Box) -> bool:
    return a.x < b.right and b.x < a.right and a.y < b.bottom and b.y < a.bottom
