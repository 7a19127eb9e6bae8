"""A city of UNITS units x SOPS SOPs: how long sopgen takes for what Bagian Organisasi runs.

    .venv/bin/python bench/city.py UNITS SOPS [--baseline DIR] [--rounds N]
    .venv/bin/python bench/city.py --growth [--baseline DIR]
    .venv/bin/python bench/city.py --pdf BOOKS

Makes the city from the sample SOPs (cycled, renumbered, renamed so that numbers and names
stay unique), then measures, each in a fresh process:

- `sopgen check` of the whole city, cold (no output folder, so no cache);
- a full build to .docx (all cores);
- `make` again with nothing to do;
- `sopgen check` again, warm (the build filled the cache);
- one SOP edited (its name, so its book's forms and the recap change too), its book rebuilt;

with each run's peak memory (the largest process of the run, workers included). With
`--baseline DIR` (another checkout, e.g. `git worktree add /tmp/base HEAD~1`) the same
runs of that code alternate with the current code's, in one run of this script, because
this machine is noisy; the table prints both, best of `--rounds`.

`--growth` prints the full build's time per SOP for cities of 100, 1,000 and 10,000 SOPs
(units of 50): whether the cost of a SOP stays flat as the city grows. `--pdf BOOKS`
converts BOOKS small books with two LibreOffice workers (one start each) and then with one
start per book. A measurement, not a test: no timing is asserted anywhere.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# run one command, report its wall time and the peak RSS of it and its descendants
MEASURE = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(json.dumps([time.perf_counter() - start,
                  resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024]))
"""


def make_city(target: Path, units: int, sops: int) -> int:
    samples = ROOT / "sources"
    for name in ("pemda.yaml", "dasar-hukum.yaml"):
        shutil.copy(samples / name, target / name)
    shutil.copytree(samples / "logo", target / "logo")
    pemda = target / "pemda.yaml"  # the city's own units are not the samples' list
    pemda.write_text(re.sub(r"(?m)^perangkat_daerah:(\n  .*)*\n?", "", pemda.read_text()))
    folders = [p for p in sorted(samples.iterdir()) if (p / "unit.yaml").is_file()]
    texts = [re.sub(r"(?m)^  - sop: .*$", "  - SOP terkait", p.read_text())
             for folder in folders for p in sorted(folder.glob("*.yaml")) if p.name != "unit.yaml"]
    for u in range(units):
        source = folders[u % len(folders)]
        folder = target / f"unit-{u:03d}"
        folder.mkdir()
        unit_yaml = (source / "unit.yaml").read_text()
        (folder / "unit.yaml").write_text(re.sub(r"(?m)^urutan:.*(\n  - .*)*", "", unit_yaml))
        for n in range(sops):
            body = re.sub(r'(?m)^nomor: "(.*)"', rf'nomor: "\1/{u}-{n}"', texts[(u + n) % len(texts)])
            body = re.sub(r"(?m)^nama: (.*)$", rf"nama: \1 {n}", body)
            (folder / f"sop-{n:03d}.yaml").write_text(body)
    return units * sops


def run(code: Path, *args: str, cwd: Path | None = None) -> tuple[float, float]:
    python = sys.executable
    env_code = f"import sys; sys.path.insert(0, {str(code)!r}); from sopgen.cli import main; sys.exit(main())"
    out = subprocess.run([python, "-c", MEASURE, python, "-c", env_code, *args],
                         check=True, capture_output=True, text=True, cwd=cwd).stdout
    seconds, megabytes = json.loads(out)
    return seconds, megabytes


def measure(code: Path, work: Path, sources: Path) -> dict[str, tuple[float, float]]:
    """Each code runs in a folder of its own, its books in the default `output/` there."""
    here = work / f"run-{code.name}"
    shutil.rmtree(here, ignore_errors=True)
    here.mkdir()
    source = str(sources)
    figures = {"check, cold": run(code, "check", "--sources", source, "-q", cwd=here)}
    figures["full build"] = run(code, "build", "--sources", source, "-q", cwd=here)
    figures["nothing changed"] = run(code, "build", "--sources", source, "-q", cwd=here)
    figures["check, warm"] = run(code, "check", "--sources", source, "-q", cwd=here)
    edited = sources / "unit-000" / "sop-000.yaml"
    original = edited.read_text()
    edited.write_text(original.replace("nama: ", "nama: Diubah ", 1))
    figures["one SOP edited"] = run(code, "build", "--sources", source, "-q", cwd=here)
    edited.write_text(original)
    run(code, "build", "--sources", source, "-q", cwd=here)  # back in step
    return figures


