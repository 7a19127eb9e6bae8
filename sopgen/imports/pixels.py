"""A page image (a scan, a phone photo, a flowchart pasted in as a picture) -> a `Page`,
as pdf.py makes one from vector marks, so that reading.py reads the SOP the same way.

From the pixels:

- the page is deskewed by the median angle of its long near-horizontal lines (the table
  rules);
- lines are the long straight runs of ink (a morphological opening with a 12 pt long
  kernel, across and down), each a `Segment` on its centre line: table rules and arrow
  shafts alike, as the vector reader gives them;
- symbols are the closed outlines that are not table cells (a hole in the ink whose top
  or bottom edge is not a rule running past it), classified by `page.classify` from the
  polygon of their outline;
- arrowheads are the small solid triangles left where the lines are taken away;
- words come from Tesseract (language `ind`) on the image with the lines whited out, each
  with its confidence: words below CONFIDENT are the reader's doubts (`# periksa`).

Tesseract and OpenCV are the `ocr` extra (`pip install sopgen[ocr]`, and the Tesseract
program with its Indonesian data); without them a scan is refused in one line that says
how to install them.
"""

from __future__ import annotations

import itertools
import math
import os
import re
import shutil
from dataclasses import dataclass, field

from .page import Head, Page, Region, Segment, Word, classify

DPI = 300  # a scan's page is read at this resolution
RUN = 12.0  # pt: the shortest straight run of ink read as a line
CONFIDENT = 80  # Tesseract's word confidence (0-100) below which a word is a doubt
PAGE_SECONDS = 120  # Tesseract's limit for one page: a page it cannot read in time is skipped
STROKE = 1.5  # pt: a symbol's outline is about this thick, or thinner
SYMBOL_MAX = (150.0, 80.0)  # pt: a closed outline wider or taller than this is a cell, not a symbol
INSTALL = ("pasang pembaca OCR: pip install sopgen[ocr], dan program Tesseract dengan data bahasa"
           " Indonesia (Debian/Ubuntu: apt install tesseract-ocr tesseract-ocr-ind; macOS: brew install"
           " tesseract tesseract-lang; Windows: penginstal Tesseract dari UB Mannheim, centang"
           " Indonesian, lalu tambahkan foldernya ke PATH atau ke variabel SOPGEN_TESSERACT)")


class OcrMissing(Exception):
    """The OCR extra or the Tesseract program is not installed."""


@dataclass
class Reading:
    """A page read from pixels, and what the OCR doubted."""

    page: Page
    doubtful: list[Word] = field(default_factory=list)  # words read below CONFIDENT
    angle: float = 0.0  # degrees the page was turned to stand straight


def available() -> str | None:
    """Why OCR cannot run here (in the users' words), or None when it can."""
    try:
        import cv2  # noqa: F401
        import numpy  # noqa: F401
        import pytesseract
    except ImportError:
        return INSTALL
    command = os.environ.get("SOPGEN_TESSERACT") or shutil.which("tesseract")
    if command is None:
        return INSTALL
    pytesseract.pytesseract.tesseract_cmd = command
    try:
        if "ind" not in pytesseract.get_languages(config=""):
            return "data bahasa Indonesia Tesseract (ind) belum terpasang; " + INSTALL
    except Exception:  # noqa: BLE001 - a broken install says so in its own words
        return INSTALL
    return None


