"""PDF books: page counts as laid out, PDF/A for archives, conversions that never fail
silently (a hung LibreOffice, two builds at once)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time

import pymupdf
import pytest

from sopgen.cli import main
from sopgen.pdf import PdfError, convert, find_soffice, page_count

from .conftest import SAMPLES, require


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The sample books, .docx only."""
    folder = tmp_path_factory.mktemp("books")
    assert main(["build", "--sources", str(SAMPLES), "--output", str(folder), "-q"]) == 0
    return folder


@pytest.fixture
def books(built, tmp_path):
    copy = tmp_path / "output"
    shutil.copytree(built, copy)
    return copy


@pytest.mark.libreoffice
def test_build_with_pdf_writes_every_book_with_its_pages(books, capsys):
    require(find_soffice() is not None, "LibreOffice (soffice) is not installed")
    assert main(["pdf", "--output", str(books)]) == 0
    out = capsys.readouterr().out
    assert "6 PDF ditulis" in out, "three books, the Standar Pelayanan of the two units with services, the recap"
    assert sorted(line for line in out.splitlines() if line.startswith("ditulis: ")) == sorted(
        f"ditulis: {books / name}.pdf" for name in ("bagian-organisasi", "dispendukcapil", "kecamatan-kanigaran",
                                                     "dispendukcapil.standar-pelayanan",
                                                     "kecamatan-kanigaran.standar-pelayanan", "rekap")
    ), "a line as each PDF is written"
    for docx in books.glob("*.docx"):
        if docx.stem == "rekap":
            continue
        pdf = pymupdf.open(docx.with_suffix(".pdf"))
        assert pdf.page_count == page_count(docx.with_suffix(".pdf").read_bytes())
    assert main(["pdf", "--output", str(books)]) == 0
    assert "0 PDF ditulis, 3 sudah mutakhir" in capsys.readouterr().out


@pytest.mark.libreoffice
def test_a_deleted_recap_pdf_comes_back_on_the_next_make(tmp_path, capsys):
    """The recap's PDF is recorded like every book's (it was converted outside the record,
    so once deleted no later run wrote it again)."""
    require(find_soffice() is not None, "LibreOffice (soffice) is not installed")
    output = tmp_path / "output"
    command = ["build", "--sources", str(SAMPLES), "--output", str(output), "--pdf"]
    assert main(command) == 0
    (output / "rekap.pdf").unlink()
    capsys.readouterr()
    assert main(command) == 0
    assert (output / "rekap.pdf").is_file() and f"ditulis: {output / 'rekap.pdf'}" in capsys.readouterr().out
    assert main(command) == 0
    assert "0 PDF ditulis, 3 sudah mutakhir" in capsys.readouterr().out, "and is not made again for nothing"


@pytest.mark.libreoffice
def test_pdfa_for_archives(books):
    require(find_soffice() is not None, "LibreOffice (soffice) is not installed")
    assert main(["pdf", "--output", str(books), "--pdfa", "kecamatan-kanigaran", "-q"]) == 0
    pdf = pymupdf.open(books / "kecamatan-kanigaran.pdf")
    xmp = pdf.get_xml_metadata()
    assert re.search(r'pdfaid:part(>|=")2', xmp), "XMP declares PDF/A part 2"
    assert re.search(r'pdfaid:conformance(>|=")B', xmp), "... conformance B"
    assert pdf.metadata["title"].startswith("Standar Operasional Prosedur")
    assert pdf.metadata["author"] == "Kecamatan Kanigaran"
    for page in pdf:
        for font in page.get_fonts(full=True):
            assert font[1] != "n/a", f"font {font[3]} is not embedded"


@pytest.mark.libreoffice
def test_two_conversions_at_once_both_complete(books, tmp_path):
    require(find_soffice() is not None, "LibreOffice (soffice) is not installed")
    other = tmp_path / "other"
    shutil.copytree(books, other)
    command = [sys.executable, "-m", "sopgen", "pdf", "-q", "-j", "1", "--output"]
    runs = [subprocess.Popen(command + [str(folder)]) for folder in (books, other)]
    assert [run.wait() for run in runs] == [0, 0]
    for folder in (books, other):
        for docx in folder.glob("*.docx"):
            if docx.stem != "rekap":
                assert pymupdf.open(docx.with_suffix(".pdf")).page_count > 1


@pytest.fixture
def hanging_soffice(tmp_path, monkeypatch):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nsleep 600\n")
    fake.chmod(0o755)
    monkeypatch.setenv("SOPGEN_SOFFICE", str(fake))
    return fake


