"""A unit's services (check/layanan.py) -> its Standar Pelayanan document (PermenPANRB
15/2014): the unit head's decree, its lampiran with one table of the 14 components per
service, the maklumat pelayanan, and for each service the public sheet of the six
service-delivery components for the counter. A component the service leaves out is
taken from its SOP: persyaratan (the first step's kelengkapan), the procedure (the
SOP's steps), produk (the last step's output), dasar hukum, sarana (peralatan) and
kompetensi (kualifikasi pelaksana)."""

from __future__ import annotations

import re

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from ..check.citations import ordered
from ..check.dates import format_date
from ..check.model import Layanan, Sources, Unit
from ..flowchart.geometry import portrait
from .decree import kepala, office_phrases, region, scope
from .plain import centered, plain_document, ruled_table, shares
from .render import finish, jabatan_caps

SIZE = 11  # pt
MARGIN = 25  # mm
# the labels as UU 25/2009 Pasal 21 words them (with its commas), grouped as PermenPANRB
# 15/2014 groups them
DELIVERY = (("persyaratan", "Persyaratan"), ("prosedur", "Sistem, mekanisme, dan prosedur"),
            ("jangka_waktu", "Jangka waktu penyelesaian"), ("biaya", "Biaya/tarif"),
            ("produk", "Produk pelayanan"), ("pengaduan", "Penanganan pengaduan, saran, dan masukan"))
MANAGEMENT = (("dasar_hukum", "Dasar hukum"), ("sarana", "Sarana, prasarana, dan/atau fasilitas"),
              ("kompetensi", "Kompetensi pelaksana"), ("pengawasan", "Pengawasan internal"),
              ("jumlah_pelaksana", "Jumlah pelaksana"), ("jaminan_pelayanan", "Jaminan pelayanan"),
              ("jaminan_keamanan", "Jaminan keamanan dan keselamatan pelayanan"),
              ("evaluasi_kinerja", "Evaluasi kinerja pelaksana"))
GROUPS = ("A. Komponen Standar Pelayanan yang terkait dengan proses penyampaian pelayanan (service delivery)",
          "B. Komponen Standar Pelayanan yang terkait dengan proses pengelolaan pelayanan di internal"
          " organisasi (manufacturing)")
# Mengingat: the law, its regulation and the pedoman, and where the unit's SOPs cite them
# the law on regional government and the region's own instruments on its organisation
MENGINGAT = ("Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik",
             "Peraturan Pemerintah Nomor 96 Tahun 2012 tentang Pelaksanaan Undang-Undang Nomor 25 Tahun"
             " 2009 tentang Pelayanan Publik",
             "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 15 Tahun 2014"
             " tentang Pedoman Standar Pelayanan")
ORGANISATION = re.compile(r"pemerintahan daerah|perangkat daerah|susunan organisasi|tentang kecamatan",
                          re.IGNORECASE)
MAKLUMAT = ("Dengan ini, kami menyatakan sanggup menyelenggarakan pelayanan sesuai standar pelayanan yang"
            " telah ditetapkan dan apabila tidak menepati janji ini, kami siap menerima sanksi sesuai"
            " peraturan perundang-undangan yang berlaku.")


def components(sources: Sources, service: Layanan) -> dict[str, list[str]]:
    """Each of the 14 components as lines of text: as the service writes it, else from
    its SOPs, else "-"."""
    written = dict(service.komponen)
    sops = [sources.sop(key) for key in service.sop]
    first, last = sops[0].kegiatan[0], sops[-1].kegiatan[-1]

    def lines(key: str, fallback) -> list[str]:
        value = written.get(key)
        if value is None:
            value = fallback
        items = [getattr(v, "data", v) for v in (value if isinstance(value, tuple | list) else (value,)) if v]
        return [str(item) for item in items] or ["-"]

    procedure = []
    for sop in sops:
        procedure.append(f"Sesuai SOP {sop.nomor} {sop.nama}:")
        procedure += [f"{n}. {step.uraian}" for n, step in enumerate(sop.kegiatan, start=1)]
    unique = list(dict.fromkeys(text for sop in sops for text in sop.dasar_hukum))
    return {
        "persyaratan": lines("persyaratan", first.kelengkapan),
        "prosedur": procedure,
        "jangka_waktu": [service.jangka_waktu],
        "biaya": lines("biaya", None),
        "produk": lines("produk", (last.output,)),
        "pengaduan": lines("pengaduan", None),
        "dasar_hukum": lines("dasar_hukum", tuple(unique)),
        "sarana": lines("sarana", tuple(dict.fromkeys(t for s in sops for t in s.peralatan_perlengkapan))),
        "kompetensi": lines("kompetensi", tuple(dict.fromkeys(t for s in sops for t in s.kualifikasi_pelaksana))),
        "pengawasan": lines("pengawasan", None),
        "jumlah_pelaksana": lines("jumlah_pelaksana", None),
        "jaminan_pelayanan": lines("jaminan_pelayanan", None),
        "jaminan_keamanan": lines("jaminan_keamanan", None),
        "evaluasi_kinerja": lines("evaluasi_kinerja", None),
    }


