"""Page transitions written as Word writes them: a run with `<w:br w:type="page"/>` (or a
section break), never `w:pageBreakBefore`, which Word-compatible layout engines ignore on
a paragraph right after a table (the flowchart then ran on under the identity page)."""

from __future__ import annotations

import io
import zipfile

import pytest
from lxml import etree

from sopgen.document.book import render_book
from sopgen.document.render import render_sop
from sopgen.flowchart.geometry import landscape
from sopgen.flowchart.layout import layout

from .conftest import checked_samples

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SOURCES = checked_samples().sources
PAIRS = [(unit, sop) for unit in SOURCES.units for sop in unit.sops]


def body(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read("word/document.xml")).find(f"{W}body")


def breaks_page(element: etree._Element) -> bool:
    return element.tag == f"{W}p" and (
        any(br.get(f"{W}type") == "page" for br in element.iter(f"{W}br"))
        or element.find(f"{W}pPr/{W}sectPr") is not None)


@pytest.mark.parametrize("unit,sop", PAIRS, ids=[str(s.key) for _, s in PAIRS])
def test_every_flowchart_page_starts_with_a_page_break_run(unit, sop):
    root = body(render_sop(SOURCES, unit, sop))
    assert not list(root.iter(f"{W}pageBreakBefore"))
    children = list(root)
    tables = [i for i, child in enumerate(children) if child.tag == f"{W}tbl"]
    flowchart = tables[-len(layout(sop, landscape(SOURCES.pemda.kertas)).pages):]
    for number, index in enumerate(flowchart, start=1):  # the identity table, then one per page
        caption = "".join(children[index - 1].itertext())  # the line naming the SOP, then its table
        assert caption == (f"Nomor SOP: {sop.nomor} | Nama SOP: {sop.nama} | Bagan alir halaman"
                           f" {number} dari {len(flowchart)}")
        assert breaks_page(children[index - 2]), "a flowchart page without a page break before it"
    assert sum(breaks_page(c) for c in children) == len(flowchart)


def test_a_book_has_no_page_break_before():
    for unit in SOURCES.units:
        root = body(render_book(SOURCES, unit).data)
        assert not list(root.iter(f"{W}pageBreakBefore")), unit.id
        children = list(root)
        for i, child in enumerate(children[1:], start=1):
            if child.tag == f"{W}tbl" and children[i - 1].tag == f"{W}tbl":
                pytest.fail(f"{unit.id}: two tables without a paragraph between them")
