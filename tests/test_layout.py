"""The layout's promises, checked on the geometry itself (no Word involved): symbols in
their row and actor column, arrows orthogonal, clear of symbols, never overlapping,
inside the actor columns, ending on their target's edge; pages within the paper."""

from __future__ import annotations

import dataclasses
from functools import lru_cache

import pytest
from hypothesis import HealthCheck, given, settings

from sopgen.check.model import Decision
from sopgen.flowchart.geometry import (
    CAPTION_LINE,
    CLEAR,
    MM,
    PAGE_SLACK,
    Diagram,
    LayoutError,
    Shape,
    landscape,
)
from sopgen.flowchart.layout import MIN_ROWS, layout
from sopgen.flowchart.route import OVERLAP_TOLERANCE

from .conftest import checked_samples
from .flows import sops
from .readability import faults

SAMPLE_SOPS = [sop for unit in checked_samples().sources.units for sop in unit.sops]


def segments(arrow):
    return list(zip(arrow.points, arrow.points[1:]))


def on_edge(point, symbol) -> bool:
    """Whether a point lies on the outline of the symbol (diamonds: on their sides)."""
    x, y = point
    box = symbol.box
    if symbol.shape is Shape.DECISION:
        dx, dy = abs(x - box.cx) / (box.w / 2), abs(y - box.cy) / (box.h / 2)
        return abs(dx + dy - 1) < 0.02
    inside_x, inside_y = box.x <= x <= box.right, box.y <= y <= box.bottom
    return (inside_y and x in (box.x, box.right)) or (inside_x and y in (box.y, box.bottom))


def crosses(segment, box, clear) -> bool:
    (x1, y1), (x2, y2) = segment
    return (min(x1, x2) < box.right + clear and max(x1, x2) > box.x - clear
            and min(y1, y2) < box.bottom + clear and max(y1, y2) > box.y - clear)


def direction(segment) -> str:
    (x1, y1), (x2, y2) = segment
    if x1 == x2:
        return "down" if y2 > y1 else "up"
    return "right" if x2 > x1 else "left"


def collinear_overlap(a, b) -> int:
    (ax1, ay1), (ax2, ay2) = a
    (bx1, by1), (bx2, by2) = b
    if ax1 == ax2 and bx1 == bx2 and abs(ax1 - bx1) < OVERLAP_TOLERANCE:
        return min(max(ay1, ay2), max(by1, by2)) - max(min(ay1, ay2), min(by1, by2))
    if ay1 == ay2 and by1 == by2 and abs(ay1 - by1) < OVERLAP_TOLERANCE:
        return min(max(ax1, ax2), max(bx1, bx2)) - max(min(ax1, ax2), min(bx1, bx2))
    return 0