def read_image(gray, number: int, scale: float, origin: tuple[float, float] = (0.0, 0.0),
               stretch: float | None = None) -> Reading:
    """A grey image (numpy, 0-255) as a Page: `scale` pt per pixel across, `stretch` pt
    per pixel down where a picture was pasted out of shape (else `scale`), `origin` the
    image's top left on the page, in pt (a picture inside a text PDF)."""
    import cv2
    import numpy as np

    # one resampling: a picture pasted stretched made square on the page again, and one
    # pasted at a low resolution read as if scanned at DPI
    square = stretch / scale if stretch is not None and abs(stretch - scale) > 0.02 * scale else 1.0
    factor = DPI / 72 * scale if DPI / 72 * scale > 1.2 else 1.0
    if square != 1.0 or factor != 1.0:
        size = (round(gray.shape[1] * factor), round(gray.shape[0] * square * factor))
        gray = cv2.resize(gray, size, interpolation=cv2.INTER_CUBIC if factor > 1 else cv2.INTER_LINEAR)
        scale /= factor
    gray, angle = _deskew(gray)
    height, width = gray.shape
    ink = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 15)
    run = max(8, int(RUN / scale))
    across = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (run, 1)))
    down = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, run)))
    lines = cv2.dilate(across | down, np.ones((3, 3), np.uint8))
    ox, oy = origin

    def pt(x: float, y: float) -> tuple[float, float]:
        return ox + x * scale, oy + y * scale

    segments = _straight(_segments(across, True, pt) + _segments(down, False, pt), ink, across | down, pt, scale)
    outlines = _symbols(ink, segments, pt, scale)
    kept = _overlapping_dropped([region for region, _ in outlines])
    # a symbol's region is its outline's middle, as a drawn shape's path is (the hole is
    # its inner edge); its body, the ink of its own
    regions, bodies = [], np.zeros_like(ink)
    for region, hole in outlines:
        if any(region is k for k in kept):
            stroke = _stroke(ink, hole, round(2 * STROKE / scale))
            grow = stroke * scale / 2
            regions.append(Region(region.kind, region.x0 - grow, region.y0 - grow, region.x1 + grow, region.y1 + grow))
            _body(bodies, hole, stroke)
    regions.sort(key=lambda r: (r.y0, r.x0))
    segments = [s for s in segments if not any(_on_outline(s, r) for r in regions)]
    segments += _stubs(ink, across | down, regions, pt, scale)
    # solid shapes by a global threshold: the adaptive one hollows out what is wider
    # than its window
    _, dark = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    heads = _heads(dark, lines, pt, scale)
    # and the heads a shaft does not run through, left where the lines are taken away
    rest = ink.copy()
    rest[lines > 0] = 0
    heads += [h for h in _halves_joined(_heads(rest, lines, pt, scale, opened=False), segments)
              if not any(_near(h.center, other.center, 2.0) for other in heads)]
    heads += _open_heads(rest & ~bodies, segments, regions, heads, pt, scale)
    # a head lies outside the symbol it points at (a capsule's thick end is none)
    heads = [h for h in heads if not any(r.x0 + 0.5 < h.center[0] < r.x1 - 0.5 and r.y0 + 0.5 < h.center[1] < r.y1 - 0.5
                                         for r in regions)]
    segments = _attached(segments, regions)
    clean = gray.copy()
    clean[lines > 0] = 255  # the rules whited out: Tesseract reads cells, not borders
    words, doubtful = _words(clean, pt)
    # a cell with ink but no word read (a lone step number, a short "Ya") is read alone:
    # the page's sparse-text pass misses what stands by itself in a small cell
    for x, y, w, h in _cells(lines):
        inside = [word for word in words if x * scale + ox <= word.cx <= (x + w) * scale + ox
                  and y * scale + oy <= word.cy <= (y + h) * scale + oy]
        crop = ink[y:y + h, x:x + w] & ~lines[y:y + h, x:x + w]
        if inside or cv2.countNonZero(crop) < max(12, 0.5 / scale * 2.0 / scale):  # a dash, not a speck
            continue
        at = lambda px, py, x=x, y=y: pt(x + px, y + py)  # noqa: E731
        found, doubted = _words(clean[y:y + h, x:x + w], at, single=True)
        if not found:  # a lone mark ("-") Tesseract reads only as a line of its own
            found, doubted = _words(clean[y:y + h, x:x + w], at, single=True, psm=7)
        words += found
        doubtful += doubted
    found, doubted = _missed(clean, rest & ~bodies, words, heads, pt, scale)
    words += found
    doubtful += doubted
    page = Page(number, ox + width * scale, oy + height * scale, words=words, segments=segments,
                regions=regions, heads=heads)
    return Reading(page, doubtful, angle)


