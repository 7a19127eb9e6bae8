"""Draws a Diagram straight from the layout as PNG pages, to debug routing without Word.

    .venv/bin/python tools/preview_layout.py sources/<unit>/<sop>.yaml /tmp/out-prefix
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw

from sopgen import build
from sopgen.flowchart.geometry import MM, Shape, landscape
from sopgen.flowchart.layout import layout

SCALE = 4 / MM  # pixels per EMU (4 px per mm)


def px(v: int) -> int:
    return round(v * SCALE)


def main(path: str, prefix: str) -> None:
    sop_path = Path(path)
    sources = build.check(sop_path.parent.parent).sources
    sop = next(s for u in sources.units for s in u.sops if s.path.resolve() == sop_path.resolve())
    diagram = layout(sop, landscape(sources.pemda.kertas))
    width = diagram.columns[-1].x + diagram.columns[-1].width
    for n, page in enumerate(diagram.pages, 1):
        height = page.rows[-1].y + page.rows[-1].height
        image = Image.new("RGB", (px(width) + 1, px(height) + 1), "white")
        draw = ImageDraw.Draw(image)
        for column in diagram.columns:
            draw.line([(px(column.x), 0), (px(column.x), px(height))], fill="#bbb")
            draw.text((px(column.x) + 2, 2), column.title[:14], fill="black")
        for row in page.rows:
            draw.line([(0, px(row.y)), (px(width), px(row.y))], fill="#bbb")
            draw.text((4, px(row.y) + 4), str(row.step + 1), fill="black")
        for s in page.symbols:
            b = s.box
            rect = [px(b.x), px(b.y), px(b.right), px(b.bottom)]
            if s.shape is Shape.DECISION:
                draw.polygon([(px(b.cx), px(b.y)), (px(b.right), px(b.cy)), (px(b.cx), px(b.bottom)),
                              (px(b.x), px(b.cy))], outline="black")
            else:
                draw.rectangle(rect, outline="blue" if s.shape is Shape.CONNECTOR else "black")
            if s.text:
                draw.text((px(b.cx) - 3, px(b.y) + 4), s.text, fill="blue")
        for a in page.arrows:
            draw.line([(px(x), px(y)) for x, y in a.points], fill="red", width=2)
            x, y = a.points[-1]
            draw.ellipse([px(x) - 3, px(y) - 3, px(x) + 3, px(y) + 3], fill="red")
        for label in page.labels:
            draw.text((px(label.box.x), px(label.box.y)), " ".join(label.lines), fill="green")
        out = f"{prefix}-{n}.png"
        image.save(out)
        print(out)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
