"""A PDF with a text layer -> its printed pages (`page.Page`), from the words and the vector
paths PyMuPDF finds on each page; reading.py then reads the SOPs from them.

Writers draw the same marks in different ways (see the corpus README): Office's export
fills thin rectangles for table rules and strokes the symbols; a WPS-style writer fills
everything, a box as a ring of two contours and an arrow as one band with its head. Each
drawn path is split into its subpaths, and each subpath becomes what it draws: a rule or
shaft (`Segment`), a symbol (`Region`) or an arrowhead (`Head`)."""

from __future__ import annotations

import math
import re
from pathlib import Path

from .found import NoSop, Unreadable
from .page import (
    HEAD,
    SYMBOL,
    THIN,
    Head,
    Page,
    Region,
    Segment,
    Word,
    area,
    band_centerline,
    bounds,
    cells_as_rules,
    classify,
    contains,
    corners,
    is_head,
    open_heads,
    thin_rect,
    without_stamp,
    without_underlines,
)

MAX_PAGES = 2000  # a city book of 300 SOPs is under 1,500 pages
MAX_PATHS = 20000  # drawn paths on one page; an SOP page has a few thousand at most


def read_pages(path: Path, data: bytes) -> list[Page]:
    import pymupdf

    try:
        document = pymupdf.open(stream=data, filetype="pdf")
    except (pymupdf.FileDataError, RuntimeError, ValueError):
        raise Unreadable(f"{path}: berkas rusak atau bukan PDF") from None
    if document.needs_pass:
        raise Unreadable(f"{path}: PDF terkunci kata sandi; buka kuncinya lalu ulangi")
    if document.page_count == 0:
        raise Unreadable(f"{path}: berkas rusak atau bukan PDF (tidak ada halaman)")
    if document.page_count > MAX_PAGES:
        raise Unreadable(f"{path}: {document.page_count} halaman, terlalu banyak untuk satu dokumen SOP"
                         f" (paling banyak {MAX_PAGES}); pisahkan dokumennya")
    pages = []
    for number, pdf_page in enumerate(document):
        try:
            pages.append(_page(pdf_page, number))
        except (RuntimeError, ValueError):
            raise Unreadable(f"{path}: halaman {number + 1} rusak dan tidak dapat dibaca") from None
    return pages


def _page(pdf_page, number: int) -> Page:
    rect = pdf_page.rect
    page = Page(number, rect.width, rect.height)
    lines: dict[tuple[int, int], list[Word]] = {}
    for x0, y0, x1, y1, text, block, line, _ in pdf_page.get_text("words"):
        if text.strip():
            lines.setdefault((block, line), []).append(Word(x0, y0, x1, y1, text))
    page.words = without_stamp(list(lines.values()))
    for image in pdf_page.get_image_info():
        x0, y0, x1, y1 = image["bbox"]
        page.pictures.append((x0, y0, x1, y1))
    if not page.words:
        return page
    drawings = pdf_page.get_drawings()
    if len(drawings) > MAX_PATHS:
        raise ValueError("too many paths")
    paths = [_subpaths(drawing) for drawing in drawings]  # flattened once, for both passes
    hidden = _hidden(drawings, paths)
    for n, drawing in enumerate(drawings):
        if n not in hidden:
            _drawing(page, drawing, paths[n])
    cells_as_rules(page)
    open_heads(page)
    page.segments = without_underlines(page.segments, page.words)
    return page