def _straight(segments: list[Segment], ink, straight, pt, scale: float) -> list[Segment]:
    """The runs that belong to drawn lines: a run whose ink is mostly curves is a pen's
    stroke (a signature, a handwritten date), however straight that run."""
    import cv2

    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    share = {}
    (ox, oy) = pt(0, 0)
    kept = []
    for segment in segments:
        x = min(labels.shape[1] - 1, int(((segment.x0 + segment.x1) / 2 - ox) / scale))
        y = min(labels.shape[0] - 1, int(((segment.y0 + segment.y1) / 2 - oy) / scale))
        label = labels[y, x]
        if label and label not in share:
            left, top, w, h, area = stats[label]
            mine = labels[top:top + h, left:left + w] == label
            share[label] = cv2.countNonZero(straight[top:top + h, left:left + w] & mine.astype("uint8") * 255) / area
        if not label or share[label] >= 0.4:
            kept.append(segment)
    return kept


def _attached(segments: list[Segment], regions: list[Region]) -> list[Segment]:
    """The lines that meet another line or a symbol at one end at least (an arrow starts
    at its symbol or at the line it branches from). A straight stroke of an ink signature,
    or a name's underline, meets nothing."""
    def meets(segment: Segment, end: tuple[float, float], others: list[Segment]) -> bool:
        # a piece of the same line (an underline the pen ink cut in two) is no meeting
        return any(o is not segment and o.distance(end) <= 2.5 and not _collinear(o, segment) for o in others) \
            or any(r.gap(end) <= 2.5 for r in regions)

    while True:  # a stroke that met only another stroke is alone once that one goes
        kept = [s for s in segments if any(meets(s, end, segments) for end in s.ends)]
        if len(kept) == len(segments):
            return kept
        segments = kept


def _missed(clean, rest, words: list[Word], heads: list[Head], pt, scale: float) -> tuple[list[Word], list[Word]]:
    """Ink of a word's size that no word read covers, read again as lines of their own:
    the page's sparse-text pass misses a lone number before a list item or a time ("5"
    of "5 Menit") standing apart from the rest. All of it is read in one call, the
    pieces stacked one under another."""
    import cv2
    import numpy as np

    (ox, oy), per_pt = pt(0, 0), 1 / scale
    left = rest.copy()
    for word in words + [Word(*_box(h), "") for h in heads]:
        x0, y0 = int((word.x0 - ox) * per_pt) - 2, int((word.y0 - oy) * per_pt) - 2
        x1, y1 = int((word.x1 - ox) * per_pt) + 3, int((word.y1 - oy) * per_pt) + 3
        left[max(0, y0):y1, max(0, x0):x1] = 0
    # letters of one word joined; a piece as tall as a printed line, not a signature's stroke
    joined = cv2.dilate(left, cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, round(2.0 * per_pt)), 1)))
    count, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    pieces = [(x, y, w, h) for x, y, w, h, area in stats[1:]
              if 4.0 <= h * scale <= 14.0 and w * scale <= 80.0 and area >= 0.25 * w * h
              and cv2.countNonZero(left[y:y + h, x:x + w]) >= 0.1 * w * h]
    if not pieces:
        return [], []
    pad, gap = round(3.0 * per_pt), round(6.0 * per_pt)
    width = max(w for _, _, w, _ in pieces) + 2 * pad
    strip = np.full((sum(h + 2 * pad + gap for _, _, _, h in pieces), width), 255, np.uint8)
    placed, top = [], 0
    for x, y, w, h in pieces:
        strip[top + pad:top + pad + h, pad:pad + w] = clean[y:y + h, x:x + w]
        placed.append((top, top + h + 2 * pad, x - pad, y - pad - top))
        top += h + 2 * pad + gap

    def back(px: float, py: float) -> tuple[float, float]:
        for start, end, dx, dy in placed:
            if start <= py <= end + gap:
                return pt(px + dx, py + dy)
        return pt(px, py)

    found, doubted = _words(strip, back, single=True, psm=6)
    # a piece read as letters that are no word (a stamp's rim, a signature's loop) stays out
    kept = [w for w in found if any(c.isalnum() for c in w.text)]
    return kept, [w for w in doubted if w in kept]


