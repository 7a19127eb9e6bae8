"""The printed page, whatever drew it: words, ink lines, closed regions and arrowheads in
points, top-left origin. A reader (pdf.py, and later OCR) turns its document's marks into
a `Page`; reading.py reads the SOP from pages without knowing who drew them.

The geometry here turns the ways writers draw the same thing into one thing:

- a table rule may be a stroked line, a thin filled rectangle or one rectangle of a
  filled path of many: each becomes a `Segment` on its centre line;
- an arrow's shaft may be a stroked polyline or a thin filled band (one band, bent or
  straight, with its head in the same filled path): each becomes `Segment`s too;
- a symbol may be a stroked outline, or a filled ring (outer and inner contour): each
  becomes a `Region`, classified by the geometry of its outer contour.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, field

Point = tuple[float, float]

NEAR = 2.0  # pt: two line ends this close are one joint
THIN = 2.5  # pt: a filled shape no thicker than this is a line
SYMBOL = 5.0  # pt: the smallest side of a symbol
HEAD = 12.0  # pt: the largest side of an arrowhead
# the e-signing stamp's footer sentences (BSrE), never an SOP's words: "Dokumen ini telah
# ditandatangani secara elektronik menggunakan sertifikat elektronik yang diterbitkan oleh
# Balai Sertifikasi Elektronik (BSrE), BSSN" and "Pindai kode QR ... menampilkan file asli";
# a step that says "Menandatangani secara elektronik" is no stamp
STAMP = re.compile(r"Dokumen\s+ini\s+telah\s+ditandatangani|ditandatangani\s+secara\s+elektronik\s+menggunakan"
                   r"|Balai\s+Sertifikasi\s+Elektronik|\(BSrE\)|Pindai\s+kode\s+QR|menampilkan\s+file\s+asli",
                   re.IGNORECASE)


@dataclass(frozen=True)
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass(frozen=True)
class Segment:
    """A straight piece of ink, on its centre line."""

    x0: float
    y0: float
    x1: float
    y1: float
    dashed: bool = False

    @property
    def horizontal(self) -> bool:
        return abs(self.y1 - self.y0) <= 1.0 and abs(self.x1 - self.x0) > abs(self.y1 - self.y0)

    @property
    def vertical(self) -> bool:
        return abs(self.x1 - self.x0) <= 1.0 and abs(self.y1 - self.y0) > abs(self.x1 - self.x0)

    @property
    def ends(self) -> tuple[Point, Point]:
        return (self.x0, self.y0), (self.x1, self.y1)

    @property
    def length(self) -> float:
        return math.hypot(self.x1 - self.x0, self.y1 - self.y0)

    def distance(self, point: Point) -> float:
        (ax, ay), (bx, by), (px, py) = (self.x0, self.y0), (self.x1, self.y1), point
        dx, dy = bx - ax, by - ay
        span = dx * dx + dy * dy
        t = 0.0 if span == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / span))
        return math.hypot(ax + t * dx - px, ay + t * dy - py)


@dataclass
class Region:
    """A closed shape: terminator, proses, keputusan, konektor (off-page, five-sided),
    lingkaran (on-page connector)."""

    kind: str
    x0: float
    y0: float
    x1: float
    y1: float
    text: str = ""

    @property
    def center(self) -> Point:
        return (self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2

    def gap(self, point: Point) -> float:
        """How far a point is from the region's box (0 inside)."""
        px, py = point
        dx = max(self.x0 - px, 0.0, px - self.x1)
        dy = max(self.y0 - py, 0.0, py - self.y1)
        return math.hypot(dx, dy)

    def holds(self, x: float, y: float) -> bool:
        return self.x0 <= x <= self.x1 and self.y0 <= y <= self.y1


@dataclass(frozen=True)
class Head:
    """An arrowhead: its corners (a filled triangle, or the ends and joint of an open V)."""

    points: tuple[Point, ...]
    tip: Point | None = None  # known where the head is an open V; else the corner away from its shaft

    @property
    def center(self) -> Point:
        return (sum(p[0] for p in self.points) / len(self.points), sum(p[1] for p in self.points) / len(self.points))


