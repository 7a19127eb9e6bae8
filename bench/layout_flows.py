"""How long the layout takes over the sample SOPs and a fixed set of random routine
flows, and what a reader could misread on its pages (tests/readability.py's counts).

    .venv/bin/python bench/layout_flows.py [flows]

Run it in two checkouts (the previous code in a `git worktree`) one after the other to
compare. A measurement, not a test: no timing is asserted anywhere.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sopgen import build  # noqa: E402
from sopgen.flowchart.geometry import LayoutError, landscape  # noqa: E402
from sopgen.flowchart.layout import layout  # noqa: E402
from tests.flows import sops  # noqa: E402

try:
    from tests.readability import faults  # noqa: E402
except ImportError:  # a checkout from before the counts
    faults = None


def main(flows: int) -> None:
    sources = build.check(ROOT / "sources").sources
    samples = [sop for unit in sources.units for sop in unit.sops]
    start = time.perf_counter()
    found: dict[str, int] = {}
    for sop in samples:
        diagram = layout(sop, landscape(sources.pemda.kertas))
        for kind, items in (faults(diagram) if faults else {}).items():
            found[kind] = found.get(kind, 0) + len(items)
    print(f"samples: {len(samples)} SOPs in {time.perf_counter() - start:.2f} s; faults {found}")
    counts = {"laid out": 0, "refused": 0, "seconds": 0.0}
    found = {}

    @settings(max_examples=flows, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck), phases=[Phase.generate])
    @given(sops(routine=True))
    def run(sop):
        begun = time.perf_counter()
        try:
            diagram = layout(sop, landscape("F4"))
        except LayoutError:
            counts["refused"] += 1
            return
        finally:
            counts["seconds"] += time.perf_counter() - begun
        counts["laid out"] += 1
        for kind, items in (faults(diagram) if faults else {}).items():
            found[kind] = found.get(kind, 0) + len(items)

    run()
    print(f"random: {counts['laid out']} laid out, {counts['refused']} refused,"
          f" {counts['seconds']:.1f} s; faults {found}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