def _box(head: Head) -> tuple[float, float, float, float]:
    xs, ys = [p[0] for p in head.points], [p[1] for p in head.points]
    return min(xs), min(ys), max(xs), max(ys)


def _deskew(gray):
    import cv2
    import numpy as np

    ink = (gray < 160).astype(np.uint8) * 255
    found = cv2.HoughLinesP(ink, 1, np.pi / 1800, threshold=200, minLineLength=gray.shape[1] // 4, maxLineGap=5)
    angles = [math.degrees(math.atan2(y1 - y0, x1 - x0))
              for x0, y0, x1, y1 in (found.reshape(-1, 4) if found is not None else [])]
    angles = [a for a in angles if abs(a) < 5]
    angle = float(np.median(angles)) if angles else 0.0
    if abs(angle) < 0.05:
        return gray, 0.0
    height, width = gray.shape
    turn = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    return cv2.warpAffine(gray, turn, (width, height), flags=cv2.INTER_LINEAR, borderValue=255), angle


def _segments(mask, horizontal: bool, pt) -> list[Segment]:
    import cv2

    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    found = []
    for i in range(1, count):
        x, y, w, h, _ = stats[i]
        if horizontal:
            (x0, y0), (x1, _) = pt(x, y + h / 2), pt(x + w, y + h / 2)
            found.append(Segment(x0, y0, x1, y0))
        else:
            (x0, y0), (_, y1) = pt(x + w / 2, y), pt(x + w / 2, y + h)
            found.append(Segment(x0, y0, x0, y1))
    return found


STUB = 3.0  # pt: a shorter straight run is a line only where it meets a symbol


def _stubs(ink, long_lines, regions: list[Region], pt, scale: float) -> list[Segment]:
    """Straight runs too short for a line of their own (STUB to RUN) that leave or enter
    a symbol: the stub between a capsule and the lane its arrow turns into. Elsewhere a run
    that short is as likely a letter's stroke."""
    import cv2

    run = max(4, int(STUB / scale))
    found = []
    for horizontal in (True, False):
        kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (run, 1) if horizontal else (1, run))
        short = cv2.morphologyEx(ink, cv2.MORPH_OPEN, kernel)
        short[long_lines > 0] = 0
        for segment in _segments(short, horizontal, pt):
            ends = segment.ends
            if segment.length < RUN and any(any(region.gap(end) <= 1.5 for end in ends) for region in regions) \
                    and not any(_on_outline(segment, region) for region in regions):
                found.append(segment)
    return found


def _open_heads(rest, segments: list[Segment], regions: list[Region], heads: list[Head], pt,
                scale: float) -> list[Head]:
    """Open arrowheads (two short strokes, a V) where a line ends at a symbol: ink on both
    sides of the line just behind its end, and no solid head there already."""
    found = []
    reach, side = 5.0 / scale, 1.0 / scale  # how far behind the tip, how far off the line
    (ox, oy) = pt(0, 0)
    for segment in segments:
        for tip, tail in (segment.ends, segment.ends[::-1]):
            if not any(region.gap(tip) <= 1.5 for region in regions):
                continue
            if any(_near(h.center, tip, 4.0) for h in heads + found):
                continue
            dx, dy = tail[0] - tip[0], tail[1] - tip[1]
            length = max((dx * dx + dy * dy) ** 0.5, 1e-6)
            ux, uy = dx / length, dy / length  # from the tip back along the line
            px, py = (tip[0] - ox) / scale * 1.0, (tip[1] - oy) / scale * 1.0
            left = right = 0
            for step in range(int(1.0 / scale), int(reach)):
                for offset in range(int(side), int(side * 4)):
                    for sign in (1, -1):
                        x = int(round(px + ux * step - uy * offset * sign))
                        y = int(round(py + uy * step + ux * offset * sign))
                        if 0 <= y < rest.shape[0] and 0 <= x < rest.shape[1] and rest[y, x]:
                            if sign > 0:
                                left += 1
                            else:
                                right += 1
            if left >= 3 and right >= 3:
                back = (tip[0] + ux * 4.0, tip[1] + uy * 4.0)
                wing = (-uy * 2.5, ux * 2.5)
                found.append(Head(((back[0] + wing[0], back[1] + wing[1]), tip,
                                   (back[0] - wing[0], back[1] - wing[1])), tip=tip))
    return found