@dataclass
class Page:
    number: int  # from 0
    width: float
    height: float
    words: list[Word] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    regions: list[Region] = field(default_factory=list)
    heads: list[Head] = field(default_factory=list)
    pictures: list[tuple[float, float, float, float]] = field(default_factory=list)  # raster images
    links: list[tuple[Region, Region]] = field(default_factory=list)  # arrows known by the shapes they join
    arrows: list[tuple[Point, ...]] = field(default_factory=list)  # arrows drawn as objects, toward the head

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    def words_in(self, x0: float, x1: float, y0: float, y1: float) -> list[Word]:
        return [w for w in self.words if x0 <= w.cx <= x1 and y0 <= w.cy <= y1]

    def lines_in(self, x0: float, x1: float, y0: float, y1: float) -> list[list[Word]]:
        return text_lines(self.words_in(x0, x1, y0, y1))


def text_lines(words: list[Word]) -> list[list[Word]]:
    """Words as printed lines, top to bottom, each left to right."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.cy, w.x0)):
        line = next((line for line in reversed(lines[-3:]) if abs(line[0].cy - word.cy) < 0.45 * (word.y1 - word.y0)
                     or abs(line[-1].y1 - word.y1) < 1.2), None)
        if line is None:
            lines.append([word])
        else:
            line.append(word)
    for line in lines:
        line.sort(key=lambda w: w.x0)
    lines.sort(key=lambda line: min(w.y0 for w in line))
    return lines


def line_text(line: list[Word]) -> str:
    return " ".join(w.text for w in line)


def without_stamp(lines: list[list[Word]]) -> list[Word]:
    """The words of the lines (as their writer set them: a PDF's own text lines, which
    keep the stamp apart from a cell's text overflowing onto it) less the e-signing
    stamp's footer lines."""
    return [w for line in lines if not STAMP.search(line_text(line)) for w in line]


def without_underlines(segments: list[Segment], words: list[Word]) -> list[Segment]:
    """The segments less the lines that underline text (a signer's name is printed
    underlined): a horizontal line under one printed line, from its first word's start to
    its last word's end, is the text's decoration, never a table rule or an arrow."""
    by_band: dict[int, list[Word]] = {}
    for word in words:
        by_band.setdefault(int(word.y1 // 10), []).append(word)
    kept = []
    for segment in segments:
        if segment.horizontal and not segment.dashed:
            band = int(segment.y0 // 10)
            near = [w for b in (band - 1, band, band + 1) for w in by_band.get(b, ())
                    if w.cy < segment.y0 <= w.y1 + 0.3 * (w.y1 - w.y0)
                    and w.x1 > segment.x0 and w.x0 < segment.x1]
            if near and abs(min(w.x0 for w in near) - segment.x0) <= NEAR \
                    and abs(max(w.x1 for w in near) - segment.x1) <= NEAR:
                continue
        kept.append(segment)
    return kept


def cells_as_rules(page: Page) -> None:
    """A table drawn cell by cell, each cell a rectangle of its own (Visio-like exports):
    rectangles that share a side with another are cells, and their sides the table's
    rules. A flowchart's box stands inside its cell with room around it, and a box that
    hugs one line of text is that line's shading, not a cell."""
    by_height = sorted(page.words, key=lambda w: w.cy)
    heights = [w.cy for w in by_height]

    def hugs_a_line(box: Region) -> bool:
        band = by_height[bisect.bisect_left(heights, box.y0):bisect.bisect_right(heights, box.y1)]
        inside = [w for w in band if box.x0 <= w.cx <= box.x1]
        return bool(inside) and box.y1 - box.y0 < 1.25 * max(w.y1 - w.y0 for w in inside)

    boxes = [r for r in page.regions if r.kind == "proses" and not hugs_a_line(r)]
    by_left: dict[int, list[Region]] = {}
    by_top: dict[int, list[Region]] = {}
    for box in boxes:
        by_left.setdefault(round(box.x0), []).append(box)
        by_top.setdefault(round(box.y0), []).append(box)

    def beside(a: Region, b: Region) -> bool:  # b right of a, a side shared over most of the shorter
        return abs(a.x1 - b.x0) <= 1 and min(a.y1, b.y1) - max(a.y0, b.y0) > 0.5 * min(a.y1 - a.y0, b.y1 - b.y0)

    def below(a: Region, b: Region) -> bool:
        return abs(a.y1 - b.y0) <= 1 and min(a.x1, b.x1) - max(a.x0, b.x0) > 0.5 * min(a.x1 - a.x0, b.x1 - b.x0)

    cells: set[int] = set()
    for a in boxes:
        for key in (round(a.x1) - 1, round(a.x1), round(a.x1) + 1):
            for b in by_left.get(key, ()):
                if b is not a and beside(a, b):
                    cells.update((id(a), id(b)))
        for key in (round(a.y1) - 1, round(a.y1), round(a.y1) + 1):
            for b in by_top.get(key, ()):
                if b is not a and below(a, b):
                    cells.update((id(a), id(b)))
    if not cells:
        return
    for box in boxes:
        if id(box) in cells:
            page.segments += [Segment(box.x0, box.y0, box.x1, box.y0), Segment(box.x0, box.y1, box.x1, box.y1),
                              Segment(box.x0, box.y0, box.x0, box.y1), Segment(box.x1, box.y0, box.x1, box.y1)]
    page.regions = [r for r in page.regions if id(r) not in cells]


def open_heads(page: Page) -> None:
    """Arrowheads drawn as two short strokes of their own, meeting at the tip where a
    shaft ends (">" at a line's end): a head, not two more lines."""
    ends: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for i, segment in enumerate(page.segments):
        for end in (0, 1):
            x, y = segment.ends[end]
            ends.setdefault((round(x), round(y)), []).append((i, end))
    used: set[int] = set()
    for i, shaft in enumerate(page.segments):
        if shaft.length <= HEAD or i in used:
            continue
        for end in (0, 1):
            tip, back = shaft.ends[end], shaft.ends[1 - end]
            strokes = [(j, e) for gx in (-1, 0, 1) for gy in (-1, 0, 1)
                       for j, e in ends.get((round(tip[0]) + gx, round(tip[1]) + gy), ())
                       if j != i and j not in used and page.segments[j].length <= 9
                       and math.dist(page.segments[j].ends[e], tip) <= 0.6]
            if len(strokes) != 2:
                continue
            wings = [page.segments[j].ends[1 - e] for j, e in strokes]
            angles = [_angle(back, tip, wing) for wing in wings]
            if all(15 <= a <= 60 for a in angles) and _side(back, tip, wings[0]) != _side(back, tip, wings[1]):
                used.update(j for j, _ in strokes)
                page.heads.append(Head((wings[0], tip, wings[1]), tip=tip))
    page.segments = [s for i, s in enumerate(page.segments) if i not in used]


def _angle(back: Point, tip: Point, wing: Point) -> float:
    """The angle at the tip between the shaft (back to tip) and a wing (tip to wing end),
    measured against the shaft coming back: a head's wing leans 20-45 degrees off it."""
    sx, sy = back[0] - tip[0], back[1] - tip[1]
    wx, wy = wing[0] - tip[0], wing[1] - tip[1]
    norm = math.hypot(sx, sy) * math.hypot(wx, wy)
    return math.degrees(math.acos(max(-1.0, min(1.0, (sx * wx + sy * wy) / norm)))) if norm else 180.0


def _side(back: Point, tip: Point, point: Point) -> bool:
    return (tip[0] - back[0]) * (point[1] - back[1]) - (tip[1] - back[1]) * (point[0] - back[0]) > 0


# --- turning drawn paths into segments, regions and heads -----------------------------------------

def area(points: list[Point]) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1]))) / 2


