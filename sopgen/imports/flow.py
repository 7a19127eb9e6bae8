"""The flow of a SOP from its drawing, whatever the document was: symbols (with the step
row and actor column they stand in), arrows as point lists, connector letters and branch
labels -> each step's kind, actors, targets and a decision's labelled branches.

The readers (docx.py, pdf.py) turn their document's shapes into `Shape`s in one unit
(EMU) and one frame per page; this module knows nothing of their formats."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import permutations

from .found import FoundStep


@dataclass
class Shape:
    kind: str  # terminator, proses, keputusan, konektor, panah, label
    page: int
    x: int
    y: int
    w: int
    h: int
    row: int  # the table row it is anchored in
    column: int  # the grid column
    text: str = ""
    points: tuple[tuple[int, int], ...] = ()  # an arrow's, absolute

    def holds(self, point: tuple[int, int], slack: int = 20000) -> bool:
        px, py = point
        return (self.x - slack <= px <= self.x + self.w + slack
                and self.y - slack <= py <= self.y + self.h + slack)


def symbols_to_steps(steps: dict[int, FoundStep], shapes: list[Shape],
                     row_step: dict[tuple[int, int], int], actors: list[tuple[int, str]]) -> None:
    """Each step's kind and actors from the symbols in its row, and where its arrows lead."""
    actor_of = dict(actors)
    symbols = [s for s in shapes if s.kind in ("terminator", "proses", "keputusan")
               and (s.page, s.row) in row_step]  # a symbol outside the step rows is no step's
    step_of: dict[int, int] = {}
    for symbol in symbols:
        nomor = row_step[symbol.page, symbol.row]
        step_of[id(symbol)] = nomor
        step = steps[nomor]
        step.kind = symbol.kind
        actor = actor_of.get(symbol.column)
        if actor and actor not in step.pelaksana:
            step.pelaksana.append(actor)
    for step in steps.values():
        step.pelaksana.sort(key=lambda name: [n for _, n in actors].index(name))
        if not step.pelaksana:
            step.doubts["pelaksana"] = "simbol langkah ini tidak ditemukan di kolom pelaksana"
    connectors = [s for s in shapes if s.kind == "konektor"]
    arrows = [s for s in shapes if s.kind == "panah" and len(s.points) >= 2]
    labels = [s for s in shapes if s.kind == "label"]

    def at(point, page, among):
        return next((s for s in among if s.page == page and s.holds(point)), None)

    outgoing: dict[int, list[tuple[int, Shape]]] = {}  # step -> (target step, arrow)
    into_connector: dict[str, list[tuple[int, Shape]]] = {}  # letter -> (source step, arrow)
    out_of_connector: dict[str, list[int]] = {}  # letter -> target steps
    for arrow in arrows:
        start, end = arrow.points[0], arrow.points[-1]
        source = at(start, arrow.page, symbols)
        target = at(end, arrow.page, symbols)
        source_connector = at(start, arrow.page, connectors) if source is None else None
        target_connector = at(end, arrow.page, connectors) if target is None else None
        if source is not None and target is not None:
            outgoing.setdefault(step_of[id(source)], []).append((step_of[id(target)], arrow))
        elif source is not None and target_connector is not None:
            into_connector.setdefault(target_connector.text, []).append((step_of[id(source)], arrow))
        elif source_connector is not None and target is not None:
            out_of_connector.setdefault(source_connector.text, []).append(step_of[id(target)])
    for letter, sources in into_connector.items():
        for source, arrow in sources:
            for target in out_of_connector.get(letter, []):
                outgoing.setdefault(source, []).append((target, arrow))
    for nomor, step in steps.items():
        leaving = outgoing.get(nomor, [])
        step.targets = sorted({target for target, _ in leaving})
        if step.kind == "keputusan":
            step.branches = _branches(step, leaving, labels)


def _branches(step: FoundStep, leaving: list[tuple[int, Shape]], labels: list[Shape]) -> list[tuple[int, str]]:
    """Each target of a decision with its label: the labels are given to the branches so
    that, all together, each label is as near as can be to the line its branch leaves by."""
    first: dict[int, tuple[tuple[int, int], tuple[int, int]]] = {}
    page = None
    for target, arrow in leaving:
        first.setdefault(target, (arrow.points[0], arrow.points[1]))
        page = arrow.page
    targets = sorted(first)
    if not targets:
        return []

    def distance(label: Shape, segment) -> int:
        (x1, y1), (x2, y2) = segment
        cx, cy = label.x + label.w // 2, label.y + label.h // 2
        dx = max(min(x1, x2) - cx, 0, cx - max(x1, x2))
        dy = max(min(y1, y2) - cy, 0, cy - max(y1, y2))
        return dx + dy

    near = sorted((lb for lb in labels if lb.page == page),
                  key=lambda lb: min(distance(lb, first[t]) for t in targets))[:len(targets) + 2]
    best, best_cost = None, None
    for chosen in permutations(near, min(len(near), len(targets))):
        cost = sum(distance(label, first[t]) for label, t in zip(chosen, targets))
        if best_cost is None or cost < best_cost:
            best, best_cost = chosen, cost
    texts = [label.text for label in best] if best else []
    return [(t, texts[i] if i < len(texts) else "") for i, t in enumerate(targets)]