def _symbols(ink, segments: list[Segment], pt, scale: float) -> list[tuple[Region, object]]:
    """Holes in the ink that are neither a table cell nor a letter's counter, classified
    by their outline; each with its hole's contour."""
    import cv2

    contours, hierarchy = cv2.findContours(ink, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    found = []
    for i, contour in enumerate(contours):
        if hierarchy[0][i][3] < 0:  # an outer contour: a hole has a parent
            continue
        x, y, w, h = cv2.boundingRect(contour)
        (x0, y0), (x1, y1) = pt(x, y), pt(x + w, y + h)
        if min(x1 - x0, y1 - y0) < 6 or x1 - x0 > SYMBOL_MAX[0] or y1 - y0 > SYMBOL_MAX[1]:
            continue
        if any(_runs_past(s, x0, x1, y0, y1) for s in segments):
            continue  # a cell of the table (or a part of one an arrow cuts off)
        outline = cv2.approxPolyDP(contour, 1.0 / scale, True).reshape(-1, 2)
        kind = classify([pt(px, py) for px, py in outline], curved=len(outline) > 8)
        if kind is not None:
            found.append((Region(kind, x0, y0, x1, y1), contour))
    return found


def _stroke(ink, hole, most: int) -> int:
    """How thick a symbol's outline is, in pixels (at most `most`): how many rings
    around its hole are mostly ink."""
    import cv2
    import numpy as np

    points = hole.reshape(-1, 2)
    (x0, y0), (x1, y1) = points.min(axis=0), points.max(axis=0)
    left, top = max(0, int(x0) - most - 2), max(0, int(y0) - most - 2)
    window = ink[top:int(y1) + most + 3, left:int(x1) + most + 3]
    inside = np.zeros(window.shape, np.uint8)
    cv2.fillPoly(inside, [(points - (left, top)).astype(np.int32)], 255)
    stroke, ring = 0, np.ones((3, 3), np.uint8)
    while stroke < most:
        grown = cv2.dilate(inside, ring)
        band = (grown > 0) & (inside == 0)
        if not band.any() or (window[band] > 0).mean() < 0.5:
            break
        inside, stroke = grown, stroke + 1
    return stroke


def _body(bodies, hole, stroke: int) -> None:
    """A symbol with its own stroke, drawn into the mask `bodies`: its hole grown on every
    axis by twice the stroke, so that a diamond's mitred corner is covered too. No
    arrowhead lies there, and a diamond's corner behind the line that leaves it looks like
    an open V."""
    import cv2
    import numpy as np

    points = hole.reshape(-1, 2).astype(np.float64)
    (x0, y0), (x1, y1) = points.min(axis=0), points.max(axis=0)
    margin = 2 * stroke + 2
    cx, cy, rx, ry = (x0 + x1) / 2, (y0 + y1) / 2, max((x1 - x0) / 2, 1), max((y1 - y0) / 2, 1)
    grown = np.column_stack((cx + (points[:, 0] - cx) * (1 + margin / rx),
                             cy + (points[:, 1] - cy) * (1 + margin / ry)))
    cv2.fillPoly(bodies, [np.round(grown).astype(np.int32)], 255)


def _overlapping_dropped(regions: list[Region]) -> list[Region]:
    """Symbols never overlap: an outline that overlaps a larger one is a hole a line cut
    out beside it (a branch leaving a diamond closes a box with the diamond's edge)."""
    def area(r: Region) -> float:
        return (r.x1 - r.x0) * (r.y1 - r.y0)

    kept: list[Region] = []
    for region in sorted(regions, key=area, reverse=True):
        if not any(min(region.x1, k.x1) - max(region.x0, k.x0) > 0 and min(region.y1, k.y1) - max(region.y0, k.y0) > 0
                   and (min(region.x1, k.x1) - max(region.x0, k.x0)) * (min(region.y1, k.y1) - max(region.y0, k.y0))
                   > 0.2 * area(region) for k in kept):
            kept.append(region)
    return sorted(kept, key=lambda r: (r.y0, r.x0))


def _runs_past(segment: Segment, x0: float, x1: float, y0: float, y1: float) -> bool:
    """A rule along the top or bottom edge of a box that runs well past its sides: past
    both, or (a table's first or last column) far past one. An arrow that leaves a box in
    line with its edge runs past one side only, and not far."""
    if not (segment.horizontal and (abs(segment.y0 - y0) < 1.2 or abs(segment.y0 - y1) < 1.2)
            and segment.x0 < x1 and segment.x1 > x0):
        return False
    left, right = segment.x0 < x0 - 4, segment.x1 > x1 + 4
    return (left and right) or segment.x1 - segment.x0 > 3 * (x1 - x0) + 40


def _on_outline(segment: Segment, region: Region) -> bool:
    """A side of a symbol (its outline, not a line of its own)."""
    return (region.x0 - 2 <= min(segment.x0, segment.x1) and max(segment.x0, segment.x1) <= region.x1 + 2
            and region.y0 - 2 <= min(segment.y0, segment.y1) and max(segment.y0, segment.y1) <= region.y1 + 2)


def _near(a: tuple[float, float], b: tuple[float, float], distance: float) -> bool:
    return abs(a[0] - b[0]) <= distance and abs(a[1] - b[1]) <= distance


def _heads(ink, lines, pt, scale: float, opened: bool = True) -> list[Head]:
    """Small solid triangles at a line. `opened`: the ink that an opening with a disc
    about 1 pt across keeps (lines, outlines and most letters are thinner), which finds a
    head its shaft runs through (taking the lines away would cut it in two); else the ink
    as given (with the lines taken away), which finds a small head the opening erases."""
    import cv2
    import numpy as np

    solid = ink
    if opened:
        size = max(3, round(0.9 / scale))
        solid = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size)))
    else:
        solid = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(solid, connectivity=8)
    found = []
    for i in range(1, count):
        x, y, w, h, area = stats[i]
        long_side, short_side = max(w, h) * scale, min(w, h) * scale
        if not (2.5 <= long_side <= 12 and short_side >= 1.5) or not 0.3 * w * h <= area <= 0.8 * w * h:
            continue
        if not lines[max(0, y - 3):y + h + 3, max(0, x - 3):x + w + 3].any():
            continue  # a shaft leads into a head
        mask = (labels[y:y + h, x:x + w] == i).astype(np.uint8) * 255
        contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        contour = max(contours, key=cv2.contourArea)
        corners = cv2.approxPolyDP(contour, 0.12 * cv2.arcLength(contour, True), True).reshape(-1, 2)
        if len(corners) == 3:
            found.append(Head(tuple(pt(x + px, y + py) for px, py in corners)))
    return found