def bounds(points) -> tuple[float, float, float, float]:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def corners(points: list[Point], tolerance: float = 0.6) -> list[Point]:
    """A closed contour's corners: repeated points and points on a straight run dropped."""
    kept: list[Point] = []
    for point in points:
        if not kept or math.hypot(point[0] - kept[-1][0], point[1] - kept[-1][1]) > tolerance:
            kept.append(point)
    if len(kept) > 1 and math.hypot(kept[0][0] - kept[-1][0], kept[0][1] - kept[-1][1]) <= tolerance:
        kept.pop()
    changed = True
    while changed and len(kept) > 3:
        changed = False
        for i in range(len(kept)):
            a, b, c = kept[i - 1], kept[i], kept[(i + 1) % len(kept)]
            cross = (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0])
            if abs(cross) <= tolerance * max(math.hypot(c[0] - a[0], c[1] - a[1]), 1.0):
                del kept[i]
                changed = True
                break
    return kept


def classify(points: list[Point], curved: bool) -> str | None:
    """What a closed outer contour is, from its geometry: a diamond fills half its box, a
    box all of it, a five-cornered shape is an off-page connector, a rounded one a
    terminator, or, as wide as high, an on-page connector."""
    x0, y0, x1, y1 = bounds(points)
    w, h = x1 - x0, y1 - y0
    if min(w, h) < SYMBOL:
        return None
    fill = area(points) / (w * h)
    shape = corners(points)
    rounded = curved or len(shape) > 8 or len(points) > 16  # curves some writers flatten into many short lines
    if fill < 0.62 and len(shape) == 4:
        return "keputusan"
    if fill < 0.62:
        return None
    if rounded:
        return "lingkaran" if 0.8 < w / h < 1.25 and fill < 0.86 else "terminator"
    if len(shape) == 5:
        return "konektor"
    if len(shape) == 4 and fill > 0.9:
        return "proses"
    if len(shape) in (6, 7, 8):
        return "terminator"  # a box with cut or rounded corners drawn with lines
    return None


