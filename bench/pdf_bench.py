"""PDF conversion: books per second through one LibreOffice start (and one per worker
with -j), against the naive one start per book, measured side by side.

    .venv/bin/python bench/pdf_bench.py [copies]

Uses the sample books (built into a temporary folder), `copies` times each.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from sopgen.cli import main as sopgen
from sopgen.pdf import convert

ROOT = Path(__file__).resolve().parent.parent


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> None:
    copies = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    with tempfile.TemporaryDirectory() as work:
        built = Path(work) / "built"
        sopgen(["build", "--sources", str(ROOT / "sources"), "--output", str(built), "-q"])
        books = sorted(built.glob("*.docx"))
        runs = {}
        methods = (("one start per book (naive)", 1, True), ("one start for all", 1, False),
                   ("two starts in parallel (-j 2)", 2, False))
        for number, (name, jobs, naive) in enumerate(methods):
            folder = Path(work) / f"method-{number}"
            folder.mkdir(parents=True)
            documents = []
            for copy in range(copies):
                for book in books:
                    target = folder / f"{book.stem}-{copy}.docx"
                    shutil.copy(book, target)
                    documents.append(target)
            if naive:
                runs[name] = timed(lambda: [convert([d]) for d in documents])
            else:
                runs[name] = timed(lambda: convert(documents, jobs=jobs))
        print(f"{len(documents)} books per method")
        for name, seconds in runs.items():
            print(f"  {name:32} {seconds:6.1f} s  {len(documents) / seconds:5.2f} books/s")


if __name__ == "__main__":
    main()