def _halves_joined(heads: list[Head], segments: list[Segment]) -> list[Head]:
    """A small solid head that its shaft cut in two when the lines were taken away: two
    triangles side by side across the end of a line, joined again into one head."""
    joined, used = [], set()
    for (i, a), (j, b) in itertools.combinations(enumerate(heads), 2):
        if i in used or j in used or not _near(a.center, b.center, 4.0):
            continue
        # the axis across the line: x for a vertical line, y for a horizontal one
        across = 0 if abs(a.center[0] - b.center[0]) > abs(a.center[1] - b.center[1]) else 1
        along = 1 - across
        for segment in segments:
            line = segment.ends[0][across]
            if segment.horizontal != (across == 1) or not min(a.center[across], b.center[across]) < line \
                    < max(a.center[across], b.center[across]):
                continue
            if segment.distance(a.center) > 3.0 or segment.distance(b.center) > 3.0:
                continue
            # each half: its wing is the corner farthest off the line, its tip the corner
            # farthest from the wing along the line
            wings = [max(h.points, key=lambda p: abs(p[across] - line)) for h in (a, b)]
            ends = [max(h.points, key=lambda p, w=w: abs(p[along] - w[along])) for h, w in zip((a, b), wings)]
            tip = [0.0, 0.0]
            tip[across], tip[along] = line, (ends[0][along] + ends[1][along]) / 2
            joined.append(Head((wings[0], tuple(tip), wings[1]), tip=tuple(tip)))
            used |= {i, j}
            break
    return joined + [h for k, h in enumerate(heads) if k not in used]


