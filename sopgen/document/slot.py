"""The square slot where a signing portal puts the signer's QR, for a book made for an
electronic signature (`tte` in pemda.yaml or unit.yaml).

The slot is an inline shape, S x S points, in the signature's place: the jabatan stands
above it and the name below, as a wet signature's gap would. It is filled white with no
outline, so that it prints as blank paper yet is a filled rectangle in the PDF, which
`sopgen.tte` finds to measure where the slot really is. With `jangkar`, it holds that one
character at its bottom left, where BSrE's `tag_koordinat` finds it and puts the QR.

Inline shapes (wp:inline holding a wps:wsp) are what Word writes for a shape set "In Line
with Text".
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from ..check.model import Tte
from ..flowchart.geometry import PT

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
ANCHOR_SIZE = 8  # pt: the anchor character, small enough for the smallest slot
SLOT_NAME = "Kotak TTE"  # the shapes' name (docPr), how Word's selection pane lists them


class Slot:
    """The slot as docxtpl inserts it with `{{r tte }}`: its run, as it is."""

    def __init__(self, tte: Tte, font: str):
        self.size = tte.ukuran * PT
        self.xml = _slot_run(self.size, tte.jangkar, font)

    def __html__(self) -> str:  # jinja's autoescape leaves a value with __html__ as it is
        return self.xml


def _slot_run(size: int, anchor: str | None, font: str) -> str:
    text = ""
    if anchor:
        half_points = ANCHOR_SIZE * 2
        text = (
            "<wps:txbx><w:txbxContent><w:p><w:pPr><w:spacing w:before=\"0\" w:after=\"0\""
            ' w:line="240" w:lineRule="auto"/><w:jc w:val="left"/></w:pPr>'
            f'<w:r><w:rPr><w:rFonts w:ascii="{escape(font)}" w:hAnsi="{escape(font)}" w:cs="{escape(font)}"/>'
            f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/></w:rPr>'
            f"<w:t>{escape(anchor)}</w:t></w:r></w:p></w:txbxContent></wps:txbx>"
        )
    # the anchor's line at the slot's bottom, set by the top inset rather than by bottom
    # anchoring, which LibreOffice does not keep in a repeated table header
    top = size - ANCHOR_SIZE * PT * 5 // 4 if anchor else 0
    return (
        '<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{size}" cy="{size}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="1" name="{SLOT_NAME}"/><wp:cNvGraphicFramePr/>'
        f'<a:graphic xmlns:a="{A}"><a:graphicData uri="{WPS}"><wps:wsp><wps:cNvSpPr/>'
        f'<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{size}" cy="{size}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        '<a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill><a:ln><a:noFill/></a:ln></wps:spPr>'
        f"{text}"
        f'<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="0" tIns="{top}" rIns="0" bIns="0"'
        ' anchor="t" anchorCtr="0"><a:noAutofit/></wps:bodyPr>'
        "</wps:wsp></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
    )
