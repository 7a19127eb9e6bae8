"""Books made for an electronic signature (`tte`): a square slot for the signer's QR at
every signature place, the portal's footer band kept free, the anchor character when
asked, the sidecar measured on LibreOffice's PDF, and a book signed at every slot as the
portals do (pyHanko, PAdES), every signature valid."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import zipfile
from io import BytesIO
from pathlib import Path

import pymupdf
import pytest

from sopgen import build
from sopgen.check.model import Tte
from sopgen.cli import main
from sopgen.flowchart.geometry import PT, TTE_BAND, TTE_BAND_LEFT, TTE_BAND_LEFT_WIDTH
from sopgen.pdf import find_soffice
from sopgen.tte import SlotError, measure

from .conftest import SAMPLES, require

SLOT = re.compile(rb'<wp:docPr id="\d+" name="Kotak TTE"/>')


def tte_sources(tmp_path: Path, setting: str, paper: str = "F4") -> Path:
    """The sample sources with `tte` set in pemda.yaml, on the given paper."""
    root = tmp_path / "sources"
    shutil.copytree(SAMPLES, root)
    pemda = root / "pemda.yaml"
    text = re.sub(r"(?m)^kertas: F4", f"kertas: {paper}", pemda.read_text(encoding="utf-8"))
    pemda.write_text(text + f"\ntte: {setting}\n", encoding="utf-8")
    return root


def pemda(tree) -> str:
    return (tree.root / "pemda.yaml").read_text(encoding="utf-8")


def document_xml(book: Path) -> bytes:
    with zipfile.ZipFile(book) as z:
        return z.read("word/document.xml")


# --- the setting ------------------------------------------------------------------------

def test_the_setting_is_a_switch_or_its_options(tree):
    tree.write("pemda.yaml", pemda(tree) + "tte: ya\n")
    assert tree.check().sources.pemda.tte == Tte()
    tree.write("pemda.yaml", pemda(tree).replace("tte: ya", 'tte: {jangkar: "#", ukuran: 50}'))
    assert tree.check().sources.pemda.tte == Tte(ukuran=50, jangkar="#")
    tree.write("pemda.yaml", pemda(tree).replace('tte: {jangkar: "#", ukuran: 50}',
                                                            "tte: {jangkar: ya}"))
    assert tree.check().sources.pemda.tte == Tte(jangkar="#")


@pytest.mark.parametrize("setting, message", [
    ("{ukuran: 5}", '"ukuran" harus 20 sampai 100 pt, bukan 5'),
    ('{jangkar: "ttd"}', '"jangkar" harus satu karakter yang bukan huruf atau angka'),
    ("{jangkar: x}", '"jangkar" harus satu karakter yang bukan huruf atau angka'),
    ("{warna: merah}", 'kunci "warna" tidak dikenal'),
    ("mungkin", '"tte" harus berupa ya, tidak, atau pemetaan pilihan'),
])
def test_a_wrong_setting_is_told_at_its_line(tree, setting, message):
    lines = pemda(tree).count("\n")
    tree.write("pemda.yaml", pemda(tree) + f"tte: {setting}\n")
    errors = tree.diagnostics().errors
    assert any(message in e.message and e.location.line == lines + 1 for e in errors), errors


def test_a_unit_chooses_otherwise_than_its_government(tmp_path):
    root = tte_sources(tmp_path, "ya")
    unit = root / "dispendukcapil" / "unit.yaml"
    unit.write_text(unit.read_text(encoding="utf-8") + "\ntte: tidak\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", "--sources", str(root), "--output", str(out), "-q"]) == 0
    assert not SLOT.search(document_xml(out / "dispendukcapil.docx"))
    assert SLOT.search(document_xml(out / "bagian-organisasi.docx"))


# --- the documents ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def print_books(tmp_path_factory):
    out = tmp_path_factory.mktemp("print")
    assert main(["build", "--sources", str(SAMPLES), "--output", str(out), "-q"]) == 0
    return out


def test_a_slot_at_every_signature_place_and_an_anchor_only_when_asked(tmp_path, print_books):
    root = tte_sources(tmp_path, '{jangkar: "#"}')
    out = tmp_path / "out"
    assert main(["build", "--sources", str(root), "--output", str(out), "-q"]) == 0
    sources = build.check(root).sources
    for unit in sources.units:
        xml = document_xml(out / f"{unit.id}.docx")
        signatures = len(unit.sops) + (2 if unit.keputusan else 0)  # the decree: body and lampiran
        assert len(SLOT.findall(xml)) == signatures
        assert xml.count(b"<w:t>#</w:t>") == signatures
        printed = document_xml(print_books / f"{unit.id}.docx")
        assert not SLOT.search(printed) and b"<w:t>#</w:t>" not in printed
    plain = tmp_path / "plain"
    shutil.copytree(root, plain / "sources")
    pemda = plain / "sources" / "pemda.yaml"
    pemda.write_text(pemda.read_text(encoding="utf-8").replace('tte: {jangkar: "#"}', "tte: ya"), encoding="utf-8")
    assert main(["build", "--sources", str(plain / "sources"), "--output", str(plain / "out"), "-q"]) == 0
    xml = document_xml(plain / "out" / "bagian-organisasi.docx")
    assert SLOT.search(xml) and b"<w:t>#</w:t>" not in xml


def test_print_mode_is_unchanged_by_the_setting_being_off(tmp_path, print_books):
    root = tte_sources(tmp_path, "tidak")
    out = tmp_path / "out"
    assert main(["build", "--sources", str(root), "--output", str(out), "-q"]) == 0
    for book in print_books.glob("*.docx"):
        if book.stem != "rekap":
            assert (out / book.name).read_bytes() == book.read_bytes(), book.name


def test_tte_books_validate_against_the_schemas(tmp_path):
    from .ooxml import validation_errors

    root = tte_sources(tmp_path, '{jangkar: "#"}')
    out = tmp_path / "out"
    assert main(["build", "--sources", str(root), "--output", str(out), "-q"]) == 0
    assert validation_errors((out / "bagian-organisasi.docx").read_bytes()) == []


# --- LibreOffice's PDF ------------------------------------------------------------------

@pytest.fixture(scope="module", params=["F4", "A4"])
def tte_pdfs(request, tmp_path_factory):
    require(find_soffice() is not None, "LibreOffice is needed to convert the books")
    tmp = tmp_path_factory.mktemp(f"tte-{request.param}")
    root = tte_sources(tmp, '{jangkar: "#"}', request.param)
    out = tmp / "out"
    assert main(["build", "--sources", str(root), "--output", str(out), "-q", "--pdf"]) == 0
    return out


def sidecar(out: Path, unit: str) -> dict:
    return json.loads((out / f"{unit}.tte.json").read_text(encoding="utf-8"))


def rect_of(page, slot) -> pymupdf.Rect:
    top = page.rect.height - slot["y"] - slot["height"]
    return pymupdf.Rect(slot["x"], top, slot["x"] + slot["width"], top + slot["height"])


@pytest.mark.libreoffice
def test_every_slot_of_the_sidecar_is_empty_and_in_its_place(tte_pdfs):
    for unit in ("bagian-organisasi", "dispendukcapil", "kecamatan-kanigaran"):
        pdf = pymupdf.open(tte_pdfs / f"{unit}.pdf")
        slots = sidecar(tte_pdfs, unit)["slots"]
        unit_sources = next(u for u in build.check(SAMPLES).sources.units if u.id == unit)
        documents = [s["dokumen"] for s in slots]
        assert documents.count("keputusan") == (2 if unit_sources.keputusan else 0)
        # an identity page that runs on repeats its header block, signature slot included,
        # on the next page
        sops = [s for s in slots if s["dokumen"] != "keputusan"]
        assert list(dict.fromkeys(s["dokumen"] for s in sops)) == [sop.nomor for sop in unit_sources.sops]
        assert all(b["page"] == a["page"] + 1 for a, b in zip(sops, sops[1:]) if a["dokumen"] == b["dokumen"])
        for slot in slots:
            page = pdf[slot["page"] - 1]
            box = rect_of(page, slot)
            assert abs(slot["width"] - 40) < 1 and abs(slot["height"] - 40) < 1
            inside = box + (0.5, 0.5, -0.5, -0.5)
            words = [w[4] for w in page.get_text("words") if pymupdf.Rect(w[:4]).intersects(inside)]
            assert words == ["#"], (unit, slot, words)  # the anchor, and no other word
            anchor = next(pymupdf.Rect(w[:4]) for w in page.get_text("words") if w[4] == "#"
                          and pymupdf.Rect(w[:4]).intersects(inside))
            assert anchor.x0 - box.x0 < 3 and box.y1 - anchor.y1 < 4, "the anchor at the bottom left"
            lines = [d for d in page.get_drawings() if d.get("color") is not None and d["rect"].intersects(inside)]
            assert not lines, (unit, slot)
            # the name right below the slot, the jabatan above it
            below = page.get_textbox(pymupdf.Rect(box.x0 - 80, box.y1, box.x1 + 120, box.y1 + 16))
            assert slot["nama"] in " ".join(below.split()), (slot, below)
            above = " ".join(page.get_textbox(pymupdf.Rect(0, box.y0 - 60, page.rect.width, box.y0)).split())
            assert slot["jabatan"].split()[-1].upper().rstrip(",") in above.upper()
            if slot["dokumen"] != "keputusan":
                # inside the "Disahkan oleh" value cell: table lines close it on four sides
                strokes = [d["rect"] for d in page.get_drawings() if d.get("color") is not None]
                assert any(r.width < 2 and r.x1 <= box.x0 and r.y0 <= box.y0 and r.y1 >= box.y1 for r in strokes)
                assert any(r.width < 2 and r.x0 >= box.x1 and r.y0 <= box.y0 and r.y1 >= box.y1 for r in strokes)
                assert "Disahkan oleh" in page.get_textbox(pymupdf.Rect(0, box.y0 - 80, box.x0, box.y1))
        identity_pages = {s["page"] for s in slots if s["dokumen"] != "keputusan"}
        assert all("Nomor SOP" in pdf[p - 1].get_text() for p in identity_pages)


@pytest.mark.libreoffice
def test_one_anchor_per_slot_and_the_portals_band_empty_on_every_page(tte_pdfs):
    for unit in ("bagian-organisasi", "dispendukcapil", "kecamatan-kanigaran"):
        pdf = pymupdf.open(tte_pdfs / f"{unit}.pdf")
        slots = sidecar(tte_pdfs, unit)["slots"]
        assert sum(len(page.search_for("#")) for page in pdf) == len(slots)
        for page in pdf:
            w, h = page.rect.width, page.rect.height
            across = pymupdf.Rect(0, h - TTE_BAND / PT, w, h)
            left = pymupdf.Rect(0, h - TTE_BAND_LEFT / PT, TTE_BAND_LEFT_WIDTH / PT, h)
            inked = [pymupdf.Rect(word[:4]) for word in page.get_text("words")]
            inked += [d["rect"] for d in page.get_drawings()]
            inked += [pymupdf.Rect(i["bbox"]) for i in page.get_image_info()]
            assert not [r for r in inked if r.intersects(across) or r.intersects(left)], (unit, page.number + 1)


@pytest.mark.libreoffice
def test_a_print_book_fills_the_band_so_the_check_has_teeth(print_books, tmp_path):
    """The samples printed for ink put the page number 8 mm from the bottom edge, in the
    portal's band: measured as a TTE book, the check refuses it."""
    from sopgen.pdf import convert

    require(find_soffice() is not None, "LibreOffice is needed to convert the books")
    shutil.copy(print_books / "bagian-organisasi.docx", tmp_path)
    data = convert([tmp_path / "bagian-organisasi.docx"])[0].read_bytes()
    with pytest.raises(SlotError, match="pita bawah"):
        measure(data, {"ukuran": 40, "jangkar": None, "tanda_tangan": []}, "bagian-organisasi")
    pdf = pymupdf.open(stream=data, filetype="pdf")
    assert not any(page.search_for("#") for page in pdf), "no anchor in print mode"