def assert_sound(diagram: Diagram, sop) -> None:
    low, high = diagram.actor_area
    available = diagram.setup.content_height - PAGE_SLACK - CAPTION_LINE  # the SOP's line above
    seen_steps = set()
    letters: dict[str, int] = {}
    for page in diagram.pages:
        last = page.rows[-1]
        assert last.y + last.height <= available, "the page overflows"
        symbols = {s.id: s for s in page.symbols}
        for symbol in page.symbols:
            row = page.rows[symbol.row]
            column = diagram.columns[symbol.column]
            box = symbol.box
            assert column.key == "actor"
            assert column.x <= box.x and box.right <= column.x + column.width, "outside its column"
            assert row.y <= box.y and box.bottom <= row.y + row.height, "outside its row"
            if symbol.step is not None:
                assert column.title in sop.kegiatan[symbol.step].pelaksana
                assert row.step == symbol.step
                seen_steps.add(symbol.step)
            else:
                letters[symbol.text] = letters.get(symbol.text, 0) + 1
        for arrow in page.arrows:
            source, target = symbols[arrow.source], symbols[arrow.target]
            assert on_edge(arrow.points[0], source), "does not leave from its source's edge"
            assert on_edge(arrow.points[-1], target), "does not end on its target's edge"
            for i, segment in enumerate(segments(arrow)):
                (x1, y1), (x2, y2) = segment
                assert x1 == x2 or y1 == y2, "not orthogonal"
                assert low <= min(x1, x2) and max(x1, x2) <= high, "leaves the actor columns"
                for symbol in page.symbols:
                    if (i == 0 and symbol.id == source.id) or (
                            i == len(arrow.points) - 2 and symbol.id == target.id):
                        continue
                    assert not crosses(segment, symbol.box, CLEAR // 2), "runs through a symbol"
            for other in page.arrows:
                if other is arrow:
                    continue
                shared = other.source == arrow.source or other.target == arrow.target
                for a in segments(arrow):
                    for b in segments(other):
                        if shared and direction(a) == direction(b):
                            continue  # a split's trunk or a merge's last stretch
                        assert collinear_overlap(a, b) <= MM // 5, "two arrows overlap"
        check_reading_rules(diagram, page, sop)
    if len(sop.kegiatan) >= 2 * MIN_ROWS and min(len(p.rows) for p in diagram.pages) < MIN_ROWS:
        # allowed only where no page could hold MIN_ROWS steps in a row: rows so tall that
        # some MIN_ROWS consecutive ones exceed a page (any split then has a sparse page)
        heights = [row.height for p in diagram.pages for row in p.rows]
        room = available - diagram.header_height
        assert any(sum(heights[i:i + MIN_ROWS]) > room for i in range(len(heights) - MIN_ROWS + 1)), \
            "a sparse page"
    assert diagram.style.actor_size >= 7, "actor names below 7 pt"
    assert seen_steps == set(range(len(sop.kegiatan))), "a step without a symbol"
    assert all(count == 2 for count in letters.values()), f"connectors do not pair: {letters}"


def crossing(a, b):
    """Where a horizontal and a vertical segment cross inside both."""
    for h, v in ((a, b), (b, a)):
        if h[0][1] == h[1][1] and v[0][0] == v[1][0]:
            x, y = v[0][0], h[0][1]
            if (min(h[0][0], h[1][0]) < x < max(h[0][0], h[1][0])
                    and min(v[0][1], v[1][1]) < y < max(v[0][1], v[1][1])):
                return x, y
    return None


def bridged(arrow, index, point) -> bool:
    segment = segments(arrow)[index]
    along = point[0] if segment[0][1] == segment[1][1] else point[1]
    return any(k == index and min(low, high) < along < max(low, high)
               for k, low, high in arrow.bridges)


def check_reading_rules(diagram: Diagram, page, sop) -> None:
    """What a reader needs beyond sound geometry: labels clear of every line but their own
    (where they sit on it), a bridge at
    every crossing, an incoming arrow for each symbol of a step that some step leads to
    (every symbol of a parallel step), connector
    letters that no branch label uses."""
    borders = {b for row in page.rows for b in (row.y, row.y + row.height)}
    columns = [c.x for c in diagram.actor_columns]
    for label in page.labels:
        box = label.box
        assert not any(box.y <= b <= box.bottom for b in borders), "a label on a row border"
        assert not any(box.x <= x <= box.right for x in columns), "a label on a column border"
        for arrow in page.arrows:
            if label.on_line and arrow.source == label.source and arrow.target in label.targets:
                continue  # set on its own line, which breaks for it
            assert not any(crosses(seg, box, 0) for seg in segments(arrow)), "a line through a label"
        for symbol in page.symbols:
            assert not crosses(((box.x, box.y), (box.right, box.bottom)), symbol.box, 0)
        for other in page.labels:
            assert other is label or not crosses(((box.x, box.y), (box.right, box.bottom)),
                                                 other.box, 0), "labels overlap"
    for n, arrow in enumerate(page.arrows):
        for other in page.arrows[n + 1:]:
            for i, a in enumerate(segments(arrow)):
                for j, b in enumerate(segments(other)):
                    point = crossing(a, b)
                    assert point is None or bridged(arrow, i, point) or bridged(other, j, point), \
                        "arrows cross without a bridge"
    targets = {arrow.target for arrow in page.arrows}
    links = [(step.index, t) for step in sop.kegiatan for t in (
        (step.keputusan.ya, step.keputusan.tidak) if step.keputusan else step.successors)]
    forward = {t for source, t in links if t > source}
    looped = {t for source, t in links if t < source}
    for symbol in page.symbols:
        if symbol.step in forward:  # every symbol of a parallel step
            assert symbol.id in targets, f"step {symbol.step + 1} has no incoming arrow"
    for step in looped - forward:  # reached by loops only: one arrow into the nearest symbol
        mine = [s.id for s in page.symbols if s.step == step]
        assert not mine or targets & set(mine), f"step {step + 1} has no incoming arrow"
    symbols = {s.id: s for s in page.symbols}
    for arrow in page.arrows:  # connectors point the way the flow goes, in and out
        first, last = segments(arrow)[0], segments(arrow)[-1]
        for symbol, segment in ((symbols[arrow.target], last), (symbols[arrow.source], first)):
            if symbol.shape is Shape.CONNECTOR:
                (_, y1), (_, y2) = segment
                assert (y2 < y1) if symbol.upward else (y2 > y1), \
                    f"an arrow against connector {symbol.text}'s direction"
    label_words = {w for step in sop.kegiatan if step.keputusan
                   for text in (step.keputusan.label_ya, step.keputusan.label_tidak)
                   for w in text.split()}
    for label in page.labels:  # broken only between words
        assert all(w in label_words for line in label.lines for w in line.split()), label.lines
    words = {w.upper() for step in sop.kegiatan if step.keputusan
             for label in (step.keputusan.label_ya, step.keputusan.label_tidak) for w in label.split()}
    assert not any(s.text in words for s in page.symbols if s.shape is Shape.CONNECTOR), \
        "a connector letter that a label uses"


@pytest.mark.parametrize("paper", ["F4", "A4"])
@pytest.mark.parametrize("sop", SAMPLE_SOPS, ids=lambda s: str(s.key))
def test_sample_layouts_are_sound(sop, paper):
    assert_sound(layout(sop, landscape(paper)), sop)


def meetings(page) -> list[tuple[int, int]]:
    """Pairs of arrows (source ids) where a line of one ends on, or turns at, a line of the
    other with nothing to tell them apart: it reads as one arrow forking into the other.
    Arrows of one source (a fork to parallel steps) or into one target (a merge) may."""
    found = []
    for n, arrow in enumerate(page.arrows):
        for other in page.arrows[n + 1:]:
            if other.source == arrow.source or other.target == arrow.target:
                continue
            for i, a in enumerate(segments(arrow)):
                for j, b in enumerate(segments(other)):
                    if (a[0][0] == a[1][0]) == (b[0][0] == b[1][0]):  # parallel
                        continue
                    h, v = (a, b) if a[0][1] == a[1][1] else (b, a)
                    x, y = v[0][0], h[0][1]
                    touch = (min(h[0][0], h[1][0]) - MM // 2 <= x <= max(h[0][0], h[1][0]) + MM // 2
                             and min(v[0][1], v[1][1]) - MM // 2 <= y <= max(v[0][1], v[1][1]) + MM // 2)
                    point = crossing(a, b)
                    if touch and not (point and (bridged(arrow, i, point) or bridged(other, j, point))):
                        found.append((arrow.source, other.source))
    return found


@pytest.mark.parametrize("paper", ["F4", "A4"])
@pytest.mark.parametrize("sop", SAMPLE_SOPS, ids=lambda s: str(s.key))
def test_sample_arrows_never_seem_to_fork_into_each_other(sop, paper):
    """Two paths to different places never meet in a T or a shared corner (connectors
    A and B of rekomendasi-izin-keramaian did: B's line turned down at A's, and A seemed
    to lead into the decision under it)."""
    diagram = layout(sop, landscape(paper))
    assert [meetings(page) for page in diagram.pages] == [[] for _ in diagram.pages]


def test_a_column_of_checks_that_each_send_back_still_has_room_for_its_labels():
    """Five decisions in a row in one narrow column (seven actors), each looping back: where
    a label finds no spot on one side of its diamond, the branch leaves by the other."""
    decisions = {1: (2, 0), 2: (3, 0), 3: (4, 1), 4: (5, 1), 5: (6, 2)}
    sop = SAMPLE_SOPS[0]
    actors = tuple(f"Pelaksana {c}" for c in "ABCDEFG")
    steps = tuple(dataclasses.replace(
        sop.kegiatan[1], index=i, id=None, pelaksana=actors[:1], lanjut=(i + 1,) if i < 6 else (),
        keputusan=Decision(*decisions[i], "Ya", "Tidak") if i in decisions else None)
        for i in range(7))
    crowded = dataclasses.replace(sop, pelaksana=actors, kegiatan=steps)
    assert_sound(layout(crowded, landscape("F4")), crowded)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sops(routine=True))
def test_routine_flows_always_lay_out_soundly(sop):
    assert_sound(layout(sop, landscape("F4")), sop)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sops())
