"""What a careful reader of a flowchart page could misread, counted on the layout's
geometry: a branch label nearer another line than its own, two unrelated arrows that
line up end to end across a short empty stretch (read as one line), a hairpin return,
a fan-out that climbs back up a row, and an arrow entering a diamond next to where one of
its branches leaves.

Used by the layout tests (sample SOPs and random flows) and by bench/readability.py."""

from __future__ import annotations

from sopgen.flowchart.geometry import MM, Diagram, Page, Shape, box_distance
from sopgen.flowchart.route import overlap

LABEL_FAR = 4 * MM  # a label farther than this from every stretch of its branch floats
LINE_UP_GAP = 15 * MM  # unrelated arrows on one line nearer than this read as one
HAIRPIN = 6 * MM  # a U-turn narrower than this reads as a line doubled back on itself
BESIDE_EXIT = 5 * MM  # an arrow entering a diamond this near one of its exits joins that branch


def segments(points) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    return list(zip(points, points[1:]))


def labels_off_their_line(page: Page) -> list[str]:
    """Labels nearer some other arrow than any arrow of their own branch (a line merged
    into their own, sharing its stretch, is their own line)."""
    found = []
    for label in page.labels:
        own = [s for a in page.arrows if a.source == label.source and a.target in label.targets
               for s in segments(a.points)]
        others = [s for a in page.arrows if not (a.source == label.source and a.target in label.targets)
                  for s in segments(a.points) if not any(overlap(s, m) for m in own)]
        if not own:
            found.append(f"{' '.join(label.lines)}: no line of its own")
            continue
        mine = min(box_distance(label.box, s) for s in own)
        nearest = min((box_distance(label.box, s) for s in others), default=float("inf"))
        if nearest < mine:
            found.append(f"{' '.join(label.lines)}: {mine / MM:.1f} mm from its line,"
                         f" {nearest / MM:.1f} mm from another")
    return found


def labels_far(page: Page) -> list[str]:
    """Labels farther than LABEL_FAR from every stretch of their own branch: floating
    beside the symbol, they read as the label of an exit that is not there."""
    found = []
    for label in page.labels:
        own = [s for a in page.arrows if a.source == label.source and a.target in label.targets
               for s in segments(a.points)]
        distance = min((box_distance(label.box, s) for s in own), default=float("inf"))
        if distance > LABEL_FAR:
            found.append(f"{' '.join(label.lines)}: floats {distance / MM:.1f} mm from its line")
    return found


def _axis(segment):
    (x1, y1), (x2, y2) = segment
    if x1 == x2 and y1 != y2:
        return "v", x1, min(y1, y2), max(y1, y2)
    if y1 == y2 and x1 != x2:
        return "h", y1, min(x1, x2), max(x1, x2)
    return None


def lined_up(page: Page) -> list[str]:
    """Pairs of unrelated arrows (no shared source or target, nor between the symbols of
    the same two steps) with segments on one line, end to end, less than LINE_UP_GAP apart
    with no symbol in the stretch between."""
    found = []
    arrows = list(page.arrows)
    step = {s.id: s.step for s in page.symbols}
    for i, a in enumerate(arrows):
        for b in arrows[i + 1:]:
            if a.source == b.source or a.target == b.target:
                continue
            if step[a.source] is not None and step[a.target] is not None and (
                    step[a.source], step[a.target]) == (step[b.source], step[b.target]):
                continue
            for sa in segments(a.points):
                for sb in segments(b.points):
                    pa, pb = _axis(sa), _axis(sb)
                    if pa is None or pb is None or pa[:2] != pb[:2]:
                        continue
                    kind, at = pa[0], pa[1]
                    (lo, hi), (lo2, hi2) = sorted([pa[2:], pb[2:]])
                    gap = lo2 - hi
                    if gap < 0 or gap >= LINE_UP_GAP:
                        continue
                    between = [s for s in page.symbols
                               if (kind == "v" and s.box.x <= at <= s.box.right and hi <= s.box.cy <= lo2)
                               or (kind == "h" and s.box.y <= at <= s.box.bottom and hi <= s.box.cx <= lo2)]
                    if not between:
                        found.append(f"arrows {a.source}->{a.target} and {b.source}->{b.target}:"
                                     f" {gap / MM:.1f} mm apart on one line")
    return found


def hairpins(page: Page) -> list[str]:
    """U-turns narrower than HAIRPIN: a segment between two that run opposite ways."""
    found = []
    for arrow in page.arrows:
        parts = segments(arrow.points)
        for before, middle, after in zip(parts, parts[1:], parts[2:]):
            (x1, y1), (x2, y2) = before
            (x3, y3), (x4, y4) = after
            first, last = (x2 - x1, y2 - y1), (x4 - x3, y4 - y3)
            opposite = (first[0] * last[0] < 0) or (first[1] * last[1] < 0)
            (mx1, my1), (mx2, my2) = middle
            width = abs(mx2 - mx1) + abs(my2 - my1)
            if opposite and width < HAIRPIN:
                found.append(f"arrow {arrow.source}->{arrow.target}: a U-turn {width / MM:.1f} mm wide")
    return found


def climbs(page: Page) -> list[str]:
    """Arrows to a symbol below their source that first climb above the source's row (a
    fan-out that goes back up a row before coming down)."""
    symbols = {s.id: s for s in page.symbols}
    found = []
    for arrow in page.arrows:
        source, target = symbols[arrow.source], symbols[arrow.target]
        if target.box.y > source.box.bottom and source.shape is not Shape.CONNECTOR:
            top = page.rows[source.row].y
            if min(y for _, y in arrow.points) < top:
                found.append(f"arrow {arrow.source}->{arrow.target} climbs above its source's row")
    return found


def entries_beside_exits(page: Page) -> list[str]:
    """Arrows that end on a diamond within BESIDE_EXIT of where one of its branches leaves."""
    found = []
    diamonds = {s.id: s for s in page.symbols if s.shape is Shape.DECISION}
    for arrow in page.arrows:
        if arrow.target not in diamonds:
            continue
        end = arrow.points[-1]
        for other in page.arrows:
            if other.source != arrow.target:
                continue
            start = other.points[0]
            distance = abs(end[0] - start[0]) + abs(end[1] - start[1])
            if distance < BESIDE_EXIT:
                found.append(f"arrow {arrow.source}->{arrow.target} enters {distance / MM:.1f} mm"
                             " from where a branch leaves")
    return found


def faults(diagram: Diagram) -> dict[str, list[str]]:
    """Every fault of every page, by kind."""
    kinds = {"label": labels_off_their_line, "label far": labels_far, "lined up": lined_up, "hairpin": hairpins,
             "climb": climbs, "entry beside exit": entries_beside_exits}
    return {kind: [f"page {n + 1}: {f}" for n, page in enumerate(diagram.pages) for f in count(page)]
            for kind, count in kinds.items()}
