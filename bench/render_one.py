"""How long one 20-step SOP takes to lay out and to render to .docx, in-process.

    .venv/bin/python bench/render_one.py [repeats]

Builds a 20-step SOP from the longest sample (its steps, then the first three again
before the last, so decisions and parallel steps are included) and reports the median
and the best of the repeats. A measurement, not a test: no timing is asserted anywhere.
"""

from __future__ import annotations

import dataclasses
import statistics
import sys
import time
from pathlib import Path

from sopgen import build
from sopgen.check.model import END
from sopgen.document.render import render_sop
from sopgen.flowchart.geometry import landscape
from sopgen.flowchart.layout import layout

ROOT = Path(__file__).resolve().parent.parent


def twenty_steps():
    sources = build.check(ROOT / "sources").sources
    unit, sop = max(((u, s) for u in sources.units for s in u.sops), key=lambda p: len(p[1].kegiatan))
    steps = list(sop.kegiatan[:-1])
    extra = [s for s in sop.kegiatan[1:] if s.keputusan is None][: 20 - len(sop.kegiatan)]
    steps += extra + [sop.kegiatan[-1]]
    renumbered = []
    for index, step in enumerate(steps):
        keep = step.keputusan if step.keputusan and step.keputusan.tidak < index else None
        lanjut = END if index == len(steps) - 1 else index + 1
        decision = dataclasses.replace(keep, ya=index + 1) if keep else None
        renumbered.append(dataclasses.replace(step, index=index, keputusan=decision, lanjut=lanjut))
    return sources, unit, dataclasses.replace(sop, kegiatan=tuple(renumbered))


def measure(action, repeats: int) -> tuple[float, float]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, min(times) * 1000


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    sources, unit, sop = twenty_steps()
    render_sop(sources, unit, sop)  # warm up imports and caches
    setup = landscape(sources.pemda.kertas)
    print(f"SOP of {len(sop.kegiatan)} steps, {len(sop.pelaksana)} actors, {repeats} repeats")
    for name, action in (("layout", lambda: layout(sop, setup)),
                         ("render .docx", lambda: render_sop(sources, unit, sop))):
        median, best = measure(action, repeats)
        print(f"  {name:14} median {median:7.1f} ms   best {best:7.1f} ms")


if __name__ == "__main__":
    main()