def test_any_flow_lays_out_soundly_or_says_why(sop):
    """Dense random flows (loops across pages to many targets in one column) may be
    refused, always with a clear message, never with a broken drawing."""
    try:
        diagram = layout(sop, landscape("F4"))
    except LayoutError as e:
        assert "pecah SOP ini" in str(e)
        return
    assert_sound(diagram, sop)


def test_a_step_too_long_for_a_page_is_an_error():
    sop = SAMPLE_SOPS[0]
    long_step = sop.kegiatan[1].__class__(**{**sop.kegiatan[1].__dict__, "uraian": "kata " * 2500})
    import dataclasses
    too_long = dataclasses.replace(sop, kegiatan=(sop.kegiatan[0], long_step, *sop.kegiatan[2:]))
    with pytest.raises(LayoutError, match="langkah 2 terlalu panjang"):
        layout(too_long, landscape("F4"))


def test_columns_adapt_to_the_number_of_actors():
    widths = {}
    for sop in SAMPLE_SOPS:
        diagram = layout(sop, landscape("F4"))
        assert sum(c.width for c in diagram.columns) <= diagram.setup.content_width
        widths[len(sop.pelaksana)] = diagram.actor_columns[0].width
    assert widths[6] < widths[4]


def test_a_fork_draws_an_arrow_to_each_of_its_steps():
    sop = next(s for s in SAMPLE_SOPS if len(s.kegiatan) >= 5 and all(x.keputusan is None for x in s.kegiatan[:4]))
    steps = list(sop.kegiatan)
    steps[1] = dataclasses.replace(steps[1], lanjut=(2, 3))  # 2 -> 3 and 4, in parallel
    steps[2] = dataclasses.replace(steps[2], lanjut=(4,))
    forked = dataclasses.replace(sop, kegiatan=tuple(steps))
    diagram = layout(forked, landscape("F4"))
    assert_sound(diagram, forked)
    symbols = {s.id: s for page in diagram.pages for s in page.symbols}
    arrows = {(symbols[a.source].step, symbols[a.target].step) for page in diagram.pages for a in page.arrows}
    assert {(1, 2), (1, 3)} <= arrows