def test_signature_fields_without_pyhanko_say_how_to_install_it(monkeypatch):
    import sys

    from sopgen.tte import with_fields

    monkeypatch.setitem(sys.modules, "pyhanko.pdf_utils.incremental_writer", None)
    with pytest.raises(SlotError, match=r"pip install sopgen\[tte\]"):
        with_fields(b"%PDF-1.7", [])


@pytest.mark.libreoffice
def test_a_slot_not_where_the_layout_said_is_an_error(tte_pdfs):
    data = (tte_pdfs / "bagian-organisasi.pdf").read_bytes()
    record = build.Manifest.read(tte_pdfs).books["bagian-organisasi"]["tte"]
    assert measure(data, record, "bagian-organisasi")["slots"] == sidecar(tte_pdfs, "bagian-organisasi")["slots"]
    *before, last = record["tanda_tangan"]
    moved = dict(record, tanda_tangan=[*before, dict(last, halaman=last["halaman"] + 1)])
    with pytest.raises(SlotError, match="tidak ada di halaman"):
        measure(data, moved, "bagian-organisasi")
    with pytest.raises(SlotError, match='jangkar "#" muncul'):
        measure(data, dict(record, tanda_tangan=record["tanda_tangan"][:-1]), "bagian-organisasi")


# --- signing as the portals do ----------------------------------------------------------