@pytest.mark.libreoffice
def test_a_hung_libreoffice_ends_with_a_clear_error(books, hanging_soffice):
    previous = books / "dispendukcapil.pdf"
    previous.write_bytes(b"%PDF-1.7 the previous book")
    start = time.monotonic()
    with pytest.raises(PdfError, match="tidak selesai dalam 2 detik"):
        convert([books / "dispendukcapil.docx"], timeout=2)
    assert time.monotonic() - start < 15  # two tries of two seconds, and the kills
    assert previous.read_bytes() == b"%PDF-1.7 the previous book"
    assert not list(books.glob(".*.tmp"))
    leftovers = subprocess.run(["pgrep", "-f", str(hanging_soffice)], capture_output=True)
    assert leftovers.stdout == b"", "the whole process group is killed"


@pytest.mark.libreoffice
def test_the_time_limit_grows_with_the_pages_and_is_not_retried(books, hanging_soffice,
                                                               monkeypatch):
    """A big book gets a limit for its pages (a fixed 300 s failed a 340-page book, then
    failed it again); the message names the book and its pages."""
    import sopgen.pdf

    monkeypatch.setattr(sopgen.pdf, "PER_PAGE", 1)
    docx = books / "dispendukcapil.docx"
    start = time.monotonic()
    with pytest.raises(PdfError, match=r"dalam 4 detik \(dispendukcapil.docx, 3 halaman\)"):
        convert([docx], pages={docx: 3}, timeout=1)
    assert time.monotonic() - start < 8, "one try of four seconds, not two"


@pytest.mark.libreoffice
def test_a_pdf_with_the_wrong_page_count_is_refused(books):
    require(find_soffice() is not None, "LibreOffice (soffice) is not installed")
    docx = books / "kecamatan-kanigaran.docx"
    with pytest.raises(PdfError, match="seharusnya 99") as refused:
        convert([docx], pages={docx: 99})
    assert not docx.with_suffix(".pdf").exists()
    message = str(refused.value)
    assert "daftar isi" in message and "fonts-liberation2" in message, "a hint"
    assert "javaldx" not in message and "\n" not in message, "LibreOffice's stderr left out"


def test_without_libreoffice_make_says_how_to_install_it(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SOPGEN_SOFFICE", "")
    monkeypatch.setenv("PATH", str(tmp_path))
    output = tmp_path / "output"
    assert main(["build", "--sources", str(SAMPLES), "--output", str(output), "-q", "--pdf"]) == 0
    err = capsys.readouterr().err
    assert "apt-get install libreoffice-writer-nogui" in err and len(err.splitlines()) == 1
    assert main(["pdf", "--output", str(output)]) == 3  # LibreOffice missing: the PDF status


@pytest.mark.libreoffice
def test_the_recap_is_printed_on_the_governments_paper(tree, tmp_path):
    require(find_soffice() is not None, "LibreOffice (soffice) is not installed")
    tree.replace("pemda.yaml", "kertas: F4", "kertas: A4")
    output = tmp_path / "output"
    assert main(["build", "--sources", str(tree.root), "--output", str(output), "--pdf", "-q"]) == 0
    recap = pymupdf.open(output / "rekap.pdf")
    width, height = (round(v / 72 * 25.4) for v in (recap[0].rect.width, recap[0].rect.height))
    assert (width, height) == (297, 210), "A4 landscape, as pemda.yaml says"
    footer = [w[4] for w in recap[0].get_text("words") if w[1] > recap[0].rect.height - 20 * 72 / 25.4]
    assert footer == ["1"], "a page number"


@pytest.mark.libreoffice
def test_the_recap_pdf_follows_a_change_made_between_pdf_runs(tmp_path, capsys):
    """build --pdf, a new name in pemda.yaml, a build without PDFs, then build --pdf: the
    recap's PDF shows the new name (it stayed stale when the .docx changed in a run that
    made no PDF)."""
    import shutil

    require(find_soffice() is not None, "LibreOffice (soffice) is not installed")
    sources, output = tmp_path / "sources", tmp_path / "output"
    shutil.copytree(SAMPLES, sources)
    command = ["build", "--sources", str(sources), "--output", str(output), "-q"]
    assert main(command + ["--pdf"]) == 0
    pemda = sources / "pemda.yaml"
    pemda.write_text(pemda.read_text().replace("Pemerintah Kota Probolinggo", "Pemerintah Kota Contohbaru"))
    assert main(command) == 0
    assert main(command + ["--pdf"]) == 0
    assert "CONTOHBARU" in pymupdf.open(output / "rekap.pdf")[0].get_text()