def standar_pelayanan(sources: Sources, unit: Unit) -> bytes:
    """The whole document, portrait on the government's paper."""
    setup = portrait(sources.pemda.kertas)
    place = sources.pemda.kota or region(sources)
    document = plain_document(setup, sources.pemda.huruf, SIZE, MARGIN)
    width = setup.width - 2 * Mm(MARGIN)
    head = kepala(unit)
    offices = office_phrases(sources, unit)  # the jabatan, and the region where it does not say it
    office = " ".join([jabatan_caps(offices[0]), *offices[1:]]).upper()
    decree = unit.keputusan_standar_pelayanan
    number = decree.nomor if decree else "....../....../......"
    date = format_date(decree.tanggal) if decree else "...................."
    where = scope(sources, unit)
    centered(document, [f"KEPUTUSAN {office}", f"NOMOR {number}", "TENTANG",
                         f"STANDAR PELAYANAN PADA {where.upper()}"], bold=True)
    document.add_paragraph()
    centered(document, [f"{office},"], bold=True)
    document.add_paragraph()
    title = f"Standar Pelayanan pada {where}"
    _numbered(document, "Menimbang", [
        "bahwa untuk melaksanakan ketentuan Pasal 15 huruf a dan Pasal 20 ayat (1) Undang-Undang Nomor 25"
        " Tahun 2009 tentang Pelayanan Publik, penyelenggara berkewajiban menyusun dan menetapkan standar"
        " pelayanan dengan memperhatikan kemampuan penyelenggara, kebutuhan masyarakat, dan kondisi"
        " lingkungan;",
        f"bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a, perlu menetapkan Keputusan"
        f" {' '.join(offices)} tentang {title};"], markers="abcdefghij")
    cited = [text for sop in unit.sops for text in sop.dasar_hukum if ORGANISATION.search(text)]
    mengingat = ordered([*MENGINGAT, *cited], preferred=set(sources.dasar_hukum.values()))
    _numbered(document, "Mengingat", [f"{text};" for text in mengingat], markers=None)
    centered(document, ["MEMUTUSKAN:"], bold=True)
    _labelled(document, "Menetapkan", f"KEPUTUSAN {office} TENTANG {title.upper()}.")
    _labelled(document, "KESATU", f"Menetapkan {title} sebagaimana tercantum dalam Lampiran yang merupakan"
              " bagian tidak terpisahkan dari Keputusan ini.")
    _labelled(document, "KEDUA", "Standar Pelayanan sebagaimana dimaksud dalam Diktum KESATU wajib dilaksanakan"
              " oleh penyelenggara dan pelaksana pelayanan, dan menjadi acuan penilaian kinerja pelayanan oleh"
              " pimpinan penyelenggara, aparat pengawasan, dan masyarakat.")
    _labelled(document, "KETIGA", "Keputusan ini mulai berlaku pada tanggal ditetapkan.")
    _signature(document, head, office, f"Ditetapkan di {place}", f"pada tanggal {date}")
    document.add_page_break()
    for label, text in (("LAMPIRAN", f"KEPUTUSAN {office}"), ("NOMOR", number), ("TANGGAL", date),
                        ("TENTANG", title.upper())):
        _lampiran_line(document, label, text)
    document.add_paragraph()
    centered(document, [f"STANDAR PELAYANAN PADA {where.upper()}"], bold=True)
    for number_, service in enumerate(unit.layanan, start=1):
        if number_ > 1:
            document.add_page_break()  # each service on its pages: one sheet per service to hand out
        document.add_paragraph()
        document.add_paragraph().add_run(f"{number_}. {service.nama.upper()}").bold = True
        values = components(sources, service)
        rows = [("", GROUPS[0], "")]
        rows += [(str(n), label, "\n".join(values[key])) for n, (key, label) in enumerate(DELIVERY, start=1)]
        rows.append(("", GROUPS[1], ""))
        rows += [(str(n), label, "\n".join(values[key])) for n, (key, label) in enumerate(MANAGEMENT, start=7)]
        ruled_table(document, ("No", "Komponen", "Uraian"), rows, shares(width, (7, 30, 63)),
                    spanning=lambda row: not row[0])
    document.add_page_break()
    centered(document, ["MAKLUMAT PELAYANAN", unit.nama.upper()], bold=True)
    document.add_paragraph()
    paragraph = document.add_paragraph(MAKLUMAT.upper())
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.line_spacing = 1.5
    paragraph.runs[0].bold = True
    paragraph.runs[0].font.size = Pt(14)  # posted at the counter: read from a distance
    document.add_paragraph()
    document.add_paragraph()
    _signature(document, head, office, f"{place}, {date}")  # a statement: dated, not "ditetapkan"
    for service in unit.layanan:
        document.add_page_break()
        centered(document, ["STANDAR PELAYANAN", service.nama.upper(), unit.nama.upper()], bold=True)
        document.add_paragraph()
        values = components(sources, service)
        ruled_table(document, ("No", "Komponen", "Uraian"),
               [(str(n), label, "\n".join(values[key])) for n, (key, label) in enumerate(DELIVERY, start=1)],
               shares(width, (7, 30, 63)))
    return finish(document, title=f"Standar Pelayanan {unit.nama}", author=f"{unit.nama}, {place}",
                  date=decree.tanggal if decree else max(s.tanggal_efektif for s in unit.sops))