NUMERAL = re.compile(r"[0-9sSlI|oO]{1,2}[.,]")
LOOKALIKE = str.maketrans({"s": "5", "S": "5", "l": "1", "I": "1", "|": "1", "o": "0", "O": "0", ",": "."})


def _numeral(text: str) -> str:
    """A step's number as Tesseract often reads it ("s." for "5.", "2," for "2.", "l." for
    "1.") as the number; any other text as read."""
    if NUMERAL.fullmatch(text) and text[-1] in ".,":
        return text.translate(LOOKALIKE)
    return text


def _cells(lines) -> list[tuple[int, int, int, int]]:
    """The boxes (pixels) of the spaces the lines close in, the page's margin excepted."""
    import cv2
    import numpy as np

    height, width = lines.shape
    space = (lines == 0).astype(np.uint8)
    count, _, stats, _ = cv2.connectedComponentsWithStats(space, connectivity=4)
    return [(x, y, w, h) for x, y, w, h, _ in stats[1:]
            if x > 0 and y > 0 and x + w < width and y + h < height and w >= 8 and h >= 8
            and w * h < 0.25 * width * height]


def _words(image, pt, single: bool = False, psm: int = 6) -> tuple[list[Word], list[Word]]:
    """Tesseract's words with their boxes, and those it was not sure of; `single`: the
    image is one cell, read as one block (`psm` 6) or one line (7)."""
    import pytesseract

    config = f"--psm {psm}" if single else "--psm 11"
    data = pytesseract.image_to_data(image, lang="ind", config=config, timeout=PAGE_SECONDS,
                                     output_type=pytesseract.Output.DICT)
    # a word's height is its printed line's: a lone "-" or "1" is as tall as the line it
    # stands in, so that the words of a line are read as one line, in order
    # a lone "|" is a stroke (a signature's, a rule's remnant), never printed text
    kept = [i for i, text in enumerate(data["text"]) if text.strip().strip("|") and float(data["conf"][i]) >= 0]
    line_of = {i: (data["block_num"][i], data["par_num"][i], data["line_num"][i]) for i in kept}
    spans: dict[tuple, tuple[int, int]] = {}
    for i in kept:
        top, bottom = data["top"][i], data["top"][i] + data["height"][i]
        low, high = spans.get(line_of[i], (top, bottom))
        spans[line_of[i]] = (min(low, top), max(high, bottom))
    words, doubtful = [], []
    for i in kept:
        text = data["text"][i].strip()
        confidence = float(data["conf"][i])
        x, w = data["left"][i], data["width"][i]
        top, bottom = spans[line_of[i]]
        word = Word(*pt(x, top), *pt(x + w, bottom), _numeral(text))
        words.append(word)
        if confidence < CONFIDENT and any(c.isalnum() for c in text):
            doubtful.append(word)
    return words, doubtful


def read_scan(document, number: int) -> Reading:
    """A PDF page that is only a picture, read at DPI."""
    import numpy as np
    import pymupdf

    pixmap = document[number].get_pixmap(dpi=DPI, colorspace=pymupdf.csGRAY)
    gray = np.frombuffer(pixmap.samples, np.uint8).reshape(pixmap.height, pixmap.width).copy()
    return read_image(gray, number, 72 / DPI)


PICTURE_SHARE = (0.25, 0.12)  # a picture this wide and tall (shares of the page) may be a flowchart


