"""The flow of a SOP from its drawing, whatever the document was: symbols (with the step
row and actor they stand in), the ink of its lines, arrowheads and the words beside them
-> each step's symbols, actors, the steps its arrows lead to, and a decision's labelled
branches.

The readers (pdf.py through reading.py, docx.py, xlsx.py) turn their shapes into this
module's terms in points on each page; it knows nothing of their formats. Lines are
followed as ink, not as objects: segments whose ends meet are one line, which may fork or
join several symbols (a bus); its ends with a head are where it leads, its other ends
where it comes from. Off-page connectors pass a line on to the connector with the same
mark (or, unmarked, the next page's first)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import permutations

from .found import FoundStep
from .page import HEAD, NEAR, Head, Point, Region, Segment

TOUCH = 4.5  # pt: a line end this near a symbol's box is on it
LABEL_REACH = 70.0  # pt: a branch label stands this near its line (sopgen sets it beside the diamond's corner)
REACH_AHEAD = 10.0  # pt: a line end that stops this short of a symbol still points at it
ON_OUTLINE = 1.0  # pt: a joint of lines this near a symbol's box is on its outline
ON_LINE = 6.0  # pt: a label this near its branch's line stands on it, however far from the diamond


@dataclass(eq=False)
class Symbol:
    region: Region
    page: int
    step: int | None  # the step row it stands in (None outside the rows: a connector)
    actor: int  # the actor column's index, -1 outside them

    @property
    def kind(self) -> str:
        return self.region.kind

    @property
    def is_connector(self) -> bool:
        return self.kind in ("konektor", "lingkaran")


@dataclass
class Ink:
    """What one page holds to follow: its symbols, the segments of its lines (no table
    rules), its arrowheads and the words standing alone (labels)."""

    page: int
    symbols: list[Symbol] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    heads: list[Head] = field(default_factory=list)
    labels: list[Region] = field(default_factory=list)  # kind "label", with text
    links: list[tuple[Symbol, Symbol]] = field(default_factory=list)  # arrows known by what they join
    arrows: list[tuple[Point, ...]] = field(default_factory=list)  # arrows drawn as objects, toward the head


@dataclass
class _Edge:
    source: Symbol
    target: Symbol
    leaving: Segment  # the segment the line leaves its source by, for its label


def apply(steps: dict[int, FoundStep], pages: list[Ink], actors: list[str]) -> None:
    """Fill in each step's symbols, actors, targets and branches."""
    edges: list[_Edge] = []
    for ink in pages:
        edges += _edges(ink)
    symbols = [s for ink in pages for s in ink.symbols]
    for symbol in sorted(symbols, key=lambda s: (s.page, s.actor, s.region.center[1])):
        if symbol.step is None or symbol.step not in steps or symbol.is_connector:
            continue
        step = steps[symbol.step]
        step.symbols.append(symbol.kind)
        if 0 <= symbol.actor < len(actors) and actors[symbol.actor] not in step.pelaksana:
            step.pelaksana.append(actors[symbol.actor])
        if symbol.kind == "keputusan" and 0 <= symbol.actor < len(actors):
            step.decider = step.decider or actors[symbol.actor]
    for step in steps.values():
        kinds = set(step.symbols)
        step.kind = ("keputusan" if "keputusan" in kinds else "terminator" if kinds == {"terminator"}
                     else "proses")
        step.pelaksana.sort(key=actors.index)
        if not step.symbols:
            step.doubts["pelaksana"] = "simbol langkah ini tidak ditemukan di kolom pelaksana"
    leads = _through_connectors(edges, pages)
    labels = _labels_by_decision(leads, pages)
    for symbol, targets in leads.items():
        if symbol.step not in steps:
            continue
        step = steps[symbol.step]
        step.targets = sorted(set(step.targets) | {t.step for t, _ in targets if t.step != symbol.step})
        if symbol.kind == "keputusan":
            step.branches += _branches(symbol, targets, labels.get(id(symbol), []))