def self_signed():
    """A key and a self-signed signing certificate, as a test CA would issue."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "SITI AMINAH (uji)"),
                      x509.NameAttribute(NameOID.COUNTRY_NAME, "ID")])
    now = dt.datetime.now(dt.timezone.utc)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
                   .public_key(key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
                   .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                   .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True,
                                                key_encipherment=False, data_encipherment=False,
                                                key_agreement=False, key_cert_sign=True, crl_sign=False,
                                                encipher_only=False, decipher_only=False), critical=True)
                   .sign(key, hashes.SHA256()))
    return key, certificate


@pytest.mark.libreoffice
def test_a_book_signed_at_every_slot_keeps_every_signature_valid(tte_pdfs):
    pytest.importorskip("pyhanko", reason="pip install sopgen[tte]")
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign import fields, signers
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    key, certificate = self_signed()
    cert = asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))
    signer = signers.SimpleSigner(
        signing_cert=cert, cert_registry=None,
        signing_key=asn1_keys.PrivateKeyInfo.load(key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())))
    original = (tte_pdfs / "dispendukcapil.pdf").read_bytes()
    pages = len(pymupdf.open(stream=original, filetype="pdf"))
    slots = sidecar(tte_pdfs, "dispendukcapil")["slots"]
    data = original
    for number, slot in enumerate(slots, start=1):  # one after another, each an incremental update
        writer = IncrementalPdfFileWriter(BytesIO(data))
        name = f"Tanda{number}"
        box = (slot["x"], slot["y"], slot["x"] + slot["width"], slot["y"] + slot["height"])
        fields.append_signature_field(writer, fields.SigFieldSpec(name, on_page=slot["page"] - 1, box=box))
        out = BytesIO()
        signers.PdfSigner(signers.PdfSignatureMetadata(field_name=name, subfilter=fields.SigSeedSubFilter.PADES),
                          signer=signer).sign_pdf(writer, output=out)
        data = out.getvalue()
    assert data.startswith(original), "every signature appended: the pages are the book's, byte for byte"
    reader = PdfFileReader(BytesIO(data))
    assert len(reader.embedded_signatures) == len(slots)
    context = ValidationContext(trust_roots=[cert])
    for signature in reader.embedded_signatures:
        status = validate_pdf_signature(signature, context)
        assert status.intact and status.valid, status.pretty_print_details()
    assert len(pymupdf.open(stream=data, filetype="pdf")) == pages


@pytest.mark.libreoffice
def test_signature_fields_at_the_slots_when_asked(tmp_path):
    pytest.importorskip("pyhanko", reason="pip install sopgen[tte]")
    require(find_soffice() is not None, "LibreOffice is needed to convert the books")
    root = tte_sources(tmp_path, "{medan: ya}")
    out = tmp_path / "out"
    assert main(["build", "--sources", str(root), "--output", str(out), "-q", "--pdf", "bagian-organisasi"]) == 0
    slots = sidecar(out, "bagian-organisasi")["slots"]
    pdf = pymupdf.open(out / "bagian-organisasi.pdf")
    widgets = [(page.number + 1, w.field_name, w.rect) for page in pdf for w in page.widgets()]
    assert [(p, n) for p, n, _ in widgets] == [(s["page"], s["medan"]) for s in slots]
    for (_, _, rect), slot in zip(widgets, slots):
        assert tuple(rect_of(pdf[slot["page"] - 1], slot)) == pytest.approx(tuple(rect), abs=0.1)


# --- SRIKANDI -------------------------------------------------------------------------

def test_the_decree_for_srikandi_carries_its_placeholders(tmp_path):
    import docx

    root = tmp_path / "sources"
    shutil.copytree(SAMPLES, root)
    unit = root / "bagian-organisasi" / "unit.yaml"
    unit.write_text(unit.read_text(encoding="utf-8").replace("keputusan:\n", "keputusan:\n  srikandi: ya\n", 1),
                    encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", "--sources", str(root), "--output", str(out), "-q"]) == 0
    assert not (out / "dispendukcapil.srikandi.docx").exists()
    document = docx.Document(str(out / "bagian-organisasi.srikandi.docx"))
    lines = [p.text for p in document.paragraphs]
    text = "\n".join(lines + [c.text for t in document.tables for r in t.rows for c in r.cells])
    assert "NOMOR ${nomor_naskah}" in lines
    assert "pada tanggal ${tanggal_naskah}" in lines
    for placeholder in ("${ttd_pengirim}", "${nama_pengirim}", "NIP. ${nip_pengirim}"):
        assert lines.count(placeholder) == 2, placeholder  # the decree's signature and its lampiran's
    assert text.count("${nomor_naskah}") == 2 and text.count("${tanggal_naskah}") == 2  # and the lampiran's heading
    assert "060/   /425.012/2026" not in text and "SITI AMINAH" not in text
    signature = lines.index("${ttd_pengirim}")
    assert lines[signature - 1] == "KOTA PROBOLINGGO," and lines[signature + 1] == "${nama_pengirim}"
    # the book itself is the one printed without the setting, and stays so
    plain = tmp_path / "plain"
    assert main(["build", "--sources", str(SAMPLES), "--output", str(plain), "-q", "bagian-organisasi"]) == 0
    assert (out / "bagian-organisasi.docx").read_bytes() == (plain / "bagian-organisasi.docx").read_bytes()
    # and once the setting goes, so does the document
    unit.write_text(unit.read_text(encoding="utf-8").replace("  srikandi: ya\n", ""), encoding="utf-8")
    assert main(["build", "--sources", str(root), "--output", str(out), "-q"]) == 0
    assert not (out / "bagian-organisasi.srikandi.docx").exists()
