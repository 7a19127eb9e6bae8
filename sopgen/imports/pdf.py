"""A PDF with a text layer -> the SOPs it holds (`FoundSop`), read from where its words and
vector paths are on each page (PyMuPDF).

- A page with the labels "Nomor SOP" and "Tanggal Pembuatan" (or "Disahkan oleh") is an
  identity page: each label's value is the text to its right in the same table row (rows
  and cells from the table's ruled lines); a list is the text under its label in its cell,
  one item per number ("1.", "2.", ...), wrapped lines joined.
- A page whose table header says "Kegiatan" and "Pelaksana" is a flowchart page: the ruled
  lines give the columns and rows, the header words name them, and the paths in the actor
  columns are the symbols (a capsule of curves, a four-cornered box or diamond, a five-
  cornered connector), the arrows (open stroked paths, their end at a small filled
  triangle) and, for the words that stand there alone, the branch labels. `flow` then
  follows the arrows as for a Word document.

A PDF without text (a scan), encrypted, damaged or over 50 MB is refused in one line.
"""

from __future__ import annotations

import re
from pathlib import Path

from .flow import Shape, symbols_to_steps
from .found import FoundSop, FoundStep, Unreadable
from .printed import IDENTITY_LABELS, LIST_LABELS, MAX_BYTES, column_name, list_items, normalized, signer

PT = 12700  # EMU per point: one unit with the Word reader
RULE = 0.6  # ruled table lines are thinner than the shapes' outlines (0.75 pt)


def read_pdf(path: Path) -> list[FoundSop]:
    import pymupdf

    try:
        if path.stat().st_size > MAX_BYTES:
            raise Unreadable(f"{path}: berkas terlalu besar ({path.stat().st_size // (1024 * 1024)} MB;"
                             f" paling besar {MAX_BYTES // (1024 * 1024)} MB)")
        document = pymupdf.open(path)
    except (pymupdf.FileDataError, RuntimeError, ValueError):
        raise Unreadable(f"{path}: berkas rusak atau bukan PDF") from None
    except OSError as e:
        raise Unreadable(f"{path}: tidak dapat dibaca: {e.strerror or e}") from None
    if document.page_count == 0:
        raise Unreadable(f"{path}: berkas rusak atau bukan PDF")
    if document.needs_pass:
        raise Unreadable(f"{path}: PDF terkunci kata sandi; buka kuncinya lalu ulangi")
    pages = [_Page(page, n) for n, page in enumerate(document)]
    if not any(page.words for page in pages):
        raise Unreadable(f"{path}: PDF ini tidak memiliki lapisan teks (hasil pindai); impor dokumen"
                         " Word aslinya, atau ketik ulang dengan sopgen new")
    sops: list[FoundSop] = []
    flow_pages: list[_Page] = []
    open_lists: dict[str, tuple[float, float]] = {}  # the lists an identity page's last row holds
    for page in pages:
        if page.is_identity():
            if sops:
                _flowchart(sops[-1], flow_pages)
            sops.append(FoundSop(source=f"{path.name}, halaman {page.number + 1}"))
            open_lists = _identity(sops[-1], page)
            flow_pages = []
        elif page.is_flowchart() and sops:
            flow_pages.append(page)
        elif sops and not flow_pages and open_lists:
            _continued_lists(sops[-1], page, open_lists)  # an identity page that runs over
    if sops:
        _flowchart(sops[-1], flow_pages)
    if not sops:
        raise Unreadable(f"{path}: tidak ada halaman identitas SOP (\"Nomor SOP\") di PDF ini")
    return sops


