"""Writes tests/expected/: the normalised document.xml of one sample SOP, the reference that
tests/test_golden.py compares every change of output against.

    make golden      (after reading the diff the test printed, when the change is meant)

Normalised: the XML is parsed and pretty-printed with one element per line, so that a
review of `git diff tests/expected` shows what moved, shape by shape.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "expected"
SOP = ("kecamatan-kanigaran", "rekomendasi-izin-keramaian")  # decisions, loops, connectors


def document_xml(docx: bytes) -> str:
    """The main part of a .docx, one element per line."""
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        tree = etree.fromstring(package.read("word/document.xml"))
    etree.indent(tree, space=" ")
    return etree.tostring(tree, encoding="unicode") + "\n"


def render_golden_sop() -> bytes:
    from sopgen import build
    from sopgen.document.render import render_sop

    sources = build.check(ROOT / "sources").sources
    unit = next(u for u in sources.units if u.id == SOP[0])
    sop = next(s for s in unit.sops if s.key.sop == SOP[1])
    return render_sop(sources, unit, sop)


def golden_path() -> Path:
    return GOLDEN / f"{SOP[1]}.document.xml"


def main() -> int:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    golden_path().write_text(document_xml(render_golden_sop()), encoding="utf-8")
    print(f"ditulis: {golden_path().relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
