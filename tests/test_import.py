"""`sopgen import`: sopgen's own documents read back to the sources they were made from,
and bad documents refused with one line each, writing nothing."""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from sopgen import build
from sopgen.cli import main
from sopgen.document.render import render_sop

from .conftest import SAMPLES, checked_samples

ORIGINAL = checked_samples().sources


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("books")
    assert main(["build", "--sources", str(SAMPLES), "--output", str(output), "-q"]) == 0
    return output


def fresh_sources(folder: Path) -> Path:
    """The samples' shared files and unit.yaml files, without any SOP (nor urutan)."""
    root = folder / "sources"
    root.mkdir()
    for name in ("pemda.yaml", "dasar-hukum.yaml"):
        shutil.copy(SAMPLES / name, root / name)
    shutil.copytree(SAMPLES / "logo", root / "logo")
    for unit in ORIGINAL.units:
        (root / unit.id).mkdir()
        text = (SAMPLES / unit.id / "unit.yaml").read_text()
        (root / unit.id / "unit.yaml").write_text(re.sub(r"(?m)^urutan:.*(\n  - .*)*\n?", "", text))
    return root


def comparable(sop):
    """A SOP's model without what an import cannot know: its file, its step ids, where
    each value was written, and which file a related SOP lives in."""
    steps = tuple(dataclasses.replace(step, id=None, location=None) for step in sop.kegiatan)
    related = tuple(r.text for r in sop.keterkaitan)  # as printed
    return dataclasses.replace(sop, key=None, path=None, kegiatan=steps, keterkaitan=related)


def imported_models(root: Path) -> dict[str, object]:
    checked = build.check(root)
    assert not checked.diagnostics.errors, "\n".join(map(str, checked.diagnostics.errors))
    return {sop.nomor: sop for unit in checked.sources.units for sop in unit.sops}


def test_every_book_imports_back_to_its_sources(books, tmp_path, capsys):
    root = fresh_sources(tmp_path)
    for unit in ORIGINAL.units:
        assert main(["import", str(books / f"{unit.id}.docx"), "--unit", unit.id,
                     "--sources", str(root)]) == 0
    imported = imported_models(root)
    originals = {sop.nomor: sop for unit in ORIGINAL.units for sop in unit.sops}
    assert set(imported) == set(originals)
    for nomor, sop in originals.items():
        assert comparable(imported[nomor]) == comparable(sop), nomor


def test_a_single_sop_document_imports_back(tmp_path):
    root = fresh_sources(tmp_path)
    for unit in ORIGINAL.units:
        for sop in unit.sops:
            document = tmp_path / f"{sop.key.sop}.docx"
            document.write_bytes(render_sop(ORIGINAL, unit, sop))
            assert main(["import", str(document), "--unit", unit.id, "--sources", str(root)]) == 0
    imported = imported_models(root)
    for unit in ORIGINAL.units:
        for sop in unit.sops:
            assert comparable(imported[sop.nomor]) == comparable(sop), sop.nomor


def test_a_fork_imports_back_as_a_fork(tmp_path):
    unit = next(u for u in ORIGINAL.units if u.id == "bagian-organisasi")
    sop = next(s for s in unit.sops if all(x.keputusan is None for x in s.kegiatan[:4]))
    steps = list(sop.kegiatan)
    steps[1] = dataclasses.replace(steps[1], lanjut=(2, 3))
    steps[2] = dataclasses.replace(steps[2], lanjut=(4,))
    forked = dataclasses.replace(sop, kegiatan=tuple(steps))
    root = fresh_sources(tmp_path)
    document = tmp_path / "cabang.docx"
    document.write_bytes(render_sop(ORIGINAL, unit, forked))
    assert main(["import", str(document), "--unit", unit.id, "--sources", str(root)]) == 0
    text = next(p for p in (root / unit.id).glob("*.yaml") if p.name != "unit.yaml").read_text()
    assert "lanjut: [3, 4]" in text
    imported = imported_models(root)[sop.nomor]
    assert [s.successors for s in imported.kegiatan] == [s.successors for s in forked.kegiatan]


def test_a_box_feeding_its_rows_diamond_imports_back(tmp_path):
    from .test_layout import box_feeding_a_decision

    sop, n, worker, decider = box_feeding_a_decision()
    unit = next(u for u in ORIGINAL.units if sop in u.sops or any(s.nomor == sop.nomor for s in u.sops))
    root = fresh_sources(tmp_path)
    document = tmp_path / "kotak.docx"
    document.write_bytes(render_sop(ORIGINAL, unit, sop))
    assert main(["import", str(document), "--unit", unit.id, "--sources", str(root)]) == 0
    assert f"oleh: {decider}" in next(p for p in (root / unit.id).glob("*.yaml") if p.name != "unit.yaml").read_text()
    assert comparable(imported_models(root)[sop.nomor]) == comparable(sop)