def _labels_by_decision(leads: dict[Symbol, list[tuple[Symbol, _Edge]]], pages: list[Ink]) -> dict[int, list[Region]]:
    """Each label goes to the decision whose branch line it stands nearest, so that two
    decisions close together do not both take one "Ya"."""
    decisions = [(symbol, targets) for symbol, targets in leads.items() if symbol.kind == "keputusan"]
    owned: dict[int, list[Region]] = {}
    for ink in pages:
        here = [(s, t) for s, t in decisions if s.page == ink.page]
        for label in ink.labels:
            near = [(min(_distance(label, edge.leaving) for _, edge in targets), n)
                    for n, (_, targets) in enumerate(here) if targets]
            if near:
                owned.setdefault(id(here[min(near)[1]][0]), []).append(label)
    return owned


def _edges(ink: Ink) -> list[_Edge]:
    """Each line's sources and targets on one page."""
    segments = ink.segments
    pairs = list(_touching_pairs(segments))
    ends = _free_ends(segments, pairs)
    bridged = _across_labels(segments, ends, ink.labels)
    pairs += [(i, j) for (i, _), (j, _) in bridged]
    ends -= {end for pair in bridged for end in pair}
    groups = _components(segments, pairs)
    heads = _heads(ink.heads, segments)  # (segment, end) -> tip
    found = []
    for group in groups:
        sources, targets = [], []
        for index in group:
            segment = segments[index]
            for end in (0, 1):
                point = segment.ends[end]
                if (index, end) in heads:
                    target = _touching(heads[index, end], ink.symbols) or _touching(point, ink.symbols) \
                        or _ahead(heads[index, end], segment.ends[1 - end], ink.symbols)
                    if target is not None:
                        targets.append(target)
                else:
                    # a loose end on a symbol, or a joint right on its outline (two lines
                    # leaving one corner of a diamond meet there)
                    source = (_touching(point, ink.symbols) or _ahead(point, segment.ends[1 - end], ink.symbols)) \
                        if (index, end) in ends else _touching(point, ink.symbols, reach=ON_OUTLINE)
                    if source is not None and all(source is not s for s, _ in sources):
                        sources.append((source, segment))
        for source, leaving in sources:
            for target in targets:
                if target is not source:
                    found.append(_Edge(source, target, leaving))
    for points in ink.arrows:  # an arrow object: from the symbol at its start to the one at its head
        source, target = _touching(points[0], ink.symbols), _touching(points[-1], ink.symbols)
        if source is not None and target is not None and source is not target:
            found.append(_Edge(source, target, Segment(*points[0], *points[1])))
    for source, target in ink.links:
        found.append(_Edge(source, target, Segment(*source.region.center, *target.region.center)))
    return found


