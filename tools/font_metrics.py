"""Writes sopgen/metrics/<font>.json: the advance widths that the layout wraps text with.

The layout must know how wide every line is before Word or LibreOffice sets it, and must
know it the same way on every machine, so the widths are read once from the font file
and committed. Liberation Sans is the metric clone of Arial (same advance widths), under
the SIL Open Font License.

    .venv/bin/python tools/font_metrics.py /usr/share/fonts/truetype/liberation2
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from fontTools.ttLib import TTFont

CODEPOINTS = [*range(0x20, 0x250), *range(0x2010, 0x2040), 0x20AC, 0x2122, 0x2212, 0x2264, 0x2265]


def widths(path: Path) -> tuple[dict, dict]:
    font = TTFont(path)
    cmap = font.getBestCmap()
    hmtx = font["hmtx"]
    advance = {str(cp): hmtx[cmap[cp]][0] for cp in CODEPOINTS if cp in cmap}
    hhea = font["hhea"]
    head = font["head"]
    vertical = {"units_per_em": head.unitsPerEm, "ascent": hhea.ascent,
                "descent": -hhea.descent, "line_gap": hhea.lineGap}
    return advance, vertical


def main(folder: str) -> None:
    base = Path(folder)
    regular, vertical = widths(base / "LiberationSans-Regular.ttf")
    bold, _ = widths(base / "LiberationSans-Bold.ttf")
    out = Path(__file__).resolve().parent.parent / "sopgen" / "metrics" / "liberation-sans.json"
    data = {"family": "Liberation Sans", "metric_compatible_with": ["Arial", "Liberation Sans"],
            **vertical, "regular": regular, "bold": bold}
    out.write_text(json.dumps(data, sort_keys=True, separators=(",", ":")) + "\n")
    print(out)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype/liberation2")