class _Page:
    def __init__(self, page, number: int):
        self.number = number
        self.words = [(w[0], w[1], w[2], w[3], w[4]) for w in page.get_text("words")]
        self.drawings = page.get_drawings() if self.words else []
        self.text = " ".join(w[4] for w in self.words)
        # the table's ruled lines: on a flowchart page thinner than the shapes' outlines; on
        # any other page (no shapes) every straight line
        widest = RULE if self.is_flowchart() and not self.is_identity() else 100
        rules = [d for d in self.drawings if d["type"] == "s" and (d.get("width") or 0) <= widest
                 and "".join(item[0] for item in d["items"]) == "l"]
        self.horizontal = sorted({(round(d["rect"].y0, 1), round(d["rect"].x0, 1), round(d["rect"].x1, 1))
                                  for d in rules if d["rect"].height < 1})
        self.vertical = sorted({(round(d["rect"].x0, 1), round(d["rect"].y0, 1), round(d["rect"].y1, 1))
                                for d in rules if d["rect"].width < 1})

    def is_identity(self) -> bool:
        return "Nomor SOP" in self.text and ("Tanggal Pembuatan" in self.text or "Disahkan oleh" in self.text)

    def is_flowchart(self) -> bool:
        return "Kegiatan" in self.text and "Pelaksana" in self.text

    def lines_in(self, x0: float, x1: float, y0: float, y1: float) -> list[str]:
        """The words whose middle lies in the box, as lines top to bottom."""
        inside = sorted((w for w in self.words if x0 <= (w[0] + w[2]) / 2 <= x1 and y0 <= (w[1] + w[3]) / 2 <= y1),
                        key=lambda w: (round(w[3]), w[0]))
        lines: list[list] = []
        for word in inside:
            if lines and abs(lines[-1][-1][3] - word[3]) < 2:
                lines[-1].append(word)
            else:
                lines.append([word])
        return [" ".join(w[4] for w in line) for line in lines]

    def cell_of(self, x: float, y: float) -> tuple[float, float, float, float]:
        """The ruled cell around a point: the nearest lines left, right, above and below."""
        left = max((v[0] for v in self.vertical if v[0] <= x and v[1] <= y <= v[2]), default=0)
        right = min((v[0] for v in self.vertical if v[0] > x and v[1] <= y <= v[2]), default=10_000)
        top = max((h[0] for h in self.horizontal if h[0] <= y and h[1] <= x <= h[2]), default=0)
        bottom = min((h[0] for h in self.horizontal if h[0] > y and h[1] <= x <= h[2]), default=10_000)
        return left, right, top, bottom


# --- identity -------------------------------------------------------------------------------------

def _identity(sop: FoundSop, page: _Page) -> dict[str, tuple[float, float]]:
    """Read the identity values; returns the lists in the table's last row (by their
    cell's left and right), which a long identity page continues on the next page."""
    lines = _text_lines(page)
    cells: dict[str, tuple[float, float, float]] = {}
    for x0, y0, x1, y1, text in lines:
        label = normalized(text)
        if label in IDENTITY_LABELS:
            key = IDENTITY_LABELS[label]
            _, right, top, bottom = page.cell_of(x0 + 0.5, (y0 + y1) / 2)
            value_cell = page.cell_of(right + 1, (y0 + y1) / 2)  # the cell beside the label's
            values = page.lines_in(value_cell[0], value_cell[1], top, bottom)
            if key == "disahkan_oleh":
                sop.disahkan_oleh = signer(values)
            elif values:
                setattr(sop, key, _text(values))
            continue
        for prefix, key in LIST_LABELS.items():
            if label.startswith(prefix) and key not in sop.lists:
                left, right, _, bottom = page.cell_of((x0 + x1) / 2, (y0 + y1) / 2)
                below = page.lines_in(left, right, y1 + 0.5, bottom)
                sop.lists[key] = _listitems(below)
                cells[key] = (left, right, bottom)
                break
    sop.identity_read()
    last = max((bottom for _, _, bottom in cells.values()), default=None)
    return {key: (left, right) for key, (left, right, bottom) in cells.items() if bottom == last}


def _continued_lists(sop: FoundSop, page: _Page, lists: dict[str, tuple[float, float]]) -> None:
    """The rest of the identity table's last row, at the top of the next page: each list's
    items, in the same column, after its own (a line without a number ends its last item)."""
    for key, (left, right) in lists.items():
        lines = page.lines_in(left + 1, right - 1, 0, max((h[0] for h in page.horizontal), default=0))
        if not lines:
            continue
        if sop.lists[key] and not re.match(r"^\s*\d+[.)]\s", lines[0]):
            sop.lists[key][-1] = _join(sop.lists[key][-1], lines.pop(0))
        sop.lists[key] += _listitems(lines)


def _text_lines(page: _Page) -> list[tuple[float, float, float, float, str]]:
    """Each run of words on one line within one ruled cell (a label and its value are two)."""
    lines: list[list] = []
    for word in sorted(page.words, key=lambda w: (round(w[3]), w[0])):
        if (lines and abs(lines[-1][-1][3] - word[3]) < 2
                and page.cell_of(word[0] + 0.5, (word[1] + word[3]) / 2)
                == page.cell_of(lines[-1][-1][2] - 0.5, (word[1] + word[3]) / 2)):
            lines[-1].append(word)
        else:
            lines.append([word])
    return [(line[0][0], min(w[1] for w in line), line[-1][2], max(w[3] for w in line),
             " ".join(w[4] for w in line)) for line in lines]


def _text(lines: list[str]) -> str:
    """Wrapped lines as the one text they print."""
    text = ""
    for line in lines:
        text = _join(text, line) if text else line
    return " ".join(text.split())


def _join(first: str, then: str) -> str:
    """Two lines of one wrapped text: a word broken after its hyphen ("Undang-" / "Undang")
    is joined without the space."""
    if re.search(r"\w-$", first) and then[:1].isalpha():
        return first + then
    return f"{first} {then}"


