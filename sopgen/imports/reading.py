"""Printed pages (`page.Page`) -> the SOPs they hold (`FoundSop`), whoever drew them.

- **Cells** come from the rules: a word's cell is bounded by the nearest rule on each side
  that passes it.
- **An identity table** is found by its labels (any case and wording, a label that wraps,
  a value in the next cell or behind a ":" column); a list is the text under its label,
  in its cell or the cell below, split into its items.
- **A flowchart table** is found by its header: an activity column (Kegiatan, Aktivitas,
  Uraian...) beside Pelaksana, Mutu Baku, Waktu or Output. The header's columns name
  the actors and the mutu baku; the rules crossing the number column part the step rows.
  A page with no header continues the previous page's table when its columns stand at the
  same places. Identity and flowchart may share a page.
- **The flow** is read by flow.py from the symbols in the actor columns, the rest of the
  ink there, and the words standing alone (branch labels).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field, replace

from . import flow
from .found import FoundSop, FoundStep
from .page import Page, Region, Segment, Word, line_text, text_lines
from .printed import (
    ITEM_START,
    NUMBERING,
    column_name,
    identity_key,
    joined,
    label_key,
    list_items,
    list_key,
    signer,
)

RULE_SLACK = 1.2  # pt: a rule this near a row's or column's line is that line
BRANCH_WORDS = {"ya", "tidak", "y", "t"}  # a branch label set outside the actor columns is no keterangan


def read_sops(source: str, pages: list[Page], sheet: str = "") -> list[FoundSop]:
    """The SOPs on the pages: each identity table starts one, and the flowchart tables
    after it are its; a flowchart with no identity before it (a workbook's sheet) is an
    SOP whose identity the author fills in."""
    sops: list[FoundSop] = []
    tables: list[_Table] = []
    previous: _Table | None = None
    spilling: list[tuple[str, float, float]] = []  # the identity's last-row lists, while they may go on
    for page in pages:
        rules = _Rules(page.segments)
        table = _flow_table(page, rules, previous)
        limit = table.top if table is not None else page.height
        if spilling and table is None and _spilled(sops[-1], page, rules, spilling):
            spilling = []
            continue
        carried, spilling = spilling, []
        if _has_identity(page, rules, limit):
            if sops and not tables and _repeats_header(sops[-1], page, rules, limit):
                _carried_on(sops[-1], page, rules, limit, carried)
                spilling = _identity(sops[-1], page, rules, limit, again=True) if table is None else []
                continue  # the identity page ran on under its repeated header block
            if sops:
                sops[-1:] = _flowcharts(sops[-1], tables)
            sops.append(FoundSop(source=f"{source}, halaman {page.number + 1}"))
            spilling = _identity(sops[-1], page, rules, limit)
            tables = []
            if table is not None:
                spilling = []
            if table is None and _mostly_picture(page, 0.15):
                sops[-1].flowchart = "gambar"  # the flowchart pasted as a picture under the identity
        if table is None and sops and not tables and _mostly_picture(page):
            sops[-1].flowchart = "gambar"  # a flowchart pasted as a picture on a page of its own
        if table is not None and not sops:
            sops.append(FoundSop(source=f"{source}, {sheet or f'halaman {page.number + 1}'}", sheet=sheet))
            sops[-1].nama = _title(page, table)
            sops[-1].identity_read()
            sops[-1].doubts["nomor"] = "dokumen ini tidak memuat halaman identitas; isi dari SOP aslinya"
        if table is not None:
            tables.append(table)
            previous = table
        elif table is None:
            previous = None
    if sops:
        sops[-1:] = _flowcharts(sops[-1], tables)
    return sops


def _mostly_picture(page: Page, share: float = 0.25) -> bool:
    """A page on which raster pictures (a flowchart often comes in strips) take more than
    `share` of the page; a logo or a QR code is far smaller than a strip."""
    areas = [(x1 - x0) * (y1 - y0) for x0, y0, x1, y1 in page.pictures]
    return sum(a for a in areas if a > 0.03 * page.width * page.height) > share * page.width * page.height


def _title(page: Page, table: "_Table") -> str:
    """The text above a flowchart that has no identity table: its SOP's name."""
    lines = text_lines([w for w in page.words if w.y1 <= table.top + 0.5])
    return joined([line_text(line) for line in lines[-2:]]) if lines else ""


# --- cells ----------------------------------------------------------------------------------------

SHORT_RULE = 15.0  # pt: a vertical rule shorter than this must join two horizontal ones
NEAR_RULE = 2.0


class _Rules:
    """The page's straight rules, to find the cell around a point."""

    def __init__(self, segments: list[Segment]):
        self.horizontal = [(s.y0 if s.y0 == s.y1 else (s.y0 + s.y1) / 2, min(s.x0, s.x1), max(s.x0, s.x1))
                           for s in segments if s.horizontal]
        self.vertical = [((s.x0 + s.x1) / 2, min(s.y0, s.y1), max(s.y0, s.y1)) for s in segments if s.vertical]
        self.vertical = [v for v in self.vertical if v[2] - v[1] >= SHORT_RULE or self._spans_rows(v)]

    def _spans_rows(self, vertical: tuple[float, float, float]) -> bool:
        """A short vertical is a cell rule only when both its ends meet a rule: a
        horizontal one, or the next piece of a rule drawn line by line (a stray bar left
        in a cell, as a text cursor drawn into the PDF, meets none)."""
        x, top, bottom = vertical

        def anchored(y: float) -> bool:
            return any(abs(h[0] - y) <= NEAR_RULE and h[1] - NEAR_RULE <= x <= h[2] + NEAR_RULE
                       for h in self.horizontal) or any(
                v is not vertical and abs(v[0] - x) <= NEAR_RULE and v[1] - NEAR_RULE <= y <= v[2] + NEAR_RULE
                for v in self.vertical)
        return anchored(top) and anchored(bottom)

    def cell(self, x: float, y: float) -> tuple[float, float, float, float]:
        """The nearest rules left, right, above and below a point (x0, x1, y0, y1)."""
        left = max((v[0] for v in self.vertical if v[0] <= x and v[1] - 1 <= y <= v[2] + 1), default=0.0)
        right = min((v[0] for v in self.vertical if v[0] > x and v[1] - 1 <= y <= v[2] + 1), default=10_000.0)
        top = max((h[0] for h in self.horizontal if h[0] <= y and h[1] - 1 <= x <= h[2] + 1), default=0.0)
        bottom = min((h[0] for h in self.horizontal if h[0] > y and h[1] - 1 <= x <= h[2] + 1), default=10_000.0)
        return left, right, top, bottom

    def crossing_x(self, y: float, x0: float = -1.0, x1: float = 10_000.0) -> list[float]:
        """The x of every vertical rule that passes the height y, between x0 and x1."""
        return _merged(v[0] for v in self.vertical if v[1] - 0.5 <= y <= v[2] + 0.5 and x0 - 1 <= v[0] <= x1 + 1)

    def crossing_y(self, x: float, y0: float = -1.0, y1: float = 10_000.0) -> list[float]:
        return _merged(h[0] for h in self.horizontal if h[1] - 0.5 <= x <= h[2] + 0.5 and y0 - 1 <= h[0] <= y1 + 1)


def _merged(values, within: float = 2.0) -> list[float]:
    merged: list[float] = []
    for value in sorted(values):
        if merged and value - merged[-1] <= within:
            continue
        merged.append(value)
    return merged


@dataclass
class _Cell:
    box: tuple[float, float, float, float]  # x0, x1, y0, y1
    lines: list[list[Word]]

    @property
    def texts(self) -> list[str]:
        return [line_text(line) for line in self.lines]


def _cells(page: Page, rules: _Rules, limit: float) -> list[_Cell]:
    """Every ruled cell above `limit` that holds words, top to bottom, left to right."""
    by_box: dict[tuple[float, float, float, float], list[Word]] = {}
    for word in page.words:
        if word.cy < limit:
            by_box.setdefault(rules.cell(word.cx, word.cy), []).append(word)
    cells = [_Cell(box, text_lines(words)) for box, words in by_box.items()]
    return sorted(cells, key=lambda c: (c.box[2], c.box[0]))


def _cell_at(cells: list[_Cell], x: float, y: float) -> _Cell | None:
    return next((c for c in cells if c.box[0] <= x <= c.box[1] and c.box[2] <= y <= c.box[3]), None)


# --- identity -------------------------------------------------------------------------------------

def _has_identity(page: Page, rules: _Rules, limit: float) -> bool:
    found = set()
    for cell in _cells(page, rules, limit):
        found.update(key for key, _ in _identity_fields(cell))
    # a decree's list of SOPs has "Nomor SOP" and a date column too, but no signer or
    # tanggal pembuatan beside them
    return "nomor" in found and bool(found & {"tanggal_pembuatan", "disahkan_oleh"})


def _identity(sop: FoundSop, page: Page, rules: _Rules, limit: float,
              again: bool = False) -> list[tuple[str, float, float]]:
    """Read the identity table into `sop`; return the lists in its last row (key, x0, x1),
    which may go on over the page. `again`: a page that continues the identity table
    under its repeated header, whose lists fill the ones the first page left empty."""
    cells = _cells(page, rules, limit)
    for cell in cells:
        for key, rest in _identity_fields(cell):
            if rest is None:
                rest = _value_beside(cells, cell)
            if rest is None:
                continue
            if key == "disahkan_oleh":
                sop.disahkan_oleh = sop.disahkan_oleh or _signature(rest)
            else:
                text = joined([line_text(line) for line in rest])
                if text and not getattr(sop, key):
                    setattr(sop, key, text.lstrip(": ").strip())
    spilling: list[tuple[str, _Cell]] = []
    for cell in cells:
        key, items, right = _list_label(cells, cell)
        if key is not None and (key not in sop.lists or again and not sop.lists[key]):
            sop.lists[key] = _items(items, right)
            spilling.append((key, cell))
    sop.identity_read()
    bottom = max((c.box[3] for _, c in spilling if c.box[3] < 10_000), default=None)
    return [(key, cell.box[0], cell.box[1]) for key, cell in spilling
            if bottom is not None and abs(cell.box[3] - bottom) <= 2]


def _repeats_header(sop: FoundSop, page: Page, rules: _Rules, limit: float) -> bool:
    """Whether an identity page repeats the header of the one before it: the same SOP
    number (a writer repeats a table's header rows on the page it runs onto)."""
    header = FoundSop(source="")
    _identity(header, page, rules, limit)
    return bool(sop.nomor) and "".join(header.nomor.split()) == "".join(sop.nomor.split())


def _carried_on(sop: FoundSop, page: Page, rules: _Rules, limit: float,
                carried: list[tuple[str, float, float]]) -> None:
    """The lines under the repeated header that no label heads: they go on the lists the
    previous page ended with."""
    cells = _cells(page, rules, limit)
    top = max((c.box[3] for c in cells if _identity_fields(c) and c.box[3] < 10_000), default=None)
    if top is None:
        return
    for cell in cells:
        if cell.box[2] < top - 2 or _is_label_cell(cell) or not cell.lines:
            continue
        key = _list_under(carried, cell)
        if key is not None:
            _go_on(sop, key, cell)


def _spilled(sop: FoundSop, page: Page, rules: _Rules, spilling: list[tuple[str, float, float]]) -> bool:
    """A page that only continues the identity table's last row (a writer lets a row
    break across pages): its ruled cells' lines are the lists' last items. False when the
    page is something else."""
    cells = [c for c in _cells(page, rules, page.height)
             if c.box[0] > 0 and c.box[1] < 10_000 and c.box[2] > 0 and c.box[3] < 10_000]
    if not cells or _has_identity(page, rules, page.height):
        return False
    bottom = max(c.box[3] for c in cells)
    if sum(len(line) for c in cells for line in c.lines) < sum(w.cy < bottom for w in page.words):
        return False  # words outside the ruled cells: another kind of page (a footer is below them)
    found = [(_list_under(spilling, cell), cell) for cell in cells]
    if any(key is None for key, _ in found):
        return False
    for key, cell in found:
        _go_on(sop, key, cell)
    return True


def _list_under(lists: list[tuple[str, float, float]], cell: _Cell) -> str | None:
    """Which of the lists (key, x0, x1) a cell stands under, by its column."""
    return next((k for k, x0, x1 in lists if x0 - 2 <= cell.box[0] and cell.box[1] <= x1 + 2), None)


def _go_on(sop: FoundSop, key: str, cell: _Cell) -> None:
    """A cell's lines continue the list `key`: a first line that starts no item ends the
    list's last item, the rest are items of their own."""
    items = _items(cell.lines, cell.box[1])
    listed = sop.lists.setdefault(key, [])
    if items and listed and not ITEM_START.match(cell.texts[0]):
        listed[-1] = joined([listed[-1], items.pop(0)])
    listed += items


def _identity_fields(cell: _Cell) -> list[tuple[str, list[list[Word]] | None]]:
    """The identity fields a cell labels, each with its value where the same cell holds
    it behind a colon ("Nomor SOP : 800/1/2025", one field a line, a value running on to
    the next label), or None where the value is in the next cell."""
    texts = cell.texts
    for count in range(len(texts), 0, -1):
        key = identity_key(" ".join(texts[:count]))
        if key:
            return [(key, None if count == len(texts) else cell.lines[count:])]
    fields: list[tuple[str, list[list[Word]]]] = []
    for line in cell.lines:
        labelled = _colon_label(line)
        if labelled is not None:
            fields.append((labelled[0], [labelled[1]] if labelled[1] else []))
        elif fields:
            fields[-1][1].append(line)
    return list(fields)


def _colon_label(line: list[Word]) -> tuple[str, list[Word]] | None:
    """A line that begins "Label :" with an identity label: the field and the words after."""
    for n in range(1, min(len(line), 5)):
        head = line_text(line[:n])
        if head.rstrip().endswith(":") or line[n].text.startswith(":"):
            key = identity_key(head)
            if key:
                tail = list(line[n:])
                if tail and tail[0].text.startswith(":"):
                    rest = tail[0].text[1:].strip()
                    tail = ([Word(tail[0].x0, tail[0].y0, tail[0].x1, tail[0].y1, rest)] if rest else []) + tail[1:]
                return key, tail
            return None
    return None


def _value_beside(cells: list[_Cell], label: _Cell) -> list[list[Word]] | None:
    """The value cell right of a label (past a cell that holds only ":")."""
    y = (label.box[2] + label.box[3]) / 2
    y = label.lines[0][0].cy if label.lines else y
    x = label.box[1] + 1
    for _ in range(3):
        beside = _cell_at(cells, x, y)
        if beside is None:
            others = [c for c in cells if c.box[0] >= label.box[1] - 1 and c.box[2] - 1 <= y <= c.box[3] + 1]
            beside = min(others, key=lambda c: c.box[0], default=None)
            if beside is None:
                return None
        lines = [[w for w in line if w.text != ":"] for line in beside.lines]
        lines = [line for line in lines if line]
        if lines:
            return lines
        x = beside.box[1] + 1
    return None


def _signature(lines: list[list[Word]]) -> dict[str, str]:
    """The signature block's lines in blocks parted by the space left for the signature.
    A line of nothing but marks of one or two letters is the signature itself, or its
    stamp, read from a scan: part of that space."""
    blocks: list[list[str]] = []
    previous = None
    lines = [line for line in lines if not all(len(re.sub(r"\W", "", w.text)) <= 2 for w in line)]
    # the lowest line's height: a scan's line under the ink signature reads taller
    height = min((max(w.y1 - w.y0 for w in line) for line in lines), default=0.0)
    for line in lines:
        top = min(w.y0 for w in line)
        if previous is None or top - previous > 1.2 * height:
            blocks.append([])
        blocks[-1].append(line_text(line))
        previous = max(w.y1 for w in line)
    return signer([t for block in blocks for t in block], blocks)


def _list_label(cells: list[_Cell], cell: _Cell) -> tuple[str | None, list[list[Word]], float]:
    """A list's label, its item lines (the rest of its cell, or else the cell below) and
    the right rule of the cell they are in."""
    texts = cell.texts
    for count in (1, 2):
        if count > len(texts):
            break
        head = " ".join(texts[:count])
        key = list_key(head)
        if key is None or len(label_key(head)) > 40:
            continue
        rest = cell.lines[count:]
        first = texts[0]
        if count == 1 and ":" in first and label_key(first.split(":", 1)[1]):
            colon = next(i for i, w in enumerate(cell.lines[0]) if ":" in w.text)
            tail = cell.lines[0][colon + 1:]
            rest = ([tail] if tail else []) + rest
        right = cell.box[1]
        if not rest:
            below = _cell_at(cells, (cell.box[0] + cell.box[1]) / 2, cell.box[3] + 1.5)
            if below is not None and not _is_label_cell(below):
                rest, right = below.lines, below.box[1]
        return key, rest, right
    return None, [], cell.box[1]


def _is_label_cell(cell: _Cell) -> bool:
    return bool(cell.texts) and (list_key(cell.texts[0]) is not None or identity_key(cell.texts[0]) is not None)


def _items(lines: list[list[Word]], right: float | None = None) -> list[str]:
    """A printed list's items: a line that starts with a number or bullet starts an item
    (numbers in a column of their own, vertically centred on their item, included); the
    lines that follow continue it; unnumbered lines are items of their own when no line
    is numbered (`right`, the cell's right rule, tells a wrapped line from a short one)."""
    if not lines:
        return []
    column = _number_column(lines)
    if column is not None:
        return _numbered_items(*column)
    marks = [line for line in lines if ITEM_START.match(line_text(line)) or NUMBERING.match(line[0].text + " ")]
    if not marks:
        texts = [line_text(line) for line in lines]
        indent = min(line[0].x0 for line in lines)
        if len(lines) > 1 and all(abs(line[0].x0 - indent) < 2 for line in lines):
            # unnumbered lines: each line an item unless it continues the one before
            return list_items(_unnumbered(lines, right))
        return list_items([joined(texts)])
    items: list[str] = []
    for line in lines:
        text = line_text(line)
        if ITEM_START.match(text) or NUMBERING.match(line[0].text + " ") and line in marks or not items:
            items.append(text)
        else:
            items[-1] = joined([items[-1], text])
    return list_items(items)


def _unnumbered(lines: list[list[Word]], right: float | None = None) -> list[str]:
    """Unnumbered lines: one item a line, except that a line continues the one before
    when its first word would not have fitted at the end of it (the text wrapped; known
    with the cell's right rule), when it begins in lower case, or when the line before
    ends mid-sentence ("-", ",", "dan", "atau")."""
    items: list[str] = []
    for previous, line in zip([None] + lines, lines):
        text = line_text(line)
        wrapped = right is not None and previous is not None and (
            previous[-1].x1 + 0.3 * (line[0].y1 - line[0].y0) + (line[0].x1 - line[0].x0) > right - 1)
        if items and (wrapped or text[:1].islower() or items[-1].rstrip().endswith(("-", ",", " dan", " atau"))):
            items[-1] = joined([items[-1], text])
        else:
            items.append(text)
    return items


MAX_SPLIT = 150  # lines of a list whose every split into items is weighed (quadratic in them)


def _number_column(lines: list[list[Word]]) -> tuple[list[Word], list[list[Word]]] | None:
    """The item numbers, when they stand in a column of their own left of every line of
    text (a hanging indent, or a table column of numbers), and the text's lines without
    them; None for a list whose lines run back under its numbers."""
    numbers = [line[0] for line in lines if re.fullmatch(r"\d{1,3}[.,)]?", line[0].text)]
    if len(numbers) < 2:
        return None
    taken = {id(w) for w in numbers}
    rest = [w for line in lines for w in line if id(w) not in taken]
    if not rest:
        return None
    indent = min(w.x0 for w in rest)
    if any(w.x1 > indent - 1 for w in numbers):
        return None
    text = text_lines(rest)
    if len(numbers) > len(text) or len(text) > MAX_SPLIT:
        return None  # more numbers than lines, or too long a list to weigh every split
    return sorted(numbers, key=lambda w: w.cy), text


def _numbered_items(numbers: list[Word], text: list[list[Word]]) -> list[str]:
    """Items whose numbers stand in a column of their own. A number stands level with its
    item's first line, or centred on its item's lines (a table cell centres it), and an
    item's lines follow each other at the list's line spacing: the split of the lines
    into as many items as numbers that fits that best."""
    count, size = len(numbers), len(text)
    tops = [min(w.y0 for w in line) for line in text]
    bottoms = [max(w.y1 for w in line) for line in text]
    centres = [(t + b) / 2 for t, b in zip(tops, bottoms)]
    spacing = min((b - a for a, b in zip(tops, tops[1:]) if b - a > 0.5), default=1.0)
    # loose[i]: how far the step from line i-1 to line i exceeds the list's line spacing
    loose = [0.0] + [max(0.0, b - a - 1.4 * spacing) for a, b in zip(tops, tops[1:])]
    running = [0.0]
    for value in loose:
        running.append(running[-1] + value)

    def split(centred: bool) -> tuple[float, list[tuple[int, int]]]:
        """The best split with every number level with its item's first line, or with
        every number centred on its item (one list keeps one style)."""
        def cost(number: Word, first: int, end: int) -> float:  # the item is lines first..end-1
            place = (tops[first] + bottoms[end - 1]) / 2 if centred else centres[first]
            return abs(number.cy - place) + 3 * (running[end] - running[first + 1])

        best: dict[tuple[int, int], tuple[float, int]] = {(0, 0): (0.0, -1)}
        for k, number in enumerate(numbers, start=1):
            for end in range(k, size - (count - k) + 1):
                options = [(best[k - 1, first][0] + cost(number, first, end), first)
                           for first in range(k - 1, end) if (k - 1, first) in best]
                if options:
                    best[k, end] = min(options)
        bounds, end = [], size
        for k in range(count, 0, -1):
            first = best[k, end][1]
            bounds.append((first, end))
            end = first
        return best[count, size][0], bounds[::-1]

    _, bounds = min(split(False), split(True), key=lambda found: found[0])
    return list_items([joined([line_text(line) for line in text[a:b]]) for a, b in bounds])


# --- the flowchart table --------------------------------------------------------------------------

@dataclass
class _Table:
    page: Page
    top: float  # the header's top (or the table's, on a page without a header)
    body: float  # where the step rows begin
    bottom: float
    columns: list[tuple[float, float]]  # x ranges
    names: dict[str, int]  # no, kegiatan, kelengkapan, waktu, output, keterangan -> column
    actors: list[tuple[int, str]]  # (column, name)
    rows: list[tuple[float, float]] = field(default_factory=list)
    rules: _Rules | None = None

    def column_of(self, x: float) -> int:
        return next((i for i, (a, b) in enumerate(self.columns) if a <= x < b), -1)

    def row_of(self, y: float) -> int:
        return next((i for i, (a, b) in enumerate(self.rows) if a <= y < b), -1)

    def text(self, key: str, row: int) -> list[list[Word]]:
        if key not in self.names:
            return []
        x0, x1 = self.columns[self.names[key]]
        y0, y1 = self.rows[row]
        return self.page.lines_in(x0, x1, y0, y1)


def _flow_table(page: Page, rules: _Rules, previous: _Table | None) -> _Table | None:
    header = _header(page, rules)
    if header is not None:
        top, bottom = header
        columns = _columns(rules, bottom)
        if len(columns) < 4:
            return None
        table = _named(page, rules, columns, top, bottom)
    elif previous is not None:
        table = _continued(page, rules, previous)
    else:
        return None
    if table is None:
        return None
    table.rules = rules
    _rows(table, rules)
    return table


def _header(page: Page, rules: _Rules) -> tuple[float, float] | None:
    """The flowchart header's top and bottom: the cell of an activity column's label,
    with a Pelaksana, Mutu Baku, Waktu or Output label beside it."""
    for word in page.words:
        if not re.match(r"(?i)^(kegiatan|aktivitas|aktifitas|uraian|prosedur)", word.text):
            continue
        x0, x1, y0, y1 = rules.cell(word.cx, word.cy)
        if y1 - y0 > 200 or x1 - x0 > 400:
            continue
        cell_words = page.words_in(x0, x1, y0, y1)
        label = " ".join(line_text(line) for line in text_lines(cell_words))
        if column_name(label) != "kegiatan":
            continue
        beside = page.words_in(x1, 10_000, y0 - 2, y1 + 2)
        if any(re.match(r"(?i)^(pelaksana|mutu|waktu|output)", w.text) for w in beside):
            return y0, y1
    return None


def _columns(rules: _Rules, header_bottom: float) -> list[tuple[float, float]]:
    xs = rules.crossing_x(header_bottom + 3)
    return list(zip(xs, xs[1:]))


def _header_label(page: Page, rules: _Rules, x0: float, x1: float, top: float, bottom: float) -> str:
    """A column's own header: the lowest header cell over it (not a label spanning
    several columns above, such as "Pelaksana" or "Mutu Baku")."""
    middle = (x0 + x1) / 2
    lines = rules.crossing_y(middle, top + 1, bottom - 1)
    upper = max((y for y in lines if top + 1 < y < bottom - 1), default=top)
    words = [w for w in page.words_in(x0, x1, upper, bottom)]
    return " ".join(line_text(line) for line in text_lines(words))


def _named(page: Page, rules: _Rules, columns: list[tuple[float, float]], top: float, bottom: float) -> _Table | None:
    labels = [_header_label(page, rules, a, b, top, bottom) for a, b in columns]
    names: dict[str, int] = {}
    for index, label in enumerate(labels):
        name = column_name(label)
        if name == "kegiatan" and "kegiatan" in names and names["kegiatan"] == index - 1 and "no" not in names:
            names["no"] = index - 1  # "Uraian Prosedur" over the number column too
            names["kegiatan"] = index
            continue
        if name and name not in names:
            names[name] = index
    if "kegiatan" not in names:
        return None
    names.setdefault("no", names["kegiatan"] - 1 if names["kegiatan"] > 0 else names["kegiatan"])
    mutu = [names[k] for k in ("kelengkapan", "waktu", "output") if k in names]
    end = min(mutu) if mutu else len(columns)
    actors = [(i, " ".join(labels[i].split())) for i in range(names["kegiatan"] + 1, end)]
    if "keterangan" not in names and "output" in names and names["output"] + 1 < len(columns):
        names["keterangan"] = names["output"] + 1  # an unheaded last column
    if not actors:
        return None
    return _Table(page, top, bottom, 0.0, columns, names, actors)


def _continued(page: Page, rules: _Rules, previous: _Table) -> _Table | None:
    """A page with no header continues the table above when its columns are the same."""
    xs = [a for a, _ in previous.columns] + [previous.columns[-1][1]]
    verticals = [v for v in rules.vertical if any(abs(v[0] - x) <= 1.5 for x in xs)]
    if not verticals:
        return None
    top = min(v[1] for v in verticals)
    at = rules.crossing_x(top + 3)
    if sum(any(abs(a - x) <= 1.5 for a in at) for x in xs) < 0.7 * len(xs):
        return None
    return _Table(page, top, top, 0.0, previous.columns, previous.names, previous.actors)


def _rows(table: _Table, rules: _Rules) -> None:
    x0, x1 = table.columns[table.names["no"]]
    bottoms = [v[2] for v in rules.vertical if abs(v[0] - table.columns[0][0]) <= 1.5 and v[2] > table.body]
    table.bottom = max(bottoms, default=table.page.height)
    ys = [y for y in rules.crossing_y((x0 + x1) / 2, table.body - 0.5, table.bottom + 0.5)]
    if not ys or ys[0] > table.body + 2:
        ys = [table.body] + ys
    table.rows = list(zip(ys, ys[1:]))


# --- the flowchart --------------------------------------------------------------------------------

def _flowcharts(sop: FoundSop, tables: list[_Table]) -> list[FoundSop]:
    """The SOP with its flowchart; or, where one identity page heads several flowcharts
    (each with its own header and its steps numbered from 1 again), one SOP for each,
    the identity repeated and marked for the author to tell them apart."""
    runs: list[list[_Table]] = []
    for table in tables:
        if not runs or (table.body > table.top and _starts_at_one(table) and _starts_at_one(runs[-1][0])):
            runs.append([])
        runs[-1].append(table)
    if len(runs) <= 1:
        _flowchart(sop, tables)
        return [sop]
    document = sop.source.rsplit(", halaman", 1)[0]
    found = [sop] + [replace(copy.deepcopy(sop), source=f"{document}, halaman {run[0].page.number + 1}")
                     for run in runs[1:]]
    for n, (each, run) in enumerate(zip(found, runs), start=1):
        title = _title(run[0].page, run[0])
        each.doubts["nomor"] = (f"satu halaman identitas untuk {len(runs)} bagan alir; ini bagan ke-{n}"
                                + (f" (\"{title}\")" if title else "") + ": beri nomor dan nama sendiri")
        _flowchart(each, run)
    return found


def _starts_at_one(table: _Table) -> bool:
    """The table's first step row is numbered 1 (a row of column numbers passed over)."""
    for row in range(len(table.rows)):
        number = joined([line_text(line) for line in table.text("no", row)])
        activity = joined([line_text(line) for line in table.text("kegiatan", row)])
        if number and activity and not COLUMN_NUMBERS.match(activity):
            return number.rstrip(".") == "1"
    return False


def _flowchart(sop: FoundSop, tables: list[_Table]) -> None:
    if not tables and sop.flowchart == "gambar":
        sop.doubts["kegiatan"] = ("bagan alir berupa gambar, bukan teks dan garis; ketik langkah-langkahnya"
                                  " (atau baca dengan OCR)")
        return
    if not tables:
        sop.flowchart = "tidak ada"
        sop.doubts["kegiatan"] = "bagan alir tidak ditemukan sesudah halaman identitas"
        return
    actors = [name for _, name in tables[0].actors]
    sop.pelaksana = actors
    steps: dict[int, FoundStep] = {}
    inks: list[flow.Ink] = []
    picture = False
    for table in tables:
        row_step: dict[int, int] = {}
        for r in range(len(table.rows)):
            nomor = _step_row(sop, table, r, steps)
            if nomor is not None:
                row_step[r] = nomor
        ink = _ink(table, row_step, actors)
        picture = picture or (not ink.symbols and _picture_over_actors(table))
        inks.append(ink)
    if picture:
        sop.flowchart = "gambar"
        sop.doubts["kegiatan"] = ("bagan alir berupa gambar, bukan garis: simbol dan panahnya tidak terbaca;"
                                  " isi pelaksana tiap langkah dan periksa alurnya (atau baca dengan OCR)")
    else:
        flow.apply(steps, inks, actors)
    sop.steps = [steps[n] for n in sorted(steps)]
    if picture:
        for step in sop.steps:
            step.doubts.setdefault("pelaksana", "bagan alir berupa gambar; isi pelaksananya")
    printed = [s.printed for s in sop.steps]
    if printed != [str(n) for n in range(1, len(sop.steps) + 1)]:
        sop.doubts.setdefault("kegiatan", "nomor langkah yang tercetak tidak berurutan dari 1; periksa urutan"
                              " langkah")


COLUMN_NUMBERS = re.compile(r"^\(?\d{1,2}\)?$")


def _step_row(sop: FoundSop, table: _Table, row: int, steps: dict[int, FoundStep]) -> int | None:
    """The step a row holds (a new one numbered in order), or None: a row of column
    numbers, an empty row, or the rest of the step above carried over a page."""
    words = [w for w in table.page.words if table.rows[row][0] <= w.cy <= table.rows[row][1]
             and table.columns[0][0] <= w.cx <= table.columns[-1][1]]
    if len(words) >= 3 and all(COLUMN_NUMBERS.match(w.text) for w in words):
        return None
    number = joined([line_text(line) for line in table.text("no", row)])
    uraian_lines = [line_text(line) for line in table.text("kegiatan", row)]
    match = re.match(r"^(\d{1,3})[.)]?$", number)
    if not match and uraian_lines:
        inline = re.match(r"^(\d{1,3})[.)]\s+", uraian_lines[0])
        if inline and not number:
            match = inline
            uraian_lines[0] = uraian_lines[0][inline.end():]
    y0, y1 = table.rows[row]
    has_symbol = any(y0 <= r.center[1] <= y1 and table.column_of(r.center[0]) in dict(table.actors)
                     and r.kind not in ("konektor", "lingkaran") for r in table.page.regions)
    if not match and not has_symbol:
        if uraian_lines and steps and row == 0 and table.page.number > 0:
            last = steps[max(steps)]
            last.uraian = joined([last.uraian] + uraian_lines)
        return None
    if not uraian_lines and not match:
        return None
    nomor = len(steps) + 1
    steps[nomor] = FoundStep(
        nomor=nomor, uraian=joined(uraian_lines), pelaksana=[], kind="proses",
        kelengkapan=_kelengkapan(table.text("kelengkapan", row)),
        waktu=joined([line_text(line) for line in table.text("waktu", row)]),
        output=_running_text(table.text("output", row)),
        keterangan=_keterangan(table, row),
        printed=match.group(1) if match else "")
    return nomor


def _running_text(lines: list[list[Word]]) -> str:
    """A one-text field printed as a numbered list ("1. Dokumen ... 2. BA ..."): its items
    joined, their numbers left out; other text as it wraps."""
    if sum(bool(ITEM_START.match(line_text(line))) for line in lines) >= 2:
        return " ".join(_items(lines))
    return joined([line_text(line) for line in lines])


def _keterangan(table: _Table, row: int) -> str:
    """The row's keterangan; a note in a cell merged over several rows is each row's."""
    lines = table.text("keterangan", row)
    if "keterangan" in table.names and table.rules is not None:
        x0, x1 = table.columns[table.names["keterangan"]]
        y0, y1 = table.rows[row]
        box = table.rules.cell((x0 + x1) / 2, (y0 + y1) / 2)
        if box[2] < y0 - 1 or box[3] > y1 + 1:  # the cell spans more than this row
            lines = table.page.lines_in(x0, x1, max(box[2], table.body), min(box[3], table.bottom))
    text = _running_text(lines)
    return "" if text and all(w.lower() in BRANCH_WORDS for w in text.split()) else text


def _kelengkapan(lines: list[list[Word]]) -> list[str]:
    """The first mutu baku column's items: numbered or bulleted lines each an item,
    wrapped lines joined; otherwise one item."""
    if not lines:
        return []
    if not any(ITEM_START.match(line_text(line)) for line in lines):
        text = joined([line_text(line) for line in lines])
        return [text] if text and text != "-" else []
    return _items(lines)


def _ink(table: _Table, row_step: dict[int, int], actors: list[str]) -> flow.Ink:
    """A table's flow on its page: the symbols in its actor columns (and connectors
    beside it), the ink that is not its rules, and the words that stand alone."""
    page = table.page
    ink = flow.Ink(page.number)
    actor_columns = [c for c, _ in table.actors]
    left = table.columns[actor_columns[0]][0]
    right = table.columns[actor_columns[-1]][1]
    index = {c: i for i, c in enumerate(actor_columns)}
    def outside_above(y: float) -> bool:  # a connector drawn above the table, and the line from it
        return table.top - 60 <= y < table.top

    for region in page.regions:
        cx, cy = region.center
        if not left - 40 <= cx <= right + 40:
            continue
        if cy < table.body and not (outside_above(cy) and region.kind in ("konektor", "lingkaran")):
            continue
        column, row = table.column_of(cx), table.row_of(cy)
        region.text = " ".join(w.text for w in page.words if region.holds(w.cx, w.cy))
        connector = region.kind in ("konektor", "lingkaran")
        if not connector and (column not in index or row not in row_step):
            continue
        ink.symbols.append(flow.Symbol(region, page.number, row_step.get(row) if not connector else None,
                                       index.get(column, -1)))
    by_region = {id(s.region): s for s in ink.symbols}
    ink.links = [(by_region[id(a)], by_region[id(b)]) for a, b in page.links
                 if id(a) in by_region and id(b) in by_region]
    ink.arrows = [a for a in page.arrows if a[-1][1] >= table.body - 1 or outside_above(a[-1][1])]
    row_lines = [a for a, _ in table.rows] + ([table.rows[-1][1]] if table.rows else []) + [table.body]
    column_lines = [a for a, _ in table.columns] + [table.columns[-1][1]]
    for segment in page.segments:
        if (min(segment.y0, segment.y1) < table.body - 1 and not outside_above(min(segment.y0, segment.y1))) or not (
                left - 40 <= min(segment.x0, segment.x1) and max(segment.x0, segment.x1) <= right + 40):
            continue
        if segment.horizontal and any(abs(segment.y0 - y) <= RULE_SLACK for y in row_lines):
            continue
        if segment.vertical and any(abs(segment.x0 - x) <= RULE_SLACK for x in column_lines):
            continue
        ink.segments.append(segment)
    ink.heads = [h for h in page.heads if (h.center[1] >= table.body - 1 or outside_above(h.center[1]))
                 and left - 40 <= h.center[0] <= right + 40]
    alone = [w for w in page.words if table.body <= w.cy <= table.bottom + 40
             and (left <= w.cx <= right or w.cx > right and w.text.lower() in BRANCH_WORDS)
             and not any(r.holds(w.cx, w.cy) for r in page.regions)]
    groups: list[list[Word]] = []
    for line in text_lines(alone):
        group: list[Word] = []
        for word in line:
            if group and word.x0 - group[-1].x1 > 6:
                groups.append(group)
                group = []
            group.append(word)
        if group:
            groups.append(group)
    ink.labels = [_label(group) for group in _wrapped(groups, ink.segments)]
    return ink


def _wrapped(groups: list[list[Word]], segments: list[Segment]) -> list[list[Word]]:
    """Word groups with a label's wrapped lines joined ("Tidak" over "sesuai"): a group
    right under another, overlapping it across, with no line drawn between them."""
    joined: list[list[Word]] = []
    for group in groups:  # top to bottom
        x0, x1 = min(w.x0 for w in group), max(w.x1 for w in group)
        top, height = min(w.y0 for w in group), max(w.y1 - w.y0 for w in group)
        above = next((g for g in reversed(joined)
                      if 0 <= top - max(w.y1 for w in g) <= 0.6 * height
                      and min(x1, max(w.x1 for w in g)) > max(x0, min(w.x0 for w in g))), None)
        if above is not None and not any(
                seg.horizontal and max(w.y1 for w in above) - 1 <= seg.y0 <= top + 1
                and min(seg.x0, seg.x1) < x1 and max(seg.x0, seg.x1) > x0 for seg in segments):
            above += group
        else:
            joined.append(group)
    return joined


def _label(words: list[Word]) -> Region:
    return Region("label", min(w.x0 for w in words), min(w.y0 for w in words), max(w.x1 for w in words),
                  max(w.y1 for w in words), line_text(sum(text_lines(words), [])))


def _picture_over_actors(table: _Table) -> bool:
    actor_columns = [c for c, _ in table.actors]
    left, right = table.columns[actor_columns[0]][0], table.columns[actor_columns[-1]][1]
    for x0, y0, x1, y1 in table.page.pictures:
        overlap = max(0.0, min(x1, right) - max(x0, left)) * max(0.0, min(y1, table.bottom) - max(y0, table.body))
        if overlap > 0.3 * (right - left) * max(table.bottom - table.body, 1.0):
            return True
    return False
