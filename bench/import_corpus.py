"""Time `sopgen import`'s reading of every document of the development corpus
(../shared/corpus/import/), one document at a time, and say what each gave.

    python bench/import_corpus.py [--baseline REV]

With --baseline, the same documents are read by REV's code (a git worktree in a
temporary folder) in the same run, alternating, so that a noisy machine hurts both
alike."""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "import"

READ = """
import sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from sopgen.imports.documents import read_document
for name in sys.argv[2:]:
    start = time.perf_counter()
    try:
        sops = read_document(Path(name))
        what = f"{len(sops)} SOP, {sum(len(s.steps) for s in sops)} langkah, " + \\
            ",".join(sorted({s.flowchart for s in sops}))
    except Exception as e:
        what = "gagal: " + str(e).splitlines()[0][-90:]
    print(f"{time.perf_counter() - start:.3f}\\t{name}\\t{what}", flush=True)
"""


def run(code_root: Path, documents: list[Path]) -> list[tuple[float, str, str]]:
    out = subprocess.run([sys.executable, "-c", READ, str(code_root), *map(str, documents)], capture_output=True,
                         text=True, check=True).stdout
    rows = []
    for line in out.splitlines():
        seconds, name, what = line.split("\t")
        rows.append((float(seconds), Path(name).name, what))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--baseline", help="a git revision to time beside the working tree")
    args = parser.parse_args()
    documents = sorted(p for p in CORPUS.rglob("*") if p.suffix in (".pdf", ".xlsx", ".docx"))
    current = run(ROOT, documents)
    baseline = None
    if args.baseline:
        with tempfile.TemporaryDirectory() as folder:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", folder, args.baseline],
                           check=True, capture_output=True)
            try:
                baseline = run(Path(folder), documents)
            finally:
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", folder], check=True)
    for n, (seconds, name, what) in enumerate(current):
        before = f"\t{baseline[n][0]:.3f} s\t{baseline[n][2]}" if baseline else ""
        print(f"{name}\t{seconds:.3f} s\t{what}{before}")
    times = [t for t, _, _ in current]
    print(f"\n{len(times)} documents: median {statistics.median(times):.3f} s, max {max(times):.3f} s,"
          f" total {sum(times):.1f} s")
    failed = [r for r in current if r[2].startswith("gagal")]
    print(f"read {len(current) - len(failed)}, refused {len(failed)} (each with one line)")


if __name__ == "__main__":
    main()