def _listitems(lines: list[str]) -> list[str]:
    """Numbered items, each with its wrapped lines; an unnumbered list is one item."""
    items: list[str] = []
    for line in lines:
        if re.match(r"^\s*\d+[.)]\s", line) or not items:
            items.append(line)
        else:
            items[-1] = _join(items[-1], line)
    return list_items(items)


# --- the flowchart --------------------------------------------------------------------------------

def _flowchart(sop: FoundSop, pages: list[_Page]) -> None:
    if not pages:
        sop.doubts["kegiatan"] = "bagan alir tidak ditemukan sesudah halaman identitas"
        return
    steps: dict[int, FoundStep] = {}
    shapes: list[Shape] = []
    row_step: dict[tuple[int, int], int] = {}
    actors: list[tuple[int, str]] = []
    for page in pages:
        table = _table(page)
        if table is None:
            sop.doubts["kegiatan"] = f"kepala tabel bagan alir di halaman {page.number + 1} tidak dikenali"
            continue
        columns, rows = table
        if not actors:
            actors = [(n, name) for n, name in columns["actors"]]
            sop.pelaksana = [name for _, name in actors]
        for r, (top, bottom) in enumerate(rows):
            def text(key, split=False):
                if key not in columns:
                    return [] if split else ""
                x0, x1 = columns[key]
                lines = page.lines_in(x0, x1, top, bottom)
                return _kelengkapan(lines) if split else _text(lines)
            match = re.match(r"\d+", text("no"))
            if not match:
                continue
            nomor = int(match.group())
            row_step[page.number, r] = nomor
            steps[nomor] = FoundStep(nomor=nomor, uraian=text("kegiatan"), pelaksana=[], kind="proses",
                                     kelengkapan=text("kelengkapan", split=True), waktu=text("waktu"),
                                     output=text("output"), keterangan=text("keterangan"))
        shapes += _shapes(page, columns, rows)
    symbols_to_steps(steps, shapes, row_step, actors)
    sop.steps = [steps[n] for n in sorted(steps)]


def _kelengkapan(lines: list[str]) -> list[str]:
    """Items marked "- " (several), wrapped lines joined; else one item."""
    if not lines:
        return []
    if not lines[0].startswith("- "):
        return [_text(lines)]
    items: list[str] = []
    for line in lines:
        if line.startswith("- "):
            items.append(line[2:])
        elif items:
            items[-1] = _join(items[-1], line)
    return [" ".join(item.split()) for item in items]


def _table(page: _Page):
    """Columns (key -> x range; actors as (index, name)) and step rows (y ranges)."""
    if not page.vertical or not page.horizontal:
        return None
    top = min(v[1] for v in page.vertical)
    bottom = max(v[2] for v in page.vertical)
    xs = sorted({v[0] for v in page.vertical})
    full = [h[0] for h in page.horizontal if h[2] - h[1] > (xs[-1] - xs[0]) * 0.9]
    numbers = [w for w in page.words if w[4].isdigit() and xs[0] <= w[0] <= xs[1] and w[1] > top]
    if not numbers:
        return None
    header_bottom = max(y for y in full if y < min(w[1] for w in numbers))
    columns: dict = {"actors": []}
    intervals = list(zip(xs, xs[1:]))
    pelaksana = next((w for w in page.words if w[4] == "Pelaksana" and w[1] < header_bottom), None)
    for index, (x0, x1) in enumerate(intervals):
        label = " ".join(" ".join(page.lines_in(x0, x1, top, header_bottom)).split())
        name = column_name(label.lower().replace("mutu baku", "").strip()) if label else None
        if name and name not in columns:
            columns[name] = (x0, x1)
        elif pelaksana is not None and label and "Mutu Baku" not in label:
            # an actor: its name is under the "Pelaksana" that spans the actor columns
            actor = page.lines_in(x0, x1, pelaksana[3] + 0.5, header_bottom)
            columns["actors"].append((index, " ".join(" ".join(actor).split())))
    rows = [(a, b) for a, b in zip(full, full[1:]) if a >= header_bottom]
    if "no" not in columns or "kegiatan" not in columns or not columns["actors"]:
        return None
    columns["_intervals"] = intervals
    columns["_bottom"] = bottom
    return columns, rows