def box_feeding_a_decision():
    """A sample SOP whose first decision gains a box of another actor in its row."""
    sop = next(s for s in SAMPLE_SOPS if any(x.keputusan for x in s.kegiatan[1:-1]))
    steps = list(sop.kegiatan)
    n = next(i for i, x in enumerate(steps) if x.keputusan and 0 < i < len(steps) - 1)
    decider = steps[n].pelaksana[0]
    worker = next(a for a in sop.pelaksana if a != decider)
    keputusan = Decision(**{**steps[n].keputusan.__dict__, "oleh": decider})
    steps[n] = dataclasses.replace(steps[n], pelaksana=(worker, decider), keputusan=keputusan)
    return dataclasses.replace(sop, kegiatan=tuple(steps)), n, worker, decider


def test_a_box_feeds_the_diamond_of_its_own_row():
    sop, n, worker, decider = box_feeding_a_decision()
    diagram = layout(sop, landscape("F4"))
    assert_sound(diagram, sop)
    page = next(p for p in diagram.pages if any(s.step == n for s in p.symbols))
    mine = {diagram.columns[s.column].title: s for s in page.symbols if s.step == n}
    assert mine[decider].shape is Shape.DECISION and mine[worker].shape is Shape.PROCESS
    leaving = [a for a in page.arrows if a.source == mine[worker].id]
    assert [a.target for a in leaving] == [mine[decider].id], "the box leads into the diamond only"
    assert not any(a.source == mine[worker].id and a.target != mine[decider].id for a in page.arrows)


def many_actors(count: int = 15):
    """A sample SOP spread over `count` actors (Basarnas draws 15): each step by the next."""
    sop = next(s for s in SAMPLE_SOPS if len(s.kegiatan) >= 5)
    actors = tuple(f"Direktur Bidang {n + 1}" for n in range(count - 1)) + ("Kepala Kantor Pencarian",)
    steps = tuple(dataclasses.replace(step, pelaksana=(actors[i % count],), keputusan=None,
                                      lanjut=(i + 1,) if i < len(sop.kegiatan) - 1 else ())
                  for i, step in enumerate(sop.kegiatan))
    return dataclasses.replace(sop, pelaksana=actors, kegiatan=steps)


