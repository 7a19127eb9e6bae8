"""A book's PDF -> where it is signed electronically: each signature slot measured on the
pages LibreOffice wrote, checked against the places the layout gave, and written as the
sidecar `<unit>.tte.json` that a signing portal (or BSrE's API) is given.

The slots are the white S x S rectangles that `sopgen.document.slot` puts at every
signature place. A slot is accepted only where the book says it is: on the page the
layout counted (the daftar isi's page for an identity page, the decree's own pages),
between its signer's jabatan and name, with no word and no line inside it, and (with
`jangkar`) holding its anchor character, which appears nowhere else. The bottom band the
portal stamps must be empty on every page.

Coordinates are PDF points with the origin at the bottom left, as BSrE's API and pyHanko
take them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from .errors import SopgenError
from .flowchart.geometry import MM, PT, TTE_BAND, TTE_BAND_LEFT, TTE_BAND_LEFT_WIDTH

TOLERANCE = 0.75  # pt: a slot's measured side may differ this much from its size
POINT = PT  # EMU per PDF point


class SlotError(SopgenError):
    """The PDF does not hold the slots where the layout put them."""


@dataclass(frozen=True)
class Measured:
    page: int  # 1-based
    x: float  # PDF points, origin at the bottom left
    y: float
    width: float
    height: float


def measure(data: bytes, expected: dict, name: str) -> dict:
    """The sidecar of a book's PDF (`data`), from its manifest record's `tte` (`expected`):
    the size, the anchor and the places the layout gave. Raises SlotError with every
    difference found, in the users' words."""
    import pymupdf

    size = expected["ukuran"]
    anchor = expected.get("jangkar")
    places = expected["tanda_tangan"]
    problems: list[str] = []
    slots: list[dict] = []
    with pymupdf.open(stream=data, filetype="pdf") as pdf:
        # each page's drawings and words read once: every check below looks at them
        sheets = [Sheet(page, page.get_drawings(), page.get_text("words")) for page in pdf]
        found = [_slots_on(sheet, number, size) for number, sheet in enumerate(sheets, start=1)]
        for number, sheet in enumerate(sheets, start=1):
            problems += _band_problems(sheet, number)
        measured = [slot for page_slots in found for slot in page_slots]
        taken: set[int] = set()
        for place in places:
            on_page = [i for i, s in enumerate(measured) if s.page == place["halaman"] and i not in taken]
            if not on_page:
                problems.append(f"kotak TTE {_who(place)} tidak ada di halaman {place['halaman']}"
                                " seperti dihitung tata letak")
                continue
            index = on_page[0]
            taken.add(index)
            slots.append(_entry(measured[index], place))
        for index, slot in enumerate(measured):
            if index in taken:
                continue
            # an identity page that runs on repeats its header block, signature included
            last = max((s for s in slots if s["page"] < slot.page), key=lambda s: s["page"], default=None)
            if last is not None and last["dokumen"] != "keputusan" and last["page"] == slot.page - 1:
                slots.append(_entry(slot, last))
            else:
                problems.append(f"halaman {slot.page} memuat kotak TTE yang tidak diharapkan")
        slots.sort(key=lambda s: (s["page"], -s["y"]))
        for slot in slots:
            problems += _inside_problems(sheets[slot["page"] - 1], slot, anchor)
        if anchor:
            count = sum(len(page.search_for(anchor)) for page in pdf)
            if count != len(slots):
                problems.append(f'karakter jangkar "{anchor}" muncul {count} kali, seharusnya {len(slots)}'
                                " (sekali di setiap kotak); pilih karakter lain yang tidak dipakai"
                                ' dalam teks SOP, mis. jangkar: "^"')
    if problems:
        raise SlotError(f"PDF {name} belum siap ditandatangani elektronik: " + "; ".join(problems))
    return {"ukuran": size, "jangkar": anchor, "slots": slots}


@dataclass(frozen=True)
class Sheet:
    """A PDF page with its drawings and words, read once."""

    page: object  # pymupdf.Page
    drawings: list
    words: list


def _slots_on(sheet: Sheet, number: int, size: float) -> list[Measured]:
    """The white filled squares of the slot's size on a page, top first."""
    height = sheet.page.rect.height
    found = []
    for drawing in sheet.drawings:
        rect = drawing["rect"]
        if (drawing.get("fill") == (1.0, 1.0, 1.0) and drawing.get("type") == "f"
                and abs(rect.width - size) <= TOLERANCE and abs(rect.height - size) <= TOLERANCE):
            found.append(Measured(number, round(rect.x0, 2), round(height - rect.y1, 2),
                                  round(rect.width, 2), round(rect.height, 2)))
    return sorted(set(found), key=lambda m: -m.y)