def _shapes(page: _Page, columns: dict, rows: list[tuple[float, float]]) -> list[Shape]:
    intervals = columns["_intervals"]
    actor_index = {index for index, _ in columns["actors"]}

    def where(x: float, y: float) -> tuple[int, int]:
        row = next((r for r, (a, b) in enumerate(rows) if a <= y < b), len(rows) - 1)
        column = next((i for i, (a, b) in enumerate(intervals) if a <= x < b), -1)
        return row, column

    found: list[Shape] = []
    heads = []
    for drawing in page.drawings:
        if ((drawing.get("width") or 0) <= RULE and drawing["type"] == "s"
                and "".join(item[0] for item in drawing["items"]) == "l"):
            continue  # the table's own lines
        items = drawing["items"]
        kinds = "".join(item[0] for item in items)
        rect = drawing["rect"]
        box = (round(rect.x0 * PT), round(rect.y0 * PT), round(rect.width * PT), round(rect.height * PT))
        row, column = where((rect.x0 + rect.x1) / 2, (rect.y0 + rect.y1) / 2)
        filled = drawing.get("fill") is not None
        if filled and drawing["type"] == "f" and kinds == "lll" and rect.width < 8 and rect.height < 8:
            heads.append([(round(item[1].x * PT), round(item[1].y * PT)) for item in items])
            continue
        if column not in actor_index:
            continue
        if "c" in kinds and filled:
            kind = "terminator"
        elif kinds in ("qu", "re") or (kinds == "llll" and _closed(drawing)):
            if drawing["type"] == "f":
                continue  # the fill of a box whose outline comes as its own path
            kind = _quad(items)
        elif kinds == "lllll":
            kind = "konektor"
        elif not filled and set(kinds) <= {"l", "c"}:
            points = [items[0][1]] + [item[-1] for item in items]
            found.append(Shape("panah", page.number, *box, row, column, "",
                               tuple((round(p.x * PT), round(p.y * PT)) for p in points)))
            continue
        else:
            continue
        text = " ".join(page.lines_in(rect.x0, rect.x1, rect.y0, rect.y1)) if kind == "konektor" else ""
        found.append(Shape(kind, page.number, *box, row, column, text))
    for shape in found:  # an arrow runs toward its head, and ends at the head's tip
        if shape.kind != "panah" or not heads:
            continue

        def gap(point, head):
            return min(abs(point[0] - x) + abs(point[1] - y) for x, y in head)
        start, end = shape.points[0], shape.points[-1]
        head = min(heads, key=lambda h: min(gap(start, h), gap(end, h)))
        if gap(start, head) < gap(end, head):
            shape.points = shape.points[::-1]
            start, end = end, start
        if gap(end, head) < 6 * PT:  # the head stands on the line's end
            tip = max(head, key=lambda v: abs(v[0] - end[0]) + abs(v[1] - end[1]))
            shape.points = shape.points + (tip,)
    found += _labels(page, columns, rows, found, where)
    return found


def _closed(drawing) -> bool:
    items = drawing["items"]
    return bool(drawing.get("closePath")) or items[0][1] == items[-1][-1]


def _quad(items) -> str:
    """A box or a diamond: a diamond's corners are at the middles of its bounding box's sides."""
    item = items[0]
    if item[0] == "re":
        return "proses"
    if item[0] == "qu":
        quad = item[1]
        points = [quad.ul, quad.ur, quad.lr, quad.ll]
    else:
        points = [i[1] for i in items]
    xs = sorted(p.x for p in points)
    return "keputusan" if xs[1] - xs[0] > 2 and xs[3] - xs[2] > 2 else "proses"


def _labels(page: _Page, columns: dict, rows, shapes: list[Shape], where) -> list[Shape]:
    """Words in the actor columns of the step rows outside every symbol: branch labels,
    one label per run of words on a line (and the line under it, when it wraps)."""
    actors = [columns["_intervals"][i] for i, _ in columns["actors"]]
    left, right = actors[0][0], actors[-1][1]
    first = rows[0][0] if rows else 0
    boxes = [s for s in shapes if s.kind != "panah"]
    last = rows[-1][1] if rows else 0
    words = [w for w in page.words if left <= w[0] and w[2] <= right and first <= w[1] and w[3] <= last
             and not any(s.holds((round((w[0] + w[2]) / 2 * PT), round((w[1] + w[3]) / 2 * PT)), 0) for s in boxes)]
    labels: list[list] = []
    for word in sorted(words, key=lambda w: (round(w[3]), w[0])):
        last = labels[-1][-1] if labels else None
        if last is not None and abs(last[3] - word[3]) < 2 and word[0] - last[2] < 6:
            labels[-1].append(word)
        elif last is not None and 0 < word[1] - last[3] < 4 and abs(labels[-1][0][0] - word[0]) < 2:
            labels[-1].append(word)  # the label wraps onto the next line
        else:
            labels.append([word])
    found = []
    for group in labels:
        x0, y0 = min(w[0] for w in group), min(w[1] for w in group)
        x1, y1 = max(w[2] for w in group), max(w[3] for w in group)
        row, column = where((x0 + x1) / 2, (y0 + y1) / 2)
        found.append(Shape("label", page.number, round(x0 * PT), round(y0 * PT), round((x1 - x0) * PT),
                           round((y1 - y0) * PT), row, column, " ".join(w[4] for w in group)))
    return found