def table(units: int, sops: int, codes: list[Path], rounds: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        sources = work / "sources"
        sources.mkdir()
        count = make_city(sources, units, sops)
        best: dict[Path, dict[str, tuple[float, float]]] = {}
        for _ in range(rounds):
            for code in reversed(codes):  # baseline first, then this code, alternating
                for key, (seconds, mb) in measure(code, work, sources).items():
                    old = best.setdefault(code, {}).get(key)
                    best[code][key] = (min(seconds, old[0]), max(mb, old[1])) if old else (seconds, mb)
    print(f"{count} SOPs in {units} units, best of {rounds}")
    header = "| what | " + " | ".join(("this code" if c == ROOT else "baseline") for c in codes) + " |"
    print(header)
    print("|---|" + "---|" * len(codes))
    for key in best[ROOT]:
        cells = [f"{best[c][key][0]:.2f} s, {best[c][key][1]:.0f} MB" for c in codes]
        print(f"| {key} | " + " | ".join(cells) + " |")
    per_sop = [f"{best[c]['full build'][0] / count * 1000:.0f} ms" for c in codes]
    print("| full build per SOP | " + " | ".join(per_sop) + " |")


def growth(codes: list[Path]) -> None:
    """The full build's time per SOP as the city grows tenfold, twice."""
    print("| SOPs | " + " | ".join(("this code" if c == ROOT else "baseline") for c in codes) + " |")
    print("|---|" + "---|" * len(codes))
    for units in (2, 20, 200):
        with tempfile.TemporaryDirectory() as folder:
            work = Path(folder)
            sources = work / "sources"
            sources.mkdir()
            count = make_city(sources, units, 50)
            cells = []
            for code in codes:
                output = work / f"output-{code.name}"
                seconds, mb = run(code, "build", "--sources", str(sources), "--output", str(output), "-q")
                cells.append(f"{seconds:.1f} s, {seconds / count * 1000:.1f} ms a SOP, {mb:.0f} MB")
                shutil.rmtree(output)
        print(f"| {count} | " + " | ".join(cells) + " |")


def pdf(books: int) -> None:
    """PDF books per second: two workers, one LibreOffice start each, against one start per book."""
    import time

    sys.path.insert(0, str(ROOT))
    from sopgen.pdf import convert

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        sources, output = work / "sources", work / "output"
        sources.mkdir()
        make_city(sources, books, 3)
        run(ROOT, "build", "--sources", str(sources), "--output", str(output), "-q")
        documents = sorted(p for p in output.glob("unit-*.docx"))
        start = time.perf_counter()
        convert(documents, jobs=2)
        batched = time.perf_counter() - start
        start = time.perf_counter()
        for document in documents:
            convert([document], jobs=1)
        single = time.perf_counter() - start
    print(f"{len(documents)} books of 3 SOPs: two workers {batched:.1f} s ({len(documents) / batched:.2f}"
          f" books/s); one start per book {single:.1f} s ({len(documents) / single:.2f} books/s);"
          f" {single / batched:.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("units", type=int, nargs="?")
    parser.add_argument("sops", type=int, nargs="?")
    parser.add_argument("--baseline", type=Path, help="another checkout to measure alongside")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--growth", action="store_true", help="time per SOP at 100, 1,000, 10,000 SOPs")
    parser.add_argument("--pdf", type=int, metavar="BOOKS", help="PDF: two workers against a start per book")
    args = parser.parse_args()
    codes = [ROOT] + ([args.baseline.resolve()] if args.baseline else [])
    if args.growth:
        growth(codes)
    elif args.pdf:
        pdf(args.pdf)
    elif args.units and args.sops:
        table(args.units, args.sops, codes, args.rounds)
    else:
        parser.error("give UNITS SOPS, --growth or --pdf BOOKS")


if __name__ == "__main__":
    main()