def read_pictures(document, page: Page) -> list[Word]:
    """The large pictures of a text page (a flowchart pasted in as an image) read into the
    page at each picture's own resolution: their lines, symbols and arrowheads, and their
    words where the page has no text of its own there. Pictures stacked edge to edge (a table
    pasted in strips) are joined first, so that a symbol on the seam is whole. The words
    the OCR doubted are returned."""
    import numpy as np
    import pymupdf

    pdf_page = document[page.number]
    placed = []  # (rect, grey pixels)
    for info in pdf_page.get_images(full=True):
        xref = info[0]
        for rect in pdf_page.get_image_rects(xref):
            if rect.width < PICTURE_SHARE[0] * page.width:
                continue  # a logo, a QR code, a stamp
            pixmap = pymupdf.Pixmap(document, xref)
            if pixmap.n - pixmap.alpha != 1:
                pixmap = pymupdf.Pixmap(pymupdf.csGRAY, pixmap)
            if pixmap.alpha:
                pixmap = pymupdf.Pixmap(pixmap, 0)
            gray = np.frombuffer(pixmap.samples, np.uint8).reshape(pixmap.height, pixmap.width).copy()
            placed.append((pymupdf.Rect(rect), gray))
    doubtful: list[Word] = []
    for rect, gray in _stacked(placed):
        if rect.height < PICTURE_SHARE[1] * page.height:
            continue
        reading = read_image(gray, page.number, rect.width / gray.shape[1], (rect.x0, rect.y0),
                             stretch=rect.height / gray.shape[0])
        # a rule the page draws itself, over or under the picture, is drawn once
        page.segments += [s for s in reading.page.segments if not any(_same_line(s, t) for t in page.segments)]
        page.regions += reading.page.regions
        page.heads += reading.page.heads
        # a picture whose text is also the page's own (shapes pasted as an image over a
        # text table) gives its geometry only: OCR would write every word twice
        printed = any(rect.x0 <= w.cx <= rect.x1 and rect.y0 <= w.cy <= rect.y1 for w in page.words)
        new = [] if printed else reading.page.words
        page.words += new
        doubtful += [w for w in reading.doubtful if w in new]
    return doubtful


def _stacked(placed):
    """Pictures with the same left and right edges, each starting where the one above it
    ends, as one picture (scaled to the first one's pixel width)."""
    import cv2
    import numpy as np

    placed = sorted(placed, key=lambda item: (round(item[0].x0), item[0].y0))
    joined = []
    for rect, gray in placed:
        if joined:
            last, pixels = joined[-1]
            if abs(last.x0 - rect.x0) <= 1 and abs(last.x1 - rect.x1) <= 1 and abs(rect.y0 - last.y1) <= 1:
                width = pixels.shape[1]
                # the lower picture at the upper one's pixel pitch, across and down the page
                pitch = last.height / pixels.shape[0]
                height = max(1, round(rect.height / pitch))
                below = cv2.resize(gray, (width, height), interpolation=cv2.INTER_LINEAR)
                joined[-1] = (last | rect, np.vstack([pixels, below]))
                continue
        joined.append((rect, gray))
    return joined


def _collinear(a: Segment, b: Segment) -> bool:
    """Two segments along one straight line (within 1.5 pt)."""
    return (a.horizontal and b.horizontal and abs(a.y0 - b.y0) <= 1.5) or (a.vertical and b.vertical
                                                                          and abs(a.x0 - b.x0) <= 1.5)


def _same_line(a: Segment, b: Segment) -> bool:
    """Two segments on one line (within 1.5 pt) that share most of the shorter's length."""
    if a.horizontal and b.horizontal and abs(a.y0 - b.y0) <= 1.5:
        low, high = max(min(a.x0, a.x1), min(b.x0, b.x1)), min(max(a.x0, a.x1), max(b.x0, b.x1))
    elif a.vertical and b.vertical and abs(a.x0 - b.x0) <= 1.5:
        low, high = max(min(a.y0, a.y1), min(b.y0, b.y1)), min(max(a.y0, a.y1), max(b.y0, b.y1))
    else:
        return False
    return high - low >= 0.8 * min(a.length, b.length)