def test_an_existing_file_is_kept_without_force(books, tmp_path, capsys):
    root = fresh_sources(tmp_path)
    document = str(books / "dispendukcapil.docx")
    assert main(["import", document, "--unit", "dispendukcapil", "--sources", str(root)]) == 0
    files = {p: p.read_bytes() for p in (root / "dispendukcapil").glob("*.yaml")}
    some = next(p for p in files if p.name != "unit.yaml")
    some.write_text("nomor: diubah penulis\n")
    assert main(["import", document, "--unit", "dispendukcapil", "--sources", str(root)]) == 2
    assert "sudah ada" in capsys.readouterr().err and some.read_text() == "nomor: diubah penulis\n"
    assert main(["import", document, "--unit", "dispendukcapil", "--sources", str(root), "--force"]) == 0
    assert some.read_bytes() == files[some]


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def bad_documents(folder: Path) -> dict[str, Path]:
    xlsx = folder / "rekap.docx"
    with zipfile.ZipFile(xlsx, "w") as package:
        package.writestr("xl/workbook.xml", "<workbook/>")
        package.writestr("[Content_Types].xml", "<Types/>")
    locked = folder / "terkunci.docx"
    locked.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096)  # an encrypted package is OLE
    corrupt = folder / "rusak.docx"
    corrupt.write_bytes(b"PK\x03\x04 not really a zip")
    huge = folder / "besar.docx"
    with huge.open("wb") as handle:
        handle.truncate(51 * 1024 * 1024)
    empty = folder / "kosong.docx"
    import docx

    docx.Document().save(str(empty))
    import pymupdf

    from .conftest import PNG

    scan = folder / "pindaian.pdf"
    with pymupdf.open() as pdf:
        pdf.new_page().insert_image(pymupdf.Rect(50, 50, 300, 300), stream=PNG)
        pdf.save(str(scan))
    secret = folder / "rahasia.pdf"
    with pymupdf.open() as pdf:
        pdf.new_page().insert_text((72, 72), "Nomor SOP 800/1/2025")
        pdf.save(str(secret), encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="x", owner_pw="y")
    broken = folder / "rusak.pdf"
    broken.write_bytes(b"%PDF-1.4\n1 0 obj garbage")
    fifo = folder / "pipa.docx"
    if hasattr(os, "mkfifo"):  # POSIX only; Windows has no FIFO to name .docx
        os.mkfifo(fifo)
    else:
        fifo.mkdir()
    bomb = folder / "bom.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/document.xml", b"<" + b" " * (300 * 1024 * 1024))  # 300 MB of spaces, ~300 KB zipped
    rows = folder / "baris.docx"  # 31,000 table rows of distinct text: no zip bomb, too many rows
    with zipfile.ZipFile(rows, "w", zipfile.ZIP_DEFLATED) as package:
        cells = "".join(f"<w:tr><w:tc><w:p><w:r><w:t>{n} {n * 7919 % 104729}</w:t></w:r></w:p></w:tc></w:tr>"
                        for n in range(31_000))
        package.writestr("word/document.xml", f'<w:document xmlns:w="{W_NS}"><w:body><w:tbl>{cells}</w:tbl>'
                                              "</w:body></w:document>")
    pages = folder / "halaman.pdf"
    with pymupdf.open() as pdf:
        for _ in range(5_000):
            pdf.new_page(width=200, height=100).insert_text((20, 40), "Nomor SOP 800/1/2025")
        pdf.save(str(pages))
    return {"pipa atau perangkat" if hasattr(os, "mkfifo") else "folder": fifo, "zip bomb": bomb,
            "baris tabel, terlalu banyak": rows, "5000 halaman, terlalu banyak": pages,
            "lembar kerja": xlsx, "kata sandi": locked, "rusak": corrupt,
            "terlalu besar": huge, "tidak ada tabel SOP": empty, "hasil pindai": scan,
            "terkunci kata sandi": secret, "rusak atau bukan PDF": broken}


@pytest.mark.libreoffice
def test_the_books_as_pdf_import_back_to_their_sources(books, tmp_path):
    """LibreOffice's PDF of every sample book: read from the words and paths on its pages."""
    from sopgen.pdf import convert, find_soffice

    from .conftest import require

    require(find_soffice() is not None, "LibreOffice not installed")
    documents = [tmp_path / f"{unit.id}.docx" for unit in ORIGINAL.units]
    for document in documents:
        shutil.copy(books / document.name, document)
    root = fresh_sources(tmp_path)
    for pdf, unit in zip(convert(documents, jobs=2), ORIGINAL.units):
        assert main(["import", str(pdf), "--unit", unit.id, "--sources", str(root)]) == 0
    imported = imported_models(root)
    originals = {sop.nomor: sop for unit in ORIGINAL.units for sop in unit.sops}
    assert set(imported) == set(originals)
    for nomor, sop in originals.items():
        assert comparable(imported[nomor]) == comparable(sop), nomor


