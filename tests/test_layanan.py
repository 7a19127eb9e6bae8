"""Services (issue 28): `<unit>/layanan/<id>.yaml`, checked against the SOPs that carry
them out. Each message is one that fails without its rule."""

from __future__ import annotations


def service(tree, text: str, name: str = "sktm"):
    return tree.write(f"unit-b/layanan/{name}.yaml", text)


def messages(tree) -> list[str]:
    return [str(d) for d in tree.diagnostics().items]


BASE = """\
nama: Pelayanan Surat Keterangan Tidak Mampu
sop: [sop-b]
jangka_waktu: {waktu}
"""


def test_a_service_that_promises_less_than_its_sop_takes_is_an_error_at_its_time(tree):
    service(tree, BASE.format(waktu="15 menit"))
    found = messages(tree)
    # sop-b: 5 menit + 15 menit = 20 menit
    assert any('sktm.yaml:3:15: error: jangka waktu "15 menit" (15 menit) lebih pendek daripada waktu terpanjang'
               ' SOP-nya, 20 menit' in m and 'langkah 2 "Menerbitkan surat keterangan" (15 menit)' in m
               for m in found), found
    service(tree, BASE.format(waktu="20 menit"))
    assert not tree.diagnostics().items, messages(tree)
    checked = tree.check()
    unit = next(u for u in checked.sources.units if u.id == "unit-b")
    assert [(s.id, s.nama, str(s.sop[0])) for s in unit.layanan] == [
        ("sktm", "Pelayanan Surat Keterangan Tidak Mampu", "unit-b/sop-b")]


def test_the_working_day_of_pemda_counts(tree):
    tree.replace("unit-b/sop-b.yaml", "waktu: 15 menit", "waktu: 8 jam")
    service(tree, BASE.format(waktu="1 hari kerja"))
    assert any("lebih pendek" in m for m in messages(tree))  # 8 jam 5 menit > 1 day of 8 hours
    tree.replace("unit-b/sop-b.yaml", "waktu: 8 jam", "waktu: 7 jam 25 menit")
    assert not tree.diagnostics().items, messages(tree)  # 7 jam 30 menit: within 8 hours
    tree.write("pemda.yaml", (tree.root / "pemda.yaml").read_text(encoding="utf-8")
               + 'hari_kerja:\n  jam: "7,25"\n')
    found = messages(tree)
    assert any('(1 hari kerja) lebih pendek daripada waktu terpanjang SOP-nya, 1 hari kerja 15 menit' in m
               for m in found), found


def test_another_units_sop_must_be_named_with_its_unit(tree):
    service(tree, BASE.format(waktu="1 hari").replace("[sop-b]", "[sop-a]"))
    found = messages(tree)
    assert any('sktm.yaml:2:7: error: SOP "sop-a" tidak ada di unit ini, tetapi ada di unit unit-a; bila layanan'
               ' ini memang dilaksanakan dengan SOP unit lain, tulis "unit-a/sop-a"' in m for m in found), found
    service(tree, BASE.format(waktu="10 hari").replace("[sop-b]", "[unit-a/sop-a]"))
    assert not [m for m in messages(tree) if "error" in m], messages(tree)
    service(tree, BASE.format(waktu="1 hari").replace("[sop-b]", "[sop-bb]"))
    assert any('SOP "sop-bb" tidak ditemukan; mungkin maksud Anda "sop-b"?' in m for m in messages(tree))


def test_persyaratan_and_produk_that_differ_from_the_sop_are_warnings(tree):
    tree.replace("unit-b/sop-b.yaml", "    pelaksana: Pemohon\n", "    pelaksana: Pemohon\n    kelengkapan: [KTP-el]\n")
    service(tree, BASE.format(waktu="1 hari") + "persyaratan: [KTP-el, Kartu Keluarga]\nproduk: Surat keterangan\n")
    found = messages(tree)
    assert any("sktm.yaml:4:1: warning: persyaratan berbeda dengan kelengkapan langkah pertama SOP sop-b (KTP-el)"
               in m for m in found), found
    assert not any("produk berbeda" in m for m in found), found
    service(tree, BASE.format(waktu="1 hari") + "persyaratan: [KTP-el]\nproduk: Surat keterangan domisili\n")
    found = messages(tree)
    assert any('warning: produk berbeda dengan output langkah terakhir SOP sop-b ("Surat keterangan")' in m
               for m in found), found
    assert not any("persyaratan berbeda" in m for m in found), found


def test_an_unmeasurable_promise_is_refused(tree):
    service(tree, BASE.format(waktu="secepatnya"))
    assert any("sktm.yaml:3:15: error: jangka_waktu: waktu \"secepatnya\" tidak terukur" in m for m in messages(tree))