LABEL, COLON, TEXT = Mm(28), Mm(32), Mm(38)  # the decree's columns: label, ":", text (an item's text)


def _labelled(document, label: str, text: str) -> None:
    """"Menetapkan : ..." and the diktum: the label, the colon, the text hanging after it."""
    paragraph = document.add_paragraph(f"{label}\t:\t{text}")
    _hanging(paragraph, COLON)
    paragraph.paragraph_format.space_after = Pt(6)


def _numbered(document, label: str, items: list[str], markers: str | None) -> None:
    """Menimbang and Mengingat: the label and colon on the first item, each item's marker
    ("a.", or "1." where `markers` is None) then its text, wrapped lines under the text."""
    for n, item in enumerate(items):
        marker = markers[n] if markers else str(n + 1)
        paragraph = document.add_paragraph(f"{label if n == 0 else ''}\t{':' if n == 0 else ''}\t{marker}.\t{item}")
        _hanging(paragraph, TEXT)
    document.add_paragraph()


def _hanging(paragraph, indent) -> None:
    form = paragraph.paragraph_format
    form.left_indent, form.first_line_indent = indent, -indent
    for stop in (LABEL, COLON, TEXT):
        if stop <= indent:
            form.tab_stops.add_tab_stop(stop)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY


LAMPIRAN_INDENT = Mm(70)  # the lampiran's heading block on the right half: label, ":", text


def _lampiran_line(document, label: str, text: str) -> None:
    """"LAMPIRAN : KEPUTUSAN ...", "NOMOR : ...": as the SOP decree's lampiran heads."""
    paragraph = document.add_paragraph(f"{label}\t:\t{text}")
    form = paragraph.paragraph_format
    form.left_indent, form.first_line_indent = LAMPIRAN_INDENT + Mm(28), -Mm(28)
    form.tab_stops.add_tab_stop(LAMPIRAN_INDENT + Mm(24))
    form.tab_stops.add_tab_stop(LAMPIRAN_INDENT + Mm(28))


def _signature(document, head, office: str, *dated: str) -> None:
    """The signature block on the right: the place and date lines, the office, room to
    sign, the name (bold, underlined), pangkat and NIP."""
    for n, text in enumerate([*dated, "", f"{office},", "", "", "",
                              head.nama, head.pangkat or "", head.nip_cetak or ""]):
        paragraph = document.add_paragraph(text)
        paragraph.paragraph_format.left_indent = Mm(85)
        paragraph.paragraph_format.keep_with_next = True
        if text == head.nama and paragraph.runs:
            paragraph.runs[0].bold = paragraph.runs[0].underline = True