def test_a_broken_document_never_stops_the_others(books, tmp_path, capsys):
    root = fresh_sources(tmp_path)
    broken = tmp_path / "rusak.pdf"
    broken.write_bytes(b"%PDF-1.4\n1 0 obj garbage")
    renamed = tmp_path / "sebenarnya-word.pdf"  # a Word document renamed .pdf is read as what it is
    shutil.copy(books / "dispendukcapil.docx", renamed)
    status = main(["import", str(broken), str(renamed), "--unit", "dispendukcapil", "--sources", str(root)])
    out, err = capsys.readouterr()
    assert status == 2 and "rusak.pdf" in err and "Traceback" not in err
    assert "sebenarnya-word.pdf: 5 SOP" in out and "0 tanpa SOP, 1 gagal" in out
    assert len([p for p in (root / "dispendukcapil").glob("*.yaml") if p.name != "unit.yaml"]) == 5


def test_a_folder_imports_every_document_in_it(books, tmp_path, capsys):
    root = fresh_sources(tmp_path)
    folder = tmp_path / "dokumen lama"  # a space in the path, as on Windows desktops
    folder.mkdir()
    for unit in ("dispendukcapil", "kecamatan-kanigaran"):
        shutil.copy(books / f"{unit}.docx", folder / f"{unit}.docx")
    (folder / "catatan.txt").write_text("bukan dokumen SOP")
    shutil.copy(books / "rekap.docx", folder / "rekap.docx")  # a document without SOP is passed over
    assert main(["import", str(folder), "--unit", "campuran", "--sources", str(root)]) == 0
    out, err = capsys.readouterr()
    assert "Ringkasan: 3 dokumen, 2 terbaca, 1 tanpa SOP, 0 gagal; 10 SOP" in out
    assert "dilewati: " in err and "rekap.docx: tidak ada tabel SOP" in err
    written = [p for p in (root / "campuran").glob("*.yaml") if p.name != "unit.yaml"]
    assert len(written) == 10
    assert all(p.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=") for p in written)


def test_bad_documents_get_one_line_each_and_nothing_is_written(tmp_path, capsys):
    root = fresh_sources(tmp_path)
    before = sorted(root.rglob("*"))
    documents = bad_documents(tmp_path)
    status = main(["import", *map(str, documents.values()), "--unit", "unit-baru", "--sources", str(root)])
    err = capsys.readouterr().err
    assert status == 1
    lines = err.strip().splitlines()
    for words, path in documents.items():
        line = next(line for line in lines if path.name in line)
        assert words in line, line
    assert "Traceback" not in err and "tidak ada berkas yang ditulis" in err
    assert sorted(root.rglob("*")) == before


CORPUS = Path(__file__).parent / "import_corpus"  # made by tools/make_import_corpus.py


def import_one(tmp_path: Path, name: str) -> tuple[Path, str]:
    root = fresh_sources(tmp_path)
    assert main(["import", str(CORPUS / name), "--unit", "bkpsdm", "--sources", str(root)]) == 0
    path = next(p for p in (root / "bkpsdm").glob("*.yaml") if p.name != "unit.yaml")
    return root, path.read_text()


def model_once_filled(root: Path, text: str):
    """The SOP's model once the author has done what the `# periksa` line asks of the waktu
    and named the new unit."""
    path = next(p for p in (root / "bkpsdm").glob("*.yaml") if p.name != "unit.yaml")
    path.write_text(text.replace("waktu: secepatnya", "waktu: 30 menit"))
    (root / "bkpsdm" / "unit.yaml").write_text("nama: Badan Kepegawaian\n")  # its SOP names its signer
    checked = build.check(root)
    errors = [d for d in checked.diagnostics.errors if "bkpsdm" in str(d.location.path)]
    assert not any(str(path.name) in str(d) for d in errors), errors
    return next(u for u in checked.partial.units if u.id == "bkpsdm").sops[0]


@pytest.mark.parametrize("name", ["word-2010.docx", "vml-lama.docx", "terapung.docx"])
def test_a_document_drawn_in_word_imports_with_its_doubts(tmp_path, name):
    root, text = import_one(tmp_path, name)
    assert re.search(r"jabatan: Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"
                     r"  # periksa: jabatan dicetak dengan huruf kapital", text)
    assert re.search(r'waktu: secepatnya  # periksa: waktu "secepatnya" tidak terukur', text)
    assert "tanggal_pembuatan: 2025-01-05" in text and 'nip: "197005121995031002"' in text
    assert "# Peraturan di dasar_hukum yang belum ada di dasar-hukum.yaml" in text
    checked = build.check(root)
    assert any("secepatnya" in str(d) for d in checked.diagnostics.errors), "check lists what to fix"
    sop = model_once_filled(root, text)
    assert sop.pelaksana == ("Pegawai", "Pengelola Kepegawaian", "Kepala Bidang")
    assert [s.pelaksana for s in sop.kegiatan] == [("Pegawai",), ("Pengelola Kepegawaian",),
                                                   ("Kepala Bidang",), ("Pegawai",)]
    decision = sop.kegiatan[2].keputusan
    assert (decision.ya, decision.tidak, decision.label_ya, decision.label_tidak) == (3, 1, "Ya", "Tidak")
    assert sop.kegiatan[0].kelengkapan == ("Formulir cuti",) and sop.kegiatan[2].waktu == "1 hari"
    assert sop.disahkan_oleh.pangkat == "Pembina Utama Muda"


def test_a_flowchart_on_two_pages_joins_through_its_connectors(tmp_path):
    root, text = import_one(tmp_path, "dua-halaman.docx")
    assert re.search(r'keputusan:  # periksa: label cabang "Revisi" dan "Setuju" tidak menyebut ya/tidak', text)
    assert "# periksa: tidak ada panah" not in text, "step 3 reaches step 4 through connector A"
    sop = model_once_filled(root, text)
    first, second = sop.kegiatan[1].keputusan, sop.kegiatan[4].keputusan
    assert (first.ya, first.tidak, first.label_ya, first.label_tidak) == (2, 0, "Lengkap", "Belum lengkap")
    assert (second.ya, second.tidak) == (5, 3)
    assert [s.successors for s in sop.kegiatan[:4]][2:] == [(3,), (4,)]


def test_the_corpus_is_what_its_script_makes(tmp_path, monkeypatch):
    import importlib.util

    spec = importlib.util.spec_from_file_location("corpus", CORPUS.parent.parent / "tools" / "make_import_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "CORPUS", tmp_path)
    monkeypatch.setattr(module, "ROOT", tmp_path.parent)
    module.main()
    for made in tmp_path.glob("*.docx"):
        assert made.read_bytes() == (CORPUS / made.name).read_bytes(), made.name


def test_a_document_unlike_any_seen_is_one_line_not_a_traceback(tmp_path, capsys):
    """A shape Word would never write (an anchor without its size) inside a flowchart."""
    broken = tmp_path / "aneh.docx"
    with zipfile.ZipFile(CORPUS / "word-2010.docx") as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = re.sub(rb"<wp:extent [^>]*/>", b"", data, count=1)
            target.writestr(item, data)
    root = fresh_sources(tmp_path)
    assert main(["import", str(broken), "--unit", "bkpsdm", "--sources", str(root)]) == 1
    err = capsys.readouterr().err
    assert "aneh.docx: susunan dokumen ini belum dikenal sopgen" in err and "Traceback" not in err
    assert "Error" not in err  # Python's own words never reach the author
    assert not (root / "bkpsdm").exists()


def test_each_file_lists_only_its_own_uncatalogued_regulations(books, tmp_path):
    root = fresh_sources(tmp_path)
    assert main(["import", str(books / "kecamatan-kanigaran.docx"), "--unit", "kecamatan-kanigaran",
                 "--sources", str(root)]) == 0
    for path in (root / "kecamatan-kanigaran").glob("*.yaml"):
        text = path.read_text()
        if "belum ada di dasar-hukum.yaml" in text:
            listed = text.split("(tambahkan ke katalog):")[1]
            for line in listed.strip().splitlines():
                assert f"  - {line.removeprefix('#   - ')}" in text.split("pelaksana:")[0], path.name


def test_a_scan_without_the_ocr_extra_is_refused_in_one_line_that_says_how_to_install_it(tmp_path, monkeypatch,
                                                                                          capsys):
    """Simulated: this machine has the extra, a user's may not."""
    import pymupdf

    from sopgen.imports import pixels

    from .conftest import PNG

    monkeypatch.setattr(pixels, "available", lambda: pixels.INSTALL)
    scan = tmp_path / "pindaian.pdf"
    with pymupdf.open() as pdf:
        pdf.new_page().insert_image(pymupdf.Rect(50, 50, 300, 300), stream=PNG)
        pdf.save(str(scan))
    root = fresh_sources(tmp_path)
    assert main(["import", str(scan), "--unit", "satpol", "--sources", str(root)]) == 1
    err = capsys.readouterr().err
    assert "hasil pindai" in err and "pip install sopgen[ocr]" in err and "tesseract-ocr-ind" in err
    assert len(err.strip().splitlines()) <= 2 and "Traceback" not in err