def test_many_actors_stand_upright_in_narrow_columns():
    sop = many_actors()
    diagram = layout(sop, landscape("F4"))
    assert_sound(diagram, sop)
    assert diagram.style.actor_vertical and len(diagram.actor_columns) == 15
    assert all(c.width >= 129 * MM // 10 for c in diagram.actor_columns)  # 13 mm, to the twip
    assert not layout(SAMPLE_SOPS[0], landscape("F4")).style.actor_vertical, "8 actors or fewer lie as text"


@pytest.mark.parametrize("paper", ["F4", "A4"])
@pytest.mark.parametrize("sop", SAMPLE_SOPS, ids=lambda s: str(s.key))
def test_sample_pages_cannot_be_misread(sop, paper):
    """Every branch label nearer its own line than any other, no two unrelated arrows end
    to end on one line across a short empty stretch, no hairpin, no arrow entering a
    diamond beside one of its exits (tests/readability.py)."""
    found = faults(layout(sop, landscape(paper)))
    assert found == {kind: [] for kind in found}


@lru_cache(maxsize=1)
def routine_diagrams() -> tuple:
    """The layouts of 150 routine random flows (the same ones every run; those the layout
    refuses left out), made once for the tests that read them."""
    made = []

    @settings(max_examples=150, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(sops(routine=True))
    def lay_out(sop):
        try:
            made.append(layout(sop, landscape("F4")))
        except LayoutError:
            pass

    lay_out()
    return tuple(made)


def test_random_flows_cannot_be_misread():
    """Over 150 routine random flows, no fault of any kind: no label nearer another line
    than its own or floating off it, no arrows lined up end to end, no hairpin, no fan-out
    climbing back up a row, no entry beside an exit. Before these rules: 84 labels nearer
    another line, 138 lined-up pairs, 72 hairpins and 68 entries beside an exit in 300
    flows; before labels could sit on their line and be placed before the arrows that
    crowd them, 11 labels nearer another line and 82 floating."""
    diagrams = routine_diagrams()
    found: dict[str, list[str]] = {}
    for diagram in diagrams:
        for kind, items in faults(diagram).items():
            found.setdefault(kind, []).extend(items)
    assert len(diagrams) >= 140
    assert found == {kind: [] for kind in found}


def test_a_label_with_no_free_spot_beside_its_line_sits_on_it():
    """A diamond's side branch in a narrow column whose lane runs a millimetre from the
    diamond, between it and the column's edge: no spot beside the line is the label's
    own, so the label sits on the line (drawn opaque, the line breaking for the word),
    crossed by no other line."""
    from sopgen.flowchart.geometry import box_distance
    from sopgen.flowchart.route import overlap

    found = []
    for page in (page for diagram in routine_diagrams() for page in diagram.pages):
        for label in (label for label in page.labels if label.on_line):
            own = [s for a in page.arrows if a.source == label.source and a.target in label.targets
                   for s in segments(a)]
            others = [s for a in page.arrows if not (a.source == label.source and a.target in label.targets)
                      for s in segments(a) if not any(overlap(s, m) for m in own)]
            found.append((min(box_distance(label.box, s) for s in own),
                          min((box_distance(label.box, s) for s in others), default=MM)))
    assert found, "some of the random flows crowd a label onto its line"
    assert all(mine == 0 and other > 0 for mine, other in found), found


def test_a_page_break_cuts_as_few_links_as_the_pages_allow():
    """Of the splits into the fewest pages, the one that cuts fewest links: a short loop
    back stays on its page instead of becoming a pair of connectors (Akta Kematian's
    "Tidak" loop from row 4 to row 3 was cut by a break balancing the free space)."""
    from sopgen.flowchart.layout import _paginate

    base = [20 * MM] * 8
    available = 110 * MM  # five rows and a connector zone fit one page: two pages either way
    balanced = _paginate(base, available)
    loop = [0] * 9
    loop[4] = 3  # a break before row 4 would cut three links
    kept = _paginate(base, available, loop)
    assert len(kept) == len(balanced) == 2
    assert [row[0] for row in balanced[1]][0] == 4, "without links, the balanced split"
    assert [row[0] for row in kept[1]][0] != 4, "the links stay on one page"