def _hidden(drawings, paths) -> set[int]:
    """The drawings painted over by an opaque rectangle drawn later (a Visio export fills
    its table cells white over boxes it left behind): what the reader never sees."""
    grid = 100.0
    covers: dict[tuple[int, int], list[tuple[float, float, float, float]]] = {}
    hidden: set[int] = set()
    for n in range(len(drawings) - 1, -1, -1):
        drawing = drawings[n]
        r = drawing["rect"]
        key = (int((r.x0 + r.x1) / 2 // grid), int((r.y0 + r.y1) / 2 // grid))
        if any(c[0] - 0.5 <= r.x0 and r.x1 <= c[2] + 0.5 and c[1] - 0.5 <= r.y0 and r.y1 <= c[3] + 0.5
               and (c[2] - c[0]) * (c[3] - c[1]) > 1.5 * r.width * r.height  # not its own fill, painted again
               for c in covers.get(key, ())):
            hidden.add(n)
            continue
        if drawing.get("fill") is None or (drawing.get("fill_opacity") or 1.0) < 0.99 or r.width < 1 or r.height < 1:
            continue
        subpaths = paths[n]
        if len(subpaths) != 1 or area(subpaths[0][0]) < 0.98 * r.width * r.height:
            continue  # not a plain rectangle
        for gx in range(int(r.x0 // grid), int(r.x1 // grid) + 1):
            for gy in range(int(r.y0 // grid), int(r.y1 // grid) + 1):
                covers.setdefault((gx, gy), []).append((r.x0, r.y0, r.x1, r.y1))
    return hidden


def _subpaths(drawing) -> list[tuple[list[tuple[float, float]], bool, bool]]:
    """Each subpath as (points, curved, closed); curves flattened."""
    found = []
    points: list[tuple[float, float]] = []
    curved = False

    def close(closed: bool) -> None:
        nonlocal points, curved
        if len(points) >= 2:
            found.append((points, curved, closed or math.dist(points[0], points[-1]) < 0.5))
        points, curved = [], False

    for item in _without_bridges(drawing["items"]):
        kind = item[0]
        if kind == "re":
            close(False)
            r = item[1]
            found.append(([(r.x0, r.y0), (r.x1, r.y0), (r.x1, r.y1), (r.x0, r.y1)], False, True))
            continue
        if kind == "qu":
            close(False)
            q = item[1]
            found.append(([(p.x, p.y) for p in (q.ul, q.ur, q.lr, q.ll)], False, True))
            continue
        start = (item[1].x, item[1].y)
        if points and math.dist(points[-1], start) > 0.05:
            close(False)
        if not points:
            points.append(start)
        if kind == "l":
            points.append((item[2].x, item[2].y))
        elif kind == "c":
            curved = True
            p0, p1, p2, p3 = (item[1], item[2], item[3], item[4])
            for step in range(1, 7):
                t = step / 6
                a, b, c, d = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t * t, t ** 3
                points.append((a * p0.x + b * p1.x + c * p2.x + d * p3.x, a * p0.y + b * p1.y + c * p2.y + d * p3.y))
    close(bool(drawing.get("closePath")))
    return found


BRIDGE = 6.0  # pt: a line's jump over another (sopgen draws 3.4 pt wide ones) is no wider


def _without_bridges(items: list) -> list:
    """The path's items with each bridge (a small arc by which a line jumps the line it
    crosses, drawn as curves between two stretches of one straight line) made straight
    again: the crossing line passes through the arc's top, which would otherwise read as
    the two lines joining there."""
    out: list = []
    n = 0
    while n < len(items):
        end = n
        while end < len(items) and items[end][0] == "c":
            end += 1
        if end > n and out and out[-1][0] == "l":
            start, stop = items[n][1], items[end - 1][4]
            before = out[-1]
            width = math.dist((start.x, start.y), (stop.x, stop.y))
            reach = max(_off_line(start, stop, q) for item in items[n:end] for q in item[2:5])
            on_line = _off_line(before[1], before[2], stop) <= 0.5
            if 0 < width <= BRIDGE and reach <= BRIDGE / 2 and on_line:
                out[-1] = ("l", before[1], stop)  # the line goes on straight
                n = end
                following = items[n] if n < len(items) else None
                if following is not None and following[0] == "l" and _off_line(before[1], stop, following[2]) <= 0.5:
                    out[-1] = ("l", before[1], following[2])  # and is one line to its next corner
                    n += 1
                continue
        out.append(items[n])
        n += 1
    return out


def _off_line(a, b, point) -> float:
    """The distance of a point from the straight line through a and b."""
    dx, dy = b.x - a.x, b.y - a.y
    length = math.hypot(dx, dy)
    if length == 0:
        return math.dist((a.x, a.y), (point.x, point.y))
    return abs(dx * (point.y - a.y) - dy * (point.x - a.x)) / length


def _dark(color) -> bool:
    return color is not None and sum(color[:3]) / 3 < 0.5


def _drawing(page: Page, drawing, subpaths) -> None:
    kind = drawing.get("type") or ""
    dashed = bool(drawing.get("dashes")) and drawing.get("dashes") not in ("[] 0", "[] 0.0")
    if "s" in kind:
        for points, curved, closed in subpaths:
            _stroked(page, points, curved, closed, dashed)
        return
    if not _dark(drawing.get("fill")):
        _filled_in_colour(page, subpaths)
        return
    _filled(page, subpaths)


def _stroked(page: Page, points, curved: bool, closed: bool, dashed: bool) -> None:
    x0, y0, x1, y1 = bounds(points)
    if closed:
        segment = _thin(points)
        if segment is not None:
            page.segments.append(segment)
            return
        kind = classify(points, curved)
        if kind is not None:
            page.regions.append(Region(kind, x0, y0, x1, y1))
            return
    if len(points) == 3 and max(x1 - x0, y1 - y0) <= HEAD and not closed:
        a, b, c = points
        if math.dist(a, b) <= 9 and math.dist(b, c) <= 9 and math.dist(a, c) < math.dist(a, b) + math.dist(b, c) - 1:
            page.heads.append(Head((a, b, c), tip=b))  # an open head: two strokes meeting at its tip
            return
    ring = points + [points[0]] if closed else points
    for a, b in zip(ring, ring[1:]):
        if math.dist(a, b) > 0.3:
            page.segments.append(Segment(a[0], a[1], b[0], b[1], dashed))


def _filled_in_colour(page: Page, subpaths) -> None:
    """A coloured fill: a thin one is a line (straight or a bent band), a small triangle
    a head; anything larger is shading, never a symbol."""
    for points, _, closed in subpaths:
        segment = _thin(points) if closed else None
        if segment is not None:
            page.segments.append(segment)
        elif is_head(points):
            page.heads.append(Head(tuple(corners(points, 0.3))))
        elif 2 * area(points) / max(_perimeter(points), 1e-6) <= THIN:
            page.segments += band_centerline(points)


def _filled(page: Page, subpaths) -> None:
    rest = []
    for points, curved, closed in subpaths:
        box = bounds(points)
        segment = _thin(points)
        if segment is not None:
            page.segments.append(segment)
        elif is_head(points):
            page.heads.append(Head(tuple(corners(points, 0.3))))
        else:
            rest.append((points, curved, box))
    rest.sort(key=lambda s: -(s[2][2] - s[2][0]) * (s[2][3] - s[2][1]))
    inner_of: set[int] = set()
    for i, (points, curved, box) in enumerate(rest):
        if i in inner_of:
            continue
        inside = [j for j in range(i + 1, len(rest)) if j not in inner_of and contains(box, rest[j][2])]
        if inside and min(box[2] - box[0], box[3] - box[1]) >= SYMBOL:
            kind = classify(points, curved)
            if kind is not None:  # a ring: outer and inner contour of one outline
                inner_of.update(inside)
                page.regions.append(Region(kind, *box))
                continue
        thickness = 2 * area(points) / max(_perimeter(points), 1e-6)
        if thickness <= THIN:
            page.segments += band_centerline(points)
        else:
            kind = classify(points, curved)
            if kind is not None and min(box[2] - box[0], box[3] - box[1]) >= SYMBOL:
                page.regions.append(Region(kind, *box))  # a solid symbol


def _thin(points) -> Segment | None:
    """A closed subpath that fills its thin box: a rule (or a rectangle's shaft)."""
    x0, y0, x1, y1 = bounds(points)
    box = (x1 - x0) * (y1 - y0)
    if len(points) > 6 or (box > 0 and area(points) < 0.8 * box):
        return None
    return thin_rect(x0, y0, x1, y1)


def _perimeter(points) -> float:
    return sum(math.dist(a, b) for a, b in zip(points, points[1:] + points[:1]))


def read_pdf(path: Path, data: bytes) -> list:
    """Every SOP in a PDF, in order; `Unreadable` when it holds none."""
    from .reading import read_sops

    pages = read_pages(path, data)
    scanned = not any(page.words for page in pages)
    doubtful: list[str] = []
    unread: list[str] = []
    pictured: set[int] = set()  # the pages whose pasted flowchart picture was read with OCR
    if scanned:
        pages, doubtful, unread = _read_scan(path, data)
    else:
        doubtful, pictured = _read_pictures(data, pages)
    sops = read_sops(path.name, pages)
    if not sops:
        raise NoSop(f"{path}: tidak ada halaman identitas SOP (\"Nomor SOP\") di PDF ini"
                    + (" (hasil pindai, dibaca dengan OCR)" if scanned else "")
                    + (f"; {'; '.join(unread)}" if unread else ""))
    starts = [_first_page(sop) for sop in sops] + [len(pages)]
    for sop, start, end in zip(sops, starts, starts[1:]):
        if scanned:
            _ocr_doubts(sop, set(doubtful), unread, "pindai")
        elif pictured & set(range(start, end)):  # its flowchart was a picture, read with OCR
            _ocr_doubts(sop, set(doubtful), [], "gambar")
    return sops


def _first_page(sop) -> int:
    """The page (from 0) of a SOP's identity page, from where the reader said it is."""
    found = re.search(r"halaman (\d+)", sop.source)
    return int(found.group(1)) - 1 if found else 0


def _read_pictures(data: bytes, pages: list[Page]) -> tuple[list[str], set[int]]:
    """Flowcharts pasted into text pages as pictures, read from their pixels when OCR is
    installed (without it they stay pictures, as said in the file): the words the OCR
    doubted, and the pages read."""
    from .pixels import PICTURE_SHARE, available, read_pictures

    large = [p for p in pages if any(x1 - x0 >= PICTURE_SHARE[0] * p.width for x0, y0, x1, y1 in p.pictures)
             and sum(y1 - y0 for x0, y0, x1, y1 in p.pictures if x1 - x0 >= PICTURE_SHARE[0] * p.width)
             >= PICTURE_SHARE[1] * p.height]
    if not large or available() is not None:
        return [], set()
    import pymupdf

    document = pymupdf.open(stream=data, filetype="pdf")
    doubtful: list[str] = []
    read: set[int] = set()
    for page in large:
        try:
            before = len(page.regions)
            doubtful += [w.text for w in read_pictures(document, page)]
            if len(page.regions) > before:
                read.add(page.number)
        except RuntimeError:  # Tesseract's time limit: the picture stays a picture
            continue
    return doubtful, read


def _read_scan(path: Path, data: bytes) -> tuple[list[Page], list[str], list[str]]:
    """A PDF of page pictures read with OCR: its pages, the words the OCR doubted, and
    the pages it could not read (each said in one line; the rest is still read)."""
    from .pixels import available, read_scan

    missing = available()
    if missing is not None:
        raise Unreadable(f"{path}: PDF ini hasil pindai (tanpa lapisan teks); untuk membacanya, {missing}")
    import pymupdf

    document = pymupdf.open(stream=data, filetype="pdf")
    pages, doubtful, unread = [], [], []
    for number in range(document.page_count):
        try:
            reading = read_scan(document, number)
        except RuntimeError as e:  # Tesseract's time limit, or a page it fails on
            unread.append(f"halaman {number + 1} tidak terbaca OCR: {str(e).strip()[:80] or 'waktu habis'}")
            pages.append(Page(number, document[number].rect.width, document[number].rect.height))
            continue
        pages.append(reading.page)
        doubtful += [w.text for w in reading.doubtful]
    return pages, doubtful, unread


def _ocr_doubts(sop, doubtful: set[str], unread: list[str], kind: str) -> None:
    """Every value holding a word the OCR was not sure of gets `# periksa`, quoting what
    was read; a page the OCR could not read is said on the SOP's steps."""
    def doubted(text: str) -> bool:
        return any(word in doubtful for word in text.split())

    def note(value: str) -> str:
        return f'OCR kurang yakin membaca "{value[:70]}"; cocokkan dengan dokumen aslinya'

    sop.flowchart, sop.ocr = "gambar", kind
    signer = sop.disahkan_oleh
    if signer and kind == "pindai":  # the ink signature and the stamp lie over this cell on every signed scan
        sop.doubts.setdefault("disahkan_oleh", f'tanda tangan dan cap menutupi isian ini; OCR membaca'
                              f' "{" / ".join(v for v in signer.values() if v)[:90]}"; cocokkan jabatan,'
                              " nama dan NIP dengan dokumen aslinya")
    for key in ("nomor", "nama", "tanggal_pembuatan", "tanggal_revisi", "tanggal_efektif"):
        if doubted(getattr(sop, key)):
            sop.doubts.setdefault(key, note(getattr(sop, key)))
    for key, items in sop.lists.items():
        shaky = [item for item in items if doubted(item)]
        if shaky:
            sop.doubts.setdefault(key, note(shaky[0]))
    for step in sop.steps:
        for key in ("uraian", "waktu", "output", "keterangan"):
            if doubted(getattr(step, key)):
                step.doubts.setdefault(key, note(getattr(step, key)))
        shaky = [item for item in step.kelengkapan if doubted(item)]
        if shaky:
            step.doubts.setdefault("kelengkapan", note(shaky[0]))
        if not step.symbols:
            step.doubts.setdefault("pelaksana", "OCR tidak menemukan simbol langkah ini di bagan alir; isi"
                                   " pelaksananya dan periksa alurnya dari dokumen aslinya")
        if step.kind == "keputusan":
            # a branch label OCR made of a stamp's speck or a line's edge is no label
            labels = [label for _, label in step.branches]
            step.branches = [(target, label if _plausible(label, doubtful) else "") for target, label in step.branches]
            shaky = [label for label in labels if label and not _plausible(label, doubtful)]
            if shaky or len(step.branches) != 2:
                step.doubts.setdefault("keputusan", f"cabang dibaca OCR dari gambar ({len(step.branches)} cabang"
                                       + (f', label "{shaky[0]}" tidak terbaca' if shaky else "")
                                       + "); periksa ke mana ya dan tidak menuju")
        elif not step.targets and step is not sop.steps[-1]:
            step.doubts.setdefault("lanjut", "OCR tidak menemukan panah yang keluar dari langkah ini")
    if unread:
        sop.doubts.setdefault("kegiatan", "; ".join(unread))


LABEL = re.compile(r"[A-Za-z][A-Za-z/ -]*")


def _plausible(label: str, doubtful: set[str]) -> bool:
    """A branch label as offices print them (Ya, Tidak, Y, T, Lengkap, Tidak sesuai): letters,
    read with confidence."""
    return bool(LABEL.fullmatch(label.strip())) and not any(word in doubtful for word in label.split()) and (
        len(label.strip()) == 1 and label.strip().upper() in "YT" or any(c in "aiueoAIUEO" for c in label))
