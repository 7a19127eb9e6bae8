"""How long `sopgen build` takes for many SOPs, and how long a no-op and a one-SOP edit take.

    .venv/bin/python bench/build_many.py [units] [copies]

Makes a source tree of `units` units, each holding `copies` copies of every sample SOP
of its kind (renumbered so that numbers and names stay unique), then times a full
build, a build with nothing to do, and a build after editing one SOP.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def make_tree(target: Path, units: int, copies: int) -> int:
    samples = ROOT / "sources"
    shutil.copy(samples / "pemda.yaml", target / "pemda.yaml")
    shutil.copy(samples / "dasar-hukum.yaml", target / "dasar-hukum.yaml")
    shutil.copytree(samples / "logo", target / "logo")
    count = 0
    folders = [p for p in sorted(samples.iterdir()) if (p / "unit.yaml").is_file()]
    for u in range(units):
        source = folders[u % len(folders)]
        folder = target / f"{source.name}-{u}"
        folder.mkdir()
        unit_yaml = (source / "unit.yaml").read_text()
        (folder / "unit.yaml").write_text(re.sub(r"(?m)^urutan:.*(\n  - .*)*", "", unit_yaml))
        for sop in sorted(source.glob("*.yaml")):
            if sop.name == "unit.yaml":
                continue
            text = re.sub(r"(?m)^  - sop: .*$", "  - SOP terkait", sop.read_text())
            for c in range(copies):
                body = re.sub(r'(?m)^nomor: "(.*)"', rf'nomor: "\1/{u}-{c}"', text)
                body = re.sub(r"(?m)^nama: (.*)$", rf"nama: \1 {c}", body)
                (folder / f"{sop.stem}-{c}.yaml").write_text(body)
                count += 1
    return count


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    units = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    copies = int(sys.argv[2]) if len(sys.argv) > 2 else 4
    sopgen = str(Path(sys.executable).with_name("sopgen"))
    with tempfile.TemporaryDirectory() as work:
        sources, output = Path(work) / "sources", Path(work) / "output"
        sources.mkdir()
        count = make_tree(sources, units, copies)
        command = [sopgen, "build", "--sources", str(sources), "--output", str(output), "-q"]
        full = timed(command)
        noop = timed(command)
        one = next(sources.glob("*-0/*-0.yaml"))
        one.write_text(one.read_text().replace("nama: ", "nama: Revisi ", 1))
        edit = timed(command)
        print(f"{units} units, {count} SOPs")
        print(f"  full build     {full:6.1f} s  ({count / full:.1f} SOP/s)")
        print(f"  no-op build    {noop:6.2f} s")
        print(f"  one SOP edited {edit:6.2f} s")


if __name__ == "__main__":
    main()
