"""A unit -> the context of its keputusan (the decree enacting its SOP book, with the list
of SOPs as its lampiran) for `sopgen/templates/keputusan.docx`, and the pages it takes.

Headings and the signatory's title are broken into lines here, between the phrases a
reader would break at (the region's name stays whole), and handed to the template one
paragraph a line, so that Word, LibreOffice and the page count agree on every line.
Every text in the template has an exact line pitch, so the pages are counted from the
font's real widths (`measure`), as for the rest of the front matter.
"""

from __future__ import annotations

import re

from ..check import citations
from ..check.citations import initials
from ..check.dates import format_date
from ..check.model import Official, Sources, Unit, tte_of
from ..flowchart.geometry import MM, PT, portrait
from ..flowchart.geometry import WORD_CELL_MARGIN as CELL_MARGIN
from ..measure import balanced
from .pages import FRONT, ROW_EXTRA, fill, lines, row_height, text_lines
from .slot import Slot

SIZE, LINE = FRONT.size, FRONT.line  # the decree's text (templates/keputusan.docx agrees)

# the template's geometry (tools/make_templates.py draws it with these numbers)
LABEL_W, COLON_W = 32 * MM, 5 * MM  # Menimbang : a. ... (the text: the rest of the width)
ITEM_INDENT = 7 * MM  # "a." and "1." hang this far
SIGNATURE_INDENT = 80 * MM  # the signature block starts here
KOP_SIZES = (14, 14, 10)  # pt: the government, the unit's name lines, the address
KOP_PITCH = {14: 17 * PT, 10: 12 * PT}
KOP_LOGO_W, KOP_MIN_H = 28 * MM, 28 * MM  # the logo column; the kop's least height
LAMPIRAN_W = (28 * MM, 4 * MM, 76 * MM)  # LAMPIRAN : KEPUTUSAN ..., on the right half
DAFTAR_W = (12 * MM, 55 * MM, 93 * MM)  # No | Nomor SOP | Nama SOP


def table_widths(content_width: int) -> dict[str, tuple[int, ...]]:
    """The template's tables on a page of this text width. They are drawn for F4 (160 mm);
    on A4 (155 mm) a table kept at 160 mm runs 5 mm into the right margin and its text
    breaks differently from the hanging paragraphs, so the text column of each gives up
    the difference (labels, numbers and the lampiran's heading keep their widths)."""
    w = content_width
    return {"kop": (KOP_LOGO_W, w - KOP_LOGO_W),
            "items": (LABEL_W, COLON_W, w - LABEL_W - COLON_W),
            "lampiran": (w - sum(LAMPIRAN_W), *LAMPIRAN_W),
            "daftar": (DAFTAR_W[0], DAFTAR_W[1], w - DAFTAR_W[0] - DAFTAR_W[1])}


def table_kind(widths: list[int]) -> str:
    """Which of the template's tables a grid is (the kop is left out when it is off)."""
    if len(widths) == 2:
        return "kop"
    if len(widths) == 4:
        return "lampiran"
    return "items" if abs(widths[0] - LABEL_W) < MM else "daftar"


def kepala(unit: Unit) -> Official:
    if unit.kepala is not None:
        return unit.kepala
    return unit.sops[0].disahkan_oleh  # validation requires one or the other


def region(sources: Sources) -> str:
    """'Kota Probolinggo' from 'Pemerintah Kota Probolinggo'."""
    name = sources.pemda.nama
    return name[len("Pemerintah "):] if name.lower().startswith("pemerintah ") else name


def _absent(phrase: str, text: str) -> bool:
    """Whether a text does not already name a phrase, written out or by its initials: a
    jabatan "Kepala BPS Provinsi Bengkulu" names "Badan Pusat Statistik"."""
    if phrase.casefold() in text.casefold():
        return False
    return initials(phrase) not in re.findall(r"\w+", text.casefold())


def office_phrases(sources: Sources, unit: Unit) -> list[str]:
    """The issuing official as phrases: the head's jabatan, the parent units and the
    region, each only where the jabatan does not already say it; or the decree's own
    `jabatan` when the unit gives one."""
    if unit.keputusan and unit.keputusan.jabatan:
        return [unit.keputusan.jabatan]
    jabatan = kepala(unit).jabatan
    return [jabatan, *(p for p in (*unit.induk, region(sources)) if _absent(p, jabatan))]


def _unit_region(sources: Sources, unit: Unit) -> list[str]:
    """The region after the unit's name, unless the name already says it."""
    return [region(sources)] if _absent(region(sources), unit.nama) else []


def scope(sources: Sources, unit: Unit) -> str:
    """'Dinas Kependudukan dan Pencatatan Sipil Kota Probolinggo': the unit and its region,
    the region once."""
    return " ".join([unit.nama, *_unit_region(sources, unit)])


def title_phrases(sources: Sources, unit: Unit) -> list[str]:
    if unit.keputusan and unit.keputusan.tentang:
        return [unit.keputusan.tentang]
    return ["Standar Operasional Prosedur Administrasi Pemerintahan",
            f"di Lingkungan {unit.nama}", *_unit_region(sources, unit)]


