"""The site of a city of UNITS units x SOPS SOPs: how long `sopgen situs` spends on the site
itself (after the books), cold, with nothing changed, and after one SOP's step was edited.

    .venv/bin/python bench/situs.py [UNITS] [SOPS]

The city is bench/city.py's. The books are built first and not timed; each SOP is
published as .docx only (no LibreOffice: its conversion is the books' cost, measured by
bench/city.py --pdf). Prints the seconds and the files written by each run. A
measurement, not a test: no timing is asserted anywhere.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.city import make_city  # noqa: E402
from sopgen import build  # noqa: E402
from sopgen.publish.site import build_site  # noqa: E402


def main() -> None:
    units, sops = (int(a) for a in (sys.argv[1:3] if len(sys.argv) > 2 else ("10", "20")))
    with tempfile.TemporaryDirectory(prefix="sopgen-situs-") as work:
        sources, output = Path(work) / "sources", Path(work) / "output"
        sources.mkdir()
        count = make_city(sources, units, sops)
        build.build_books(sources, output)
        day = dt.date(2026, 12, 1)
        rows = []
        for label in ("cold", "nothing changed", "one step edited"):
            if label == "one step edited":
                edited = sources / "unit-000" / "sop-000.yaml"
                text = edited.read_text(encoding="utf-8")
                edited.write_text(text.replace("uraian: ", "uraian: Segera ", 1), encoding="utf-8")
                build.build_books(sources, output)
            start = time.perf_counter()
            report = build_site(build.check(sources, build.check_cache(output)), output, output / "situs", day)
            rows.append((label, time.perf_counter() - start, len(report.written)))
        print(f"site of {count} SOPs in {units} units (.docx only)")
        for label, seconds, written in rows:
            print(f"  {label:<16} {seconds:7.2f} s  {written:5d} files written")


if __name__ == "__main__":
    main()