def band_centerline(points: list[Point]) -> list[Segment]:
    """A thin filled band (a line drawn as a filled outline, straight or bent) as the
    segments of its centre line: each long edge paired with the parallel edge across."""
    edges = [(a, b) for a, b in zip(points, points[1:] + points[:1]) if math.hypot(b[0] - a[0], b[1] - a[1]) > 1.0]
    found: list[Segment] = []
    used: set[int] = set()
    for i, (a, b) in enumerate(edges):
        if i in used:
            continue
        length = math.hypot(b[0] - a[0], b[1] - a[1])
        ux, uy = (b[0] - a[0]) / length, (b[1] - a[1]) / length
        best = None
        for j, (c, d) in enumerate(edges):
            if j == i or j in used:
                continue
            other = math.hypot(d[0] - c[0], d[1] - c[1])
            vx, vy = (d[0] - c[0]) / other, (d[1] - c[1]) / other
            if ux * vx + uy * vy > -0.995:
                continue  # not antiparallel
            across = abs((c[0] - a[0]) * uy - (c[1] - a[1]) * ux)
            if across > THIN:
                continue
            # the overlap of both edges along the direction of the first
            t = sorted([0.0, length])
            s = sorted([(c[0] - a[0]) * ux + (c[1] - a[1]) * uy, (d[0] - a[0]) * ux + (d[1] - a[1]) * uy])
            lo, hi = max(t[0], s[0]), min(t[1], s[1])
            if hi - lo < 0.5 and min(length, other) > 1.5:
                continue
            if best is None or across < best[0]:
                best = (across, j, lo, hi, c)
        if best is None:
            continue
        across, j, lo, hi, c = best
        used.update((i, j))
        nx, ny = -uy, ux
        side = (c[0] - a[0]) * nx + (c[1] - a[1]) * ny
        ox, oy = a[0] + nx * side / 2, a[1] + ny * side / 2
        found.append(Segment(ox + ux * lo, oy + uy * lo, ox + ux * hi, oy + uy * hi))
    return found


def thin_rect(x0: float, y0: float, x1: float, y1: float) -> Segment | None:
    w, h = x1 - x0, y1 - y0
    if min(w, h) > THIN or max(w, h) < 1.0:
        return None
    if w >= h:
        return Segment(x0, (y0 + y1) / 2, x1, (y0 + y1) / 2)
    return Segment((x0 + x1) / 2, y0, (x0 + x1) / 2, y1)


def is_head(points: list[Point]) -> bool:
    shape = corners(points, 0.3)
    x0, y0, x1, y1 = bounds(points)
    if not (3 <= len(shape) <= 4 and 2.0 <= max(x1 - x0, y1 - y0) <= HEAD):
        return False
    if len(shape) == 4 and _parallelogram(shape):
        return False  # a short piece of shaft, slanted a little
    perimeter = sum(math.hypot(b[0] - a[0], b[1] - a[1]) for a, b in zip(shape, shape[1:] + shape[:1]))
    return 2 * area(shape) / perimeter > 0.6  # a head is a fat triangle, never a thin band


def _parallelogram(shape: list[Point]) -> bool:
    def parallel(a: Point, b: Point, c: Point, d: Point) -> bool:
        ux, uy, vx, vy = b[0] - a[0], b[1] - a[1], d[0] - c[0], d[1] - c[1]
        norm = math.hypot(ux, uy) * math.hypot(vx, vy)
        return bool(norm) and abs(ux * vy - uy * vx) / norm < 0.15

    a, b, c, d = shape
    return parallel(a, b, d, c) and parallel(b, c, a, d)


def contains(outer: tuple[float, float, float, float], inner: tuple[float, float, float, float],
             inset: float = 4.0) -> bool:
    """The inner box lies just inside the outer one (a ring's two contours)."""
    return (outer[0] - 0.1 <= inner[0] <= outer[0] + inset and outer[1] - 0.1 <= inner[1] <= outer[1] + inset
            and outer[2] - inset <= inner[2] <= outer[2] + 0.1 and outer[3] - inset <= inner[3] <= outer[3] + 0.1)