def _upper(phrases: list[str]) -> list[str]:
    return [p.upper() for p in phrases]


def decree_context(sources: Sources, unit: Unit) -> dict:
    setup = portrait(sources.pemda.kertas)
    width = setup.content_width - PT  # half a point of safety on each side
    head = kepala(unit)
    offices, titles = office_phrases(sources, unit), title_phrases(sources, unit)
    office, title = " ".join(offices), " ".join(titles)
    where = scope(sources, unit)
    cited = citations.ordered([text for sop in unit.sops for text in sop.dasar_hukum],
                              preferred=set(sources.dasar_hukum.values()))
    decree_title = f"Keputusan {office} tentang {title}"
    return {
        "kop": _kop(sources, unit, width) if sources.pemda.kop else None,
        "judul": balanced(_upper([f"Keputusan {offices[0]}", *offices[1:]]), width, SIZE, True),
        "nomor": unit.keputusan.nomor,
        "tentang": balanced(_upper(titles), width, SIZE, True),
        "penetap": balanced(_upper(_comma(offices)), width, SIZE, True),
        "menimbang": [
            {"nomor": "a.", "teks": "bahwa dalam rangka meningkatkan kualitas penyelenggaraan"
             " pemerintahan dan pelayanan kepada masyarakat, perlu disusun standar operasional"
             f" prosedur administrasi pemerintahan di lingkungan {where};"},
            {"nomor": "b.", "teks": "bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam"
             f" huruf a, perlu menetapkan {decree_title};"},
        ],
        "mengingat": [{"nomor": f"{n}.", "teks": f"{text};" if n < len(cited) else f"{text}."}
                      for n, text in enumerate(cited, start=1)] or [{"nomor": "", "teks": "-"}],
        "menetapkan": f"{decree_title.upper()}.",
        "diktum": [
            {"label": "KESATU", "teks": "Menetapkan Standar Operasional Prosedur Administrasi"
             f" Pemerintahan di Lingkungan {where} sebagaimana tercantum dalam Lampiran yang"
             " merupakan bagian tidak terpisahkan dari Keputusan ini."},
            {"label": "KEDUA", "teks": "Standar Operasional Prosedur sebagaimana dimaksud dalam"
             f" Diktum KESATU menjadi pedoman bagi seluruh pegawai di lingkungan {where} dalam"
             " melaksanakan tugas dan fungsi."},
        ],
        # the last diktum is kept on the page of the signature block (keep with next)
        "diktum_akhir": {"label": "KETIGA", "teks": "Keputusan ini mulai berlaku pada tanggal"
                         " ditetapkan."},
        "kota": sources.pemda.kota or "",
        "tanggal": format_date(unit.keputusan.tanggal),
        # an electronic signature's slot in place of the room to sign
        "tte": Slot(tte, sources.pemda.huruf) if (tte := tte_of(sources.pemda, unit)) else None,
        "ttd": {"jabatan": balanced(_upper(_comma(offices)),
                                    setup.content_width - SIGNATURE_INDENT - PT, SIZE, True),
                **penetapan_signature(head, " ".join(offices), unit.keputusan.gelar)},
        "lampiran": {"keputusan": f"KEPUTUSAN {office.upper()}", "nomor": unit.keputusan.nomor,
                     "tanggal": format_date(unit.keputusan.tanggal), "tentang": title.upper()},
        "lampiran_judul": balanced(["DAFTAR STANDAR OPERASIONAL PROSEDUR",
                                    "ADMINISTRASI PEMERINTAHAN", f"DI LINGKUNGAN {where.upper()}"],
                                   width, SIZE, True),
        "daftar": [{"no": n, "nomor": sop.nomor, "nama": sop.nama}
                   for n, sop in enumerate(unit.sops, start=1)],
    }


# Permendagri 1/2023 Pasal 44: who signs a naskah dinas penetapan (a keputusan) is
# written without gelar (1); the head of the region, the deputy and the sekretaris daerah
# without NIP and pangkat (3), and so an acting one of them (Pj, Pjs, Plt, Plh: 4, 5)
ACTING = re.compile(r"^(?:pj|pjs|plt|plh)\.?\s+", re.IGNORECASE)
HEADS = ("wali kota", "walikota", "bupati", "gubernur", "wakil wali kota", "wakil walikota",
         "wakil bupati", "wakil gubernur", "sekretaris daerah")
PREFIX_GELAR = re.compile(r"^(?:(?:prof|dr|drs|dra|ir|drg|apt|ns)\.\s*)+", re.IGNORECASE)
DEGREE = re.compile(r"^[A-Za-z]{1,6}(?:\.[A-Za-z]{1,6})*\.?(?:\s*\([^)]*\))?$")  # S.H., M.Si, S.STP, Ph.D


