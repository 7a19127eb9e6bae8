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

import math
import os
import shutil
from dataclasses import dataclass, field

from .page import Head, Page, Region, Segment, Word, classify

DPI = 300  # a scan's page is read at this resolution
RUN = 12.0  # pt: the shortest straight run of ink read as a line
CONFIDENT = 60  # Tesseract's word confidence (0-100) below which a word is a doubt
PAGE_SECONDS = 120  # Tesseract's limit for one page: a page it cannot read in time is skipped
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


def read_image(gray, number: int, scale: float, origin: tuple[float, float] = (0.0, 0.0)) -> Reading:
    """A grey image (numpy, 0-255) as a Page: `scale` pt per pixel, `origin` the image's
    top left on the page, in pt (a picture inside a text PDF)."""
    import cv2
    import numpy as np

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

    segments = _segments(across, True, pt) + _segments(down, False, pt)
    regions = _symbols(ink, segments, pt, scale)
    segments = [s for s in segments if not any(_on_outline(s, r) for r in regions)]
    heads = _heads(ink, lines, pt, scale)
    clean = gray.copy()
    clean[lines > 0] = 255  # the rules whited out: Tesseract reads cells, not borders
    words, doubtful = _words(clean, pt)
    page = Page(number, ox + width * scale, oy + height * scale, words=words, segments=segments,
                regions=regions, heads=heads)
    return Reading(page, doubtful, angle)


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


def _symbols(ink, segments: list[Segment], pt, scale: float) -> list[Region]:
    """Holes in the ink that are neither a table cell nor a letter's counter, classified
    by their outline."""
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
            found.append(Region(kind, x0, y0, x1, y1))
    return found


def _runs_past(segment: Segment, x0: float, x1: float, y0: float, y1: float) -> bool:
    """A rule along the top or bottom edge of a box that runs well past its sides."""
    return (segment.horizontal and (abs(segment.y0 - y0) < 2 or abs(segment.y0 - y1) < 2)
            and segment.x0 < x1 and segment.x1 > x0 and (segment.x0 < x0 - 4 or segment.x1 > x1 + 4))


def _on_outline(segment: Segment, region: Region) -> bool:
    """A side of a symbol (its outline, not a line of its own)."""
    return (region.x0 - 2 <= min(segment.x0, segment.x1) and max(segment.x0, segment.x1) <= region.x1 + 2
            and region.y0 - 2 <= min(segment.y0, segment.y1) and max(segment.y0, segment.y1) <= region.y1 + 2)


def _heads(ink, lines, pt, scale: float) -> list[Head]:
    """Small solid triangles touching a line, once the lines are taken away."""
    import cv2
    import numpy as np

    rest = ink.copy()
    rest[lines > 0] = 0
    rest = cv2.morphologyEx(rest, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(rest, connectivity=8)
    found = []
    for i in range(1, count):
        x, y, w, h, area = stats[i]
        long_side, short_side = max(w, h) * scale, min(w, h) * scale
        if not (2.5 <= long_side <= 12 and short_side >= 1.5) or area < 0.3 * w * h:
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


def _words(image, pt) -> tuple[list[Word], list[Word]]:
    """Tesseract's words with their boxes, and those it was not sure of."""
    import pytesseract

    data = pytesseract.image_to_data(image, lang="ind", config="--psm 11", timeout=PAGE_SECONDS,
                                     output_type=pytesseract.Output.DICT)
    words, doubtful = [], []
    for i, text in enumerate(data["text"]):
        text = text.strip()
        confidence = float(data["conf"][i])
        if not text or confidence < 0:
            continue
        x, y, w, h = data["left"][i], data["top"][i], data["width"][i], data["height"][i]
        word = Word(*pt(x, y), *pt(x + w, y + h), text)
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