def _entry(slot: Measured, place: dict) -> dict:
    return {"page": slot.page, "x": slot.x, "y": slot.y, "width": slot.width, "height": slot.height,
            "jabatan": place["jabatan"], "nama": place["nama"], "nip": place["nip"],
            "dokumen": place["dokumen"]}


def _who(place: dict) -> str:
    return "keputusan" if place["dokumen"] == "keputusan" else f"SOP {place['dokumen']}"


def _inside_problems(sheet: Sheet, slot: dict, anchor: str | None) -> list[str]:
    """No word but the anchor and no line inside the slot; its signer's jabatan above it
    and name below it."""
    import pymupdf

    page = sheet.page
    height = page.rect.height
    box = pymupdf.Rect(slot["x"], height - slot["y"] - slot["height"], slot["x"] + slot["width"],
                       height - slot["y"])
    inner = box + (0.5, 0.5, -0.5, -0.5)
    where = f"kotak TTE {_who(slot)} (halaman {slot['page']})"
    problems = []
    words = [w for w in sheet.words if pymupdf.Rect(w[:4]).intersects(inner)]
    stray = [w[4] for w in words if w[4] != anchor]
    if stray:
        problems.append(f"{where} tertimpa teks: {' '.join(stray)[:60]}")
    for drawing in sheet.drawings:
        if drawing.get("color") is not None and drawing["rect"].intersects(inner):
            problems.append(f"{where} tertimpa garis")
            break
    text_above = page.get_textbox(pymupdf.Rect(0, 0, page.rect.width, box.y0))
    text_below = page.get_textbox(pymupdf.Rect(0, box.y1, page.rect.width, height))
    name = slot["nama"]
    if name and name not in " ".join(text_below.split()):
        problems.append(f"{where}: nama {name} tidak tercetak di bawahnya")
    first = slot["jabatan"].split()[0] if slot["jabatan"] else ""
    if first and first.upper() not in " ".join(text_above.split()).upper():
        problems.append(f"{where}: jabatan tidak tercetak di atasnya")
    return problems


def _band_problems(sheet: Sheet, number: int) -> list[str]:
    """Anything in the band the portal stamps: TTE_BAND across the bottom, TTE_BAND_LEFT at
    the left."""
    import pymupdf

    page = sheet.page
    width, height = page.rect.width, page.rect.height
    across = pymupdf.Rect(0, height - TTE_BAND / POINT, width, height)
    left = pymupdf.Rect(0, height - TTE_BAND_LEFT / POINT, TTE_BAND_LEFT_WIDTH / POINT, height)
    inked = [pymupdf.Rect(w[:4]) for w in sheet.words]
    inked += [d["rect"] for d in sheet.drawings
              if d.get("color") is not None or d.get("fill") not in (None, (1.0, 1.0, 1.0))]
    inked += [pymupdf.Rect(i["bbox"]) for i in page.get_image_info()]
    if any(r.intersects(across) or r.intersects(left) for r in inked):
        return [f"halaman {number}: ada isi di pita bawah tempat cap portal TTE"
                f" ({TTE_BAND / MM:g} mm dari tepi bawah, {TTE_BAND_LEFT / MM:g} mm di kiri)"]
    return []


def sidecar_bytes(sidecar: dict) -> bytes:
    """The sidecar as written: sorted keys, two-space indent, a final newline (the same
    sources give the same bytes)."""
    return (json.dumps(sidecar, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


FIELD_PREFIX = "TTE"


def with_fields(data: bytes, slots: list[dict]) -> bytes:
    """The PDF with an empty signature field (AcroForm) at each slot, for signing in a
    desktop application; each slot's entry names its field (`medan`). Added as an
    incremental update, so the pages stay LibreOffice's, byte for byte."""
    try:
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.sign.fields import SigFieldSpec, append_signature_field
    except ImportError:
        raise SlotError("medan tanda tangan PDF (tte: medan: ya) memerlukan pyHanko; pasang dengan:"
                        " pip install sopgen[tte]") from None
    from io import BytesIO

    writer = IncrementalPdfFileWriter(BytesIO(data))
    for number, slot in enumerate(slots, start=1):
        slot["medan"] = f"{FIELD_PREFIX}{number}"
        box = (slot["x"], slot["y"], slot["x"] + slot["width"], slot["y"] + slot["height"])
        append_signature_field(writer, SigFieldSpec(sig_field_name=slot["medan"], on_page=slot["page"] - 1,
                                                    box=box))
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