def without_gelar(name: str) -> str:
    """A name without its academic and professional gelar: "Dra. SITI AMINAH, M.Si" ->
    "SITI AMINAH". Religious honorifics (H., Hj.) are part of how the name is written."""
    base, _, rest = name.partition(",")
    if rest and all(DEGREE.match(part.strip()) for part in rest.split(",") if part.strip()):
        name = base
    return PREFIX_GELAR.sub("", name.strip()).strip() or name.strip()


def penetapan_signature(head: Official, office: str, gelar: bool) -> dict:
    """The name, pangkat and NIP under a keputusan's signature, as Pasal 44 writes them."""
    role = ACTING.sub("", office.strip()).casefold()
    region_head = role.startswith(HEADS)
    return {"nama": head.nama if gelar else without_gelar(head.nama),
            "pangkat": "" if region_head else head.pangkat or "",
            "nip": "" if region_head else head.nip_cetak or ""}


def _comma(phrases: list[str]) -> list[str]:
    """The signatory's title ends with a comma, as in every decree."""
    return [*phrases[:-1], phrases[-1] + ","]


def _kop(sources: Sources, unit: Unit, width: int) -> dict:
    text_w = width - KOP_LOGO_W - 2 * CELL_MARGIN
    lines = {
        "pemda": balanced([sources.pemda.nama.upper()], text_w, KOP_SIZES[0], True),
        # one line (or more) for each level: SEKRETARIAT DAERAH / BAGIAN ORGANISASI
        "unit": [line for name in unit.nama_baris
                 for line in balanced([name.upper()], text_w, KOP_SIZES[1], True)],
        "alamat": balanced([unit.alamat or sources.pemda.alamat or ""], text_w, KOP_SIZES[2]),
    }
    return {**lines, "logo": sources.pemda.logo is not None}


def kop_height(kop: dict) -> int:
    text = (len(kop["pemda"]) * KOP_PITCH[KOP_SIZES[0]] + len(kop["unit"]) * KOP_PITCH[KOP_SIZES[1]]
            + len(kop["alamat"]) * KOP_PITCH[KOP_SIZES[2]])
    return max(KOP_MIN_H, text)


# --- pages -----------------------------------------------------------------------------------

def decree_pages(sources: Sources, context: dict) -> tuple[int, int]:
    """The pages of the decree's body (its signature is on the last of them) and of the
    whole decree with its lampiran (whose signature ends it), the lampiran from a new page,
    counted in lines of the template's exact pitch. The last diktum is kept with the signature block (keep-with-
    next), so the two move to the next page together when they do not fit: one block."""
    setup = portrait(sources.pemda.kertas)
    usable = setup.content_height
    tables = table_widths(setup.content_width)
    text_w = tables["items"][2]  # the hanging paragraphs' text starts where the items' does
    body = []
    if context["kop"]:
        body += [kop_height(context["kop"]) + ROW_EXTRA] + text_lines(1)  # and a blank line
    body += text_lines(len(context["judul"]) + 1 + 1 + 1 + 1 + len(context["tentang"]) + 1
                       + len(context["penetap"]) + 1)
    item_w = text_w - 2 * CELL_MARGIN - ITEM_INDENT
    for items in (context["menimbang"], context["mengingat"]):
        body += text_lines(sum(lines(i["teks"], item_w) for i in items)) + [ROW_EXTRA]
    body += text_lines(3)  # blank, MEMUTUSKAN:, blank
    for text in (context["menetapkan"], *(d["teks"] for d in context["diktum"])):
        body += text_lines(lines(text, text_w))
    signature = signature_height(context["ttd"], context["tte"])
    body.append((lines(context["diktum_akhir"]["teks"], text_w) + 1 + 2 + 1) * LINE + signature)
    # the lampiran: its header block, the list of SOPs (rows may break between lines), and
    # the signature, which keep-with-next moves to the next page whole
    header = context["lampiran"]
    lampiran = [row_height(("", "", value), LAMPIRAN_W) - ROW_EXTRA for value in
                (header["keputusan"], header["nomor"], header["tanggal"], header["tentang"])]
    lampiran += [ROW_EXTRA] + text_lines(1 + len(context["lampiran_judul"]) + 1)
    for values in [("No", "Nomor SOP", "Nama SOP")] + [
            (str(row["no"]), row["nomor"], row["nama"]) for row in context["daftar"]]:
        row = row_height(values, tables["daftar"])
        lampiran += text_lines((row - ROW_EXTRA) // LINE) + [ROW_EXTRA]
    lampiran.append(LINE + signature)
    return fill(body, usable), fill(body, usable) + fill(lampiran, usable)


def signature_height(ttd: dict, slot: Slot | None) -> int:
    """The signature block: the jabatan lines, three empty lines to sign in (or the slot
    of an electronic signature, on a line of its own as tall as it and the text's descent),
    then the name, pangkat and NIP."""
    room = 3 * LINE if slot is None else slot.size + SIZE * PT // 4
    return (len(ttd["jabatan"]) + 3) * LINE + room