def _across_labels(segments: list[Segment], ends: set[tuple[int, int]],
                   labels: list[Region]) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Loose ends that meet at a label's two sides: a line broken to set its label in it
    ("--Tidak--", as Visio draws them) is one line."""
    bridged = []
    for label in labels:
        near = [(i, end) for i, end in ends if label.gap(segments[i].ends[end]) <= 3.0]
        for a in range(len(near)):
            for b in range(a + 1, len(near)):
                (ax, ay), (bx, by) = segments[near[a][0]].ends[near[a][1]], segments[near[b][0]].ends[near[b][1]]
                across = (abs(ay - by) <= 2 and min(ax, bx) <= label.x0 + 1 and max(ax, bx) >= label.x1 - 1) or (
                    abs(ax - bx) <= 2 and min(ay, by) <= label.y0 + 1 and max(ay, by) >= label.y1 - 1)
                if across and near[a][0] != near[b][0]:
                    bridged.append((near[a], near[b]))
    return bridged


def _components(segments: list[Segment], pairs: list[tuple[int, int]]) -> list[list[int]]:
    """Segments joined end to end, or an end on another's side (a T), are one line."""
    parent = list(range(len(segments)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in pairs:
        parent[root(i)] = root(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(segments)):
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())


def _touching_pairs(segments: list[Segment]):
    """Pairs of segments where an end of one lies on the other (within NEAR)."""
    cell = 20.0
    grid: dict[tuple[int, int], list[int]] = {}
    for i, s in enumerate(segments):
        for gx in range(int(min(s.x0, s.x1) // cell) - 1, int(max(s.x0, s.x1) // cell) + 2):
            for gy in range(int(min(s.y0, s.y1) // cell) - 1, int(max(s.y0, s.y1) // cell) + 2):
                grid.setdefault((gx, gy), []).append(i)
    for i, s in enumerate(segments):
        for point in s.ends:
            for j in grid.get((int(point[0] // cell), int(point[1] // cell)), ()):
                if j != i and segments[j].distance(point) <= NEAR:
                    yield i, j


def _free_ends(segments: list[Segment], pairs: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """The (segment, end) pairs that meet no other segment: a line's loose ends."""
    joined: set[tuple[int, int]] = set()
    for i, j in pairs:
        gaps = [segments[j].distance(segments[i].ends[end]) for end in (0, 1)]
        if max(gaps) <= NEAR:  # a stub shorter than NEAR: only its nearer end meets the other
            joined.add((i, 0 if gaps[0] <= gaps[1] else 1))
            continue
        for end in (0, 1):
            if gaps[end] <= NEAR:
                joined.add((i, end))
    return {(i, end) for i in range(len(segments)) for end in (0, 1)} - joined


def _heads(heads: list[Head], segments: list[Segment]) -> dict[tuple[int, int], Point]:
    """Each head on the line end(s) it stands on, with its tip: the head's corner farthest
    along the line's direction (or the open V's joint). Two lines may end under one head
    (a writer who draws each arrow whole overlaps their last pieces), so every end as near
    as the nearest takes it."""
    found: dict[tuple[int, int], Point] = {}
    for head in heads:
        gaps = []
        for index, segment in enumerate(segments):
            for end in (0, 1):
                gap = min(math.dist(segment.ends[end], corner) for corner in head.points + (head.center,))
                if gap < HEAD:
                    gaps.append((gap, index, end))
        if not gaps:
            continue
        nearest = min(g for g, _, _ in gaps)
        for gap, index, end in gaps:
            if gap > nearest + 0.5:
                continue
            point, other = segments[index].ends[end], segments[index].ends[1 - end]
            if head.tip is not None:
                tip = head.tip
            else:
                length = math.dist(point, other) or 1.0
                ux, uy = (point[0] - other[0]) / length, (point[1] - other[1]) / length
                tip = max(head.points, key=lambda c: (c[0] - other[0]) * ux + (c[1] - other[1]) * uy)
            found[index, end] = tip
    return found


def _ahead(tip: Point, back: Point, symbols: list[Symbol]) -> Symbol | None:
    """The symbol a line's end points at though it stops short of it (within REACH_AHEAD
    along its line): an arrowhead's target, or the symbol a loose end leaves."""
    length = math.dist(tip, back)
    if not length:
        return None
    ux, uy = (tip[0] - back[0]) / length, (tip[1] - back[1]) / length
    for step in range(1, int(REACH_AHEAD) + 1):
        point = (tip[0] + ux * step, tip[1] + uy * step)
        hit = [s for s in symbols if s.region.gap(point) == 0]
        if hit:
            return min(hit, key=lambda s: (s.region.x1 - s.region.x0) * (s.region.y1 - s.region.y0))
    return None


def _touching(point: Point, symbols: list[Symbol], reach: float = TOUCH) -> Symbol | None:
    near = [(s.region.gap(point), -s.region.x0, s) for s in symbols if s.region.gap(point) <= reach]
    if not near:
        return None
    inside = [s for gap, _, s in near if gap == 0]
    if len(inside) > 1:  # a line end inside nested boxes: the smallest
        return min(inside, key=lambda s: (s.region.x1 - s.region.x0) * (s.region.y1 - s.region.y0))
    return min(near, key=lambda n: n[0])[2]


def _through_connectors(edges: list[_Edge], pages: list[Ink]) -> dict[Symbol, list[tuple[Symbol, _Edge]]]:
    """Each step symbol's targets: step symbols, reached directly or through connectors."""
    out: dict[int, list[_Edge]] = {}
    for edge in edges:
        out.setdefault(id(edge.source), []).append(edge)
    connectors = [s for ink in pages for s in ink.symbols if s.is_connector]
    partner = _pair_connectors(connectors, out)
    leads: dict[Symbol, list[tuple[Symbol, _Edge]]] = {}
    for edge in edges:
        if edge.source.is_connector:
            continue
        seen: set[int] = set()
        frontier = [edge.target]
        while frontier:
            node = frontier.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            if not node.is_connector:
                if node.step is not None:
                    leads.setdefault(edge.source, []).append((node, edge))
                continue
            for nxt in [node] + partner.get(id(node), []):
                frontier += [e.target for e in out.get(id(nxt), [])]
    return leads


def _pair_connectors(connectors: list[Symbol], out: dict[int, list[_Edge]]) -> dict[int, list[Symbol]]:
    """Connectors that continue each other: the same mark, or, unmarked, a page's last
    connector and the next page's first."""
    partner: dict[int, list[Symbol]] = {}
    by_mark: dict[str, list[Symbol]] = {}
    for symbol in connectors:
        mark = "".join(symbol.region.text.split()).upper()
        if mark:
            by_mark.setdefault(mark, []).append(symbol)
    for group in by_mark.values():
        for symbol in group:
            partner[id(symbol)] = [s for s in group if s is not symbol]
    blank = [s for s in connectors if not "".join(s.region.text.split())]
    for a in blank:
        if id(a) in out:
            continue  # it leads somewhere itself: the receiving end
        following = [b for b in blank if b.page == a.page + 1 and id(b) in out]
        if following:
            b = min(following, key=lambda s: s.region.y0)
            partner.setdefault(id(a), []).append(b)
    return partner


def _branches(symbol: Symbol, targets: list[tuple[Symbol, _Edge]], labels: list[Region]) -> list[tuple[int, str]]:
    """Each branch of a decision with its label. Targets reached by lines that leave the
    symbol at one point are one branch (a line that forks after its label); the labels go
    to the branches so that, all together, each is as near as can be to the segments its
    branch leaves by."""
    leaving: dict[int, Segment] = {}
    for target, edge in targets:
        leaving.setdefault(target.step, edge.leaving)
    if not leaving:
        return []
    groups: dict[tuple[int, int], list[int]] = {}
    for step in sorted(leaving):
        segment = leaving[step]
        start = min(segment.ends, key=symbol.region.gap)
        groups.setdefault((round(start[0]), round(start[1])), []).append(step)
    branches = list(groups.values())

    def distance(label: Region, branch: list[int]) -> float:
        return min(_distance(label, leaving[t]) for t in branch)

    near = sorted((lb for lb in labels if _gap(lb, symbol.region) <= LABEL_REACH
                   or any(_on_line(lb, leaving[t]) for t in leaving)),
                  key=lambda lb: min(distance(lb, b) for b in branches))[:len(branches) + 2]
    best: tuple = ()
    if len(branches) <= 5:
        best_cost = None
        for count in range(min(len(near), len(branches)), -1, -1):
            for chosen in permutations(near, count):
                for assigned in permutations(range(len(branches)), count):
                    if any(distance(lb, branches[b]) > LABEL_REACH for lb, b in zip(chosen, assigned)):
                        continue
                    cost = sum(distance(lb, branches[b]) for lb, b in zip(chosen, assigned))
                    if best_cost is None or cost < best_cost:
                        best, best_cost = tuple(zip(assigned, chosen)), cost
            if best:
                break
    else:  # a decision with many branches: each label to its nearest free branch
        free = set(range(len(branches)))
        for label in near:
            b = min(free, key=lambda b: distance(label, branches[b]), default=None)
            if b is not None and distance(label, branches[b]) <= LABEL_REACH:
                best += ((b, label),)
                free.discard(b)
    text = {b: label.text for b, label in best}
    return sorted((t, text.get(b, "")) for b, branch in enumerate(branches) for t in branch)


def _on_line(label: Region, segment: Segment) -> bool:
    """A label set on its line, or in the gap the line leaves for it."""
    return segment.distance(label.center) <= ON_LINE or min(label.gap(end) for end in segment.ends) <= 1.0


def _distance(label: Region, segment: Segment) -> float:
    return segment.distance(label.center)


def _gap(a: Region, b: Region) -> float:
    dx = max(b.x0 - a.x1, 0.0, a.x0 - b.x1)
    dy = max(b.y0 - a.y1, 0.0, a.y0 - b.y1)
    return math.hypot(dx, dy)