def test_the_standar_pelayanan_document_takes_what_the_sop_says(tree):
    import io
    import re
    import zipfile

    from sopgen.document.book import render_book

    from .ooxml import validation_errors

    tree.replace("unit-b/sop-b.yaml", "    pelaksana: Pemohon\n",
                 "    pelaksana: Pemohon\n    kelengkapan: [Fotokopi KTP-el]\n")
    service(tree, BASE.format(waktu="1 hari kerja") + "biaya: Tidak dipungut biaya\n")
    decree = 'standar_pelayanan:\n  nomor: "000.8.3/  /425.301/2026"\n  tanggal: 2026-02-02\n'
    tree.replace("unit-b/unit.yaml", "nama: Kecamatan Contoh\n", "nama: Kecamatan Contoh\n" + decree)
    checked = tree.check()
    assert not checked.diagnostics.errors, [str(d) for d in checked.diagnostics.errors]
    unit = next(u for u in checked.sources.units if u.id == "unit-b")
    book = render_book(checked.sources, unit)
    assert book.standar is not None and validation_errors(book.standar) == []
    xml = zipfile.ZipFile(io.BytesIO(book.standar)).read("word/document.xml").decode()
    for text in ("KEPUTUSAN CAMAT CONTOH", "NOMOR 000.8.3/  /425.301/2026", "STANDAR PELAYANAN PADA KECAMATAN CONTOH",
                 "A. Komponen Standar Pelayanan yang terkait dengan proses penyampaian pelayanan (service delivery)",
                 "Sistem, mekanisme, dan prosedur", "Fotokopi KTP-el",  # persyaratan from the SOP
                 "Sesuai SOP 470/01/425.301/2026 Surat Keterangan Tidak Mampu:", "2. Menerbitkan surat keterangan",
                 "1 hari kerja", "Tidak dipungut biaya", "Surat keterangan",  # produk: the last output
                 "Evaluasi kinerja pelaksana", "MAKLUMAT PELAYANAN", "SIAP MENERIMA SANKSI", "Ditetapkan di Contoh",
                 "pada tanggal 2 Februari 2026", "Menetapkan Standar Pelayanan pada Kecamatan Contoh",
                 "Pasal 20 ayat (1)", "LAMPIRAN\t:\tKEPUTUSAN CAMAT CONTOH",
                 "1. PELAYANAN SURAT KETERANGAN TIDAK MAMPU"):
        assert text in xml or text in re.sub(r"<(?!w:tab/)[^>]+>", "", xml).replace("<w:tab/>", "\t"), text
    assert render_book(checked.sources, unit).standar == book.standar  # the same sources, the same bytes
    assert render_book(checked.sources, next(u for u in checked.sources.units if u.id == "unit-a")).standar is None


def test_new_layanan_scaffold_reports_what_to_fill_then_passes(tree, capsys):
    from sopgen.cli import main

    assert main(["new", "--sources", str(tree.root), "layanan", "unit-b", "SOP B"]) == 0
    path = tree.root / "unit-b" / "layanan" / "sop-b.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../../schema/layanan.schema.json")
    assert "sop: [sop-b]" in text  # the unit's SOP of the same name
    found = messages(tree)
    assert any('sop-b.yaml:6:1: error: "jangka_waktu" belum diisi' in m for m in found), found
    path.write_text(text.replace('jangka_waktu: ""', "jangka_waktu: 1 hari kerja")
                    .replace('  - ""', "  - Kotak saran"), encoding="utf-8")
    assert not [m for m in messages(tree) if "error" in m], messages(tree)
    assert main(["new", "--sources", str(tree.root), "layanan", "unit-b", "SOP B"]) == 2
    assert main(["new", "--sources", str(tree.root), "layanan", "unit-z", "Apa"]) == 2
    assert "unit unit-z belum ada" in capsys.readouterr().err


def test_list_and_the_preview_show_the_longest_time(tree, capsys):
    from sopgen.cli import main
    from sopgen.preview.html import _identity

    tree.replace("unit-b/sop-b.yaml", "waktu: 15 menit", "waktu: 1 - 2 jam")
    assert main(["list", "--sources", str(tree.root)]) == 0
    assert "paling lama 2 jam 5 menit" in capsys.readouterr().out  # 5 menit + 2 jam
    sop = next(s for u in tree.check().sources.units for s in u.sops if s.key.sop == "sop-b")
    assert "<dt>Waktu terpanjang</dt><dd>2 jam 5 menit (jalur terpanjang" in _identity(sop)


def test_make_writes_the_standar_pelayanan_pdf_and_drops_it_with_the_services(tree, capsys):
    import pymupdf

    from sopgen.cli import main
    from sopgen.pdf import find_soffice

    from .conftest import require

    require(find_soffice() is not None, "LibreOffice is not installed")
    service(tree, BASE.format(waktu="1 hari kerja"))
    output = tree.root.parent / "output"
    assert main(["build", "--sources", str(tree.root), "--output", str(output), "--pdf", "-q"]) == 0
    pdf = output / "unit-b.standar-pelayanan.pdf"
    with pymupdf.open(pdf) as document:
        text = " ".join(page.get_text() for page in document)
        assert document.page_count >= 4  # decree, lampiran, maklumat, the counter's sheet
    assert "MAKLUMAT PELAYANAN" in text and "STANDAR PELAYANAN PADA KECAMATAN CONTOH" in text
    (tree.root / "unit-b" / "layanan" / "sktm.yaml").unlink()
    assert main(["build", "--sources", str(tree.root), "--output", str(output), "--pdf", "-q"]) == 0
    assert not pdf.exists() and not pdf.with_suffix(".docx").exists()


def test_an_edited_service_rebuilds_its_unit(tree):
    from sopgen.cli import main

    path = service(tree, BASE.format(waktu="1 hari kerja") + "biaya: Tidak dipungut biaya\n")
    output = tree.root.parent / "output"
    assert main(["build", "--sources", str(tree.root), "--output", str(output), "-q"]) == 0
    before = (output / "unit-b.standar-pelayanan.docx").read_bytes()
    path.write_text(path.read_text(encoding="utf-8").replace("Tidak dipungut biaya", "Rp5.000"), encoding="utf-8")
    assert main(["build", "--sources", str(tree.root), "--output", str(output), "-q"]) == 0
    after = (output / "unit-b.standar-pelayanan.docx").read_bytes()
    assert after != before and b"Rp5.000" in __import__("zipfile").ZipFile(
        __import__("io").BytesIO(after)).read("word/document.xml")
