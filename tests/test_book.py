"""The unit's book and `sopgen build`: contents, page numbers, safe and incremental writes."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import docx
import pymupdf
import pytest

from sopgen import build
from sopgen.cli import main
from sopgen.document.book import render_book
from sopgen.document.decree import decree_context
from sopgen.flowchart.geometry import landscape
from sopgen.flowchart.layout import layout
from sopgen.pdf import convert, find_soffice

from .conftest import SAMPLES, checked_samples, require
from .ooxml import drawing_ids, validation_errors

SOURCES = checked_samples().sources
UNITS = {unit.id: unit for unit in SOURCES.units}


@pytest.fixture(scope="module")
def books():
    return {unit_id: render_book(SOURCES, unit) for unit_id, unit in UNITS.items()}


def texts(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


@pytest.mark.parametrize("unit_id", list(UNITS))
def test_book_contents(books, unit_id):
    unit, book = UNITS[unit_id], books[unit_id]
    document = docx.Document(io.BytesIO(book.data))
    text = texts(document)
    assert "STANDAR OPERASIONAL PROSEDUR (SOP)" in text and "ADMINISTRASI PEMERINTAHAN" in text
    assert unit.nama.upper() in text and f"TAHUN {unit.tahun}" in text
    assert "DAFTAR ISI" in text
    if unit.keputusan:
        assert f"NOMOR {unit.keputusan.nomor}" in text and "MEMUTUSKAN:" in text
        assert "KESATU" in text and "Ditetapkan di Probolinggo" in text
    sop_entries = [e for e in book.entries if e.nomor]
    assert [e.nomor for e in sop_entries] == [s.nomor for s in unit.sops]
    symbols = sum(1 for _ in document.element.body.iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/main}prstGeom"))
    expected = sum(len(p.symbols) for sop in unit.sops for p in layout(sop, landscape("F4")).pages)
    assert symbols >= expected
    for sop in unit.sops:
        assert sop.nomor in text and sop.nama in text
    landscape_sections = [s for s in document.sections if s.page_width > s.page_height]
    assert len(landscape_sections) == len(unit.sops) + len(unit.lampiran)


@pytest.mark.parametrize("unit_id", list(UNITS))
def test_book_is_valid_and_deterministic(books, unit_id):
    data = books[unit_id].data
    assert validation_errors(data) == []
    ids = drawing_ids(data)
    assert len(ids) == len(set(ids))
    assert render_book(SOURCES, UNITS[unit_id]).data == data


@pytest.fixture(scope="module")
def book_pdfs(books, tmp_path_factory) -> dict[str, Path]:
    """Every sample book as LibreOffice prints it."""
    require(find_soffice() is not None, "LibreOffice (soffice) is not installed")
    folder = tmp_path_factory.mktemp("book-pdfs")
    paths = []
    for unit_id, book in books.items():
        path = folder / f"{unit_id}.docx"
        path.write_bytes(book.data)
        paths.append(path)
    return {path.stem: path for path in convert(paths)}


def assert_daftar_isi_exact(book, path: Path) -> None:
    """Every entry of the book's daftar isi is the page where LibreOffice put it, and the
    daftar isi (which may run over several pages) prints that number."""
    pdf = pymupdf.open(path)
    pages = [page.get_text() for page in pdf]
    start = next(i for i, t in enumerate(pages) if "DAFTAR ISI" in t)
    after = min(e.halaman for e in book.entries if not e.nama.startswith("Keputusan")) - 1
    toc = range(start, after)
    found = []
    for entry in book.entries:
        if entry.nomor:
            actual = [i + 1 for i, t in enumerate(pages)
                      if f"Nomor SOP\n{entry.nomor}\n" in t and i not in toc]
        else:
            key = (entry.nama.upper() if entry.nama.startswith("Formulir") else
                   "PENJELASAN SINGKAT")
            actual = [i + 1 for i, t in enumerate(pages)
                      if ("\nTENTANG\n" in t if entry.nama.startswith("Keputusan")
                          else t.lstrip().startswith(key))]  # the decree opens with its kop
        found.append((entry.nomor or entry.nama, entry.halaman, actual[:1]))
    wrong = [f for f in found if f[2] != [f[1]]]
    assert not wrong, f"{path.stem}: (entry, daftar isi, real page) {wrong[:5]}"
    assert pdf.page_count == book.pages
    printed = "".join(pages[i] for i in toc)
    assert all(f"\n{entry.halaman}\n" in printed for entry in book.entries), "the daftar isi prints it"


def test_daftar_isi_numbers_are_the_real_pages(books, book_pdfs):
    for path in book_pdfs.values():
        book = books[path.stem]
        assert_daftar_isi_exact(book, path)
        pdf = pymupdf.open(path)
        for number, page in enumerate(pdf, start=1):  # the footer: below the margin
            margin = (14 if page.rect.width > page.rect.height else 22) * 72 / 25.4
            footer = [w[4] for w in page.get_text("words") if w[1] > page.rect.height - margin]
            expected = [] if number == 1 else [str(number)]  # the cover prints no number
            assert footer == expected, f"page {number} footer: {footer}"


def run(capsys, *args):
    status = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return status, out, err


def test_build_then_nothing_then_one(capsys, workspace):
    sources, output = workspace / "sources", workspace / "output"
    status, out, _ = run(capsys, "build", "--sources", sources, "--output", output)
    assert status == 0 and "3 buku ditulis" in out
    assert "bagian-organisasi: 4 SOP, 22 halaman" in out and "rekap.xlsx" in out
    before = {p.name: p.stat().st_mtime_ns for p in output.glob("*.docx")}
    status, out, _ = run(capsys, "build", "--sources", sources, "--output", output)
    assert status == 0 and "0 buku ditulis, 3 sudah mutakhir" in out
    assert before == {p.name: p.stat().st_mtime_ns for p in output.glob("*.docx")}
    path = sources / "bagian-organisasi" / "survei-kepuasan-masyarakat.yaml"
    path.write_text(path.read_text().replace("Fasilitasi Pelaksanaan", "Fasilitasi"))
    status, out, _ = run(capsys, "build", "--sources", sources, "--output", output)
    assert status == 0 and "1 buku ditulis, 2 sudah mutakhir" in out
    assert out.startswith("bagian-organisasi:")


def test_an_edit_rebuilds_the_books_that_name_the_sop(capsys, workspace):
    sources, output = workspace / "sources", workspace / "output"
    assert run(capsys, "build", "--sources", sources, "--output", output)[0] == 0
    path = sources / "dispendukcapil" / "kartu-keluarga.yaml"  # named by a kecamatan SOP
    path.write_text(path.read_text().replace("nama: Penerbitan Kartu Keluarga",
                                             "nama: Penerbitan Kartu Keluarga Baru"))
    status, out, _ = run(capsys, "build", "--sources", sources, "--output", output)
    assert status == 0 and "2 buku ditulis, 1 sudah mutakhir" in out
    book = docx.Document(output / "kecamatan-kanigaran.docx")
    assert "Penerbitan Kartu Keluarga Baru" in texts(book)


def test_shared_files_rebuild_everything(capsys, workspace):
    sources, output = workspace / "sources", workspace / "output"
    assert run(capsys, "build", "--sources", sources, "--output", output)[0] == 0
    pemda = sources / "pemda.yaml"
    pemda.write_text(pemda.read_text().replace("No. 25", "No. 27"))
    status, out, _ = run(capsys, "build", "--sources", sources, "--output", output)
    assert "3 buku ditulis" in out


def test_nothing_is_written_when_a_source_is_broken(capsys, workspace):
    sources, output = workspace / "sources", workspace / "output"
    assert run(capsys, "build", "--sources", sources, "--output", output)[0] == 0
    old = {p.name: p.read_bytes() for p in output.glob("*.docx")}
    for unit in ("bagian-organisasi", "kecamatan-kanigaran"):
        path = next((sources / unit).glob("s*.yaml"))
        path.write_text(path.read_text().replace("nama:", "nma:", 1))
    status, out, err = run(capsys, "build", "--sources", sources, "--output", output)
    assert status == 1 and 'kunci "nma" tidak dikenal' in err and "tidak ada buku yang ditulis" in err
    assert old == {p.name: p.read_bytes() for p in output.glob("*.docx")}
    fresh = workspace / "fresh"
    status, _, _ = run(capsys, "build", "--sources", sources, "--output", fresh)
    assert status == 1 and not list(fresh.glob("*.docx"))
    status, out, err = run(capsys, "build", "--sources", sources, "--output", fresh, "--keep-going")
    assert status == 1 and sorted(p.name for p in fresh.glob("*.docx")) == [
        "dispendukcapil.docx", "dispendukcapil.standar-pelayanan.docx"]


def test_a_killed_build_leaves_every_book_whole(workspace):
    """SIGKILL at the moment the first new book lands (watched by its inode, which the
    atomic rename changes; no sleep to guess the timing): every book is whole, the old one
    or the new one byte for byte, and the next build finishes the ones not yet written."""
    sources, output = workspace / "sources", workspace / "output"

    def build(folder: Path) -> list[str]:
        return [sys.executable, "-m", "sopgen", "build", "--sources", str(sources), "--output",
                str(folder), "-q", "-j", "1"]

    def books(folder: Path) -> dict[str, bytes]:
        return {p.name: p.read_bytes() for p in sorted(folder.glob("*.docx")) if p.name != "rekap.docx"}

    subprocess.run(build(output), check=True)
    old = books(output)
    inodes = {name: (output / name).stat().st_ino for name in old}
    pemda = sources / "pemda.yaml"  # the font is named in every run of every book
    pemda.write_text(pemda.read_text().replace("huruf: Arial", "huruf: Liberation Sans"))
    subprocess.run(build(workspace / "expected"), check=True)
    expected = books(workspace / "expected")
    assert all(expected[name] != old[name] for name in old)

    process = subprocess.Popen(build(output))
    while process.poll() is None and all((output / n).stat().st_ino == inodes[n] for n in old):
        time.sleep(0.002)
    process.kill()
    process.wait()
    now = books(output)
    assert all(now[name] in (old[name], expected[name]) for name in old), "a book is half written"
    written = [name for name in old if now[name] == expected[name]]
    assert 1 <= len(written) < len(old), "killed after the first book and before the last"
    subprocess.run(build(output), check=True)
    assert books(output) == expected, "the next build finishes the rest"
    assert not list(output.glob(".*.tmp")), "leftovers of killed builds are cleared"


def long_front_matter(root: Path, paper: str) -> None:
    """A unit with a long name, address and jabatan, thirty definitions in its penjelasan
    and 25 SOPs with long names: a daftar isi and a penjelasan of several pages each."""
    pemda = root / "pemda.yaml"
    pemda.write_text(pemda.read_text().replace("kertas: F4", f"kertas: {paper}"))
    folder = root / "dispendukcapil"
    unit = (folder / "unit.yaml").read_text()
    unit = unit.replace("nama: Dinas Kependudukan dan Pencatatan Sipil",
                        "nama: Dinas Kependudukan, Pencatatan Sipil, Pemberdayaan Masyarakat dan"
                        " Pelayanan Terpadu Satu Pintu Bidang Administrasi Kependudukan")
    unit = unit.replace("alamat: Jl. Mayjend Panjaitan No. 48, Kota Probolinggo 67219",
                        "alamat: Kompleks Perkantoran Terpadu Gedung B Lantai 3, Jl. Mayjend"
                        " Panjaitan No. 48, Kelurahan Sukabumi, Kecamatan Mayangan, Kota"
                        " Probolinggo 67219")
    source = (folder / "ktp-el.yaml").read_text()
    ids = []
    for n in range(1, 26):
        ids.append(f"layanan-{n:02d}")
        (folder / f"layanan-{n:02d}.yaml").write_text(source.replace(
            'nomor: "470/01/425.107/2026"', f'nomor: "470/{n + 10:02d}/425.107/2026"').replace(
            "nama: Penerbitan Kartu Tanda Penduduk Elektronik",
            f"nama: Pelayanan Penerbitan Dokumen Kependudukan Nomor {n} bagi Penduduk yang Pindah"
            " Datang dari Luar Daerah beserta Perubahan Data Keluarga"))
    definitions = "".join(
        f"    - istilah: Istilah Nomor {n}\n      arti: Pengertian yang cukup panjang untuk istilah"
        f" nomor {n} sebagaimana dimaksud dalam peraturan perundang-undangan yang berlaku di"
        " bidang administrasi kependudukan dan pencatatan sipil\n" for n in range(1, 31))
    unit = unit.replace("urutan:\n", "penjelasan:\n  ruang_lingkup: Berlaku bagi seluruh layanan"
                        " administrasi kependudukan.\n  definisi:\n" + definitions + "urutan:\n")
    unit += "".join(f"  - {i}\n" for i in ids)
    (folder / "unit.yaml").write_text(unit)


@pytest.mark.libreoffice
@pytest.mark.parametrize("paper", ["F4", "A4"])
def test_a_long_daftar_isi_and_penjelasan_are_exact_on_both_papers(tmp_path, paper):
    """Several pages of daftar isi and penjelasan, counted on the paper the book is printed
    on (the count made for the smaller page put every entry one page off on F4)."""
    require(find_soffice() is not None, "LibreOffice (soffice) is not installed")
    shutil.copytree(SAMPLES, tmp_path / "sources")
    long_front_matter(tmp_path / "sources", paper)
    checked = build.check(tmp_path / "sources")
    assert checked.ok, [str(d) for d in checked.diagnostics.errors]
    unit = next(u for u in checked.sources.units if u.id == "dispendukcapil")
    book = render_book(checked.sources, unit)
    sops = [e for e in book.entries if e.nomor]
    assert sops[0].halaman - book.entries[0].halaman > 10, "several pages of front matter"
    path = tmp_path / "dispendukcapil.docx"
    path.write_bytes(book.data)
    (pdf,) = convert([path])
    assert_daftar_isi_exact(book, pdf)


def test_unknown_unit_is_a_usage_error(capsys, workspace):
    status, _, err = run(capsys, "build", "--sources", workspace / "sources", "unit-x")
    assert status == 2 and "unit-x" in err


def test_a_changed_template_rebuilds_every_book(workspace):
    from sopgen.document.render import TEMPLATES

    templates = workspace / "templates"
    shutil.copytree(TEMPLATES, templates)
    sources, output = workspace / "sources", workspace / "output"
    first = build.build_books(sources, output, templates=templates, jobs=1)
    assert len(first.written) == 3
    assert build.build_books(sources, output, templates=templates, jobs=1).written == ()
    cover = docx.Document(templates / "sampul.docx")  # an office restyles the cover
    cover.add_paragraph("Edisi pertama")
    cover.save(templates / "sampul.docx")
    again = build.build_books(sources, output, templates=templates, jobs=1)
    assert len(again.written) == 3
    assert "Edisi pertama" in texts(docx.Document(output / "dispendukcapil.docx"))


def decree_pages(pdf) -> list[str]:
    """The texts of the decree's body pages: from its title to its signature."""
    texts = [page.get_text() for page in pdf]
    first = next(i for i, t in enumerate(texts) if "\nTENTANG\n" in t)
    last = next(i for i, t in enumerate(texts) if "Ditetapkan di" in t)
    return texts[first:last + 1]


@pytest.mark.parametrize("unit_id", [u for u in UNITS if UNITS[u].keputusan])
def test_the_decree_as_printed(book_pdfs, unit_id):
    from sopgen.check.citations import regulation

    pages = decree_pages(pymupdf.open(book_pdfs[unit_id]))
    signed = pages[-1]
    # the signature block never stands alone: a diktum is on its page
    before = signed.split("Ditetapkan di")[0]
    assert "KETIGA" in before and "mulai berlaku" in before, before
    assert "Keputusan ini mulai berlaku pada tanggal ditetapkan." in " ".join(signed.split())
    # Mengingat: ranks of the hierarchy never go up, no regulation twice
    text = " ".join("".join(pages).split())
    mengingat = text.split("Mengingat :")[1].split("MEMUTUSKAN")[0]
    items = [item for item in re.split(r"(?:^| )\d+\. (?=[A-Z])", mengingat) if item.strip()]
    found = [regulation(item) for item in items]
    assert all(found), items
    ranks = [r.rank for r in found]
    assert ranks == sorted(ranks), ranks
    assert len({r.key for r in found}) == len(found), "a regulation twice"
    assert len(found) == len(decree_context(SOURCES, UNITS[unit_id])["mengingat"])
    # no heading line is a lone word ("PROBOLINGGO"); the kop names the government
    lines = pages[0].splitlines()
    title = lines[lines.index("TENTANG") + 1: lines.index("TENTANG") + 4]
    assert all(len(line.split()) > 1 for line in title if line.strip()), title
    assert lines[0] == SOURCES.pemda.nama.upper()


def test_the_decree_names_its_region_once(tree):
    tree.replace("unit-a/unit.yaml", "jabatan: Kepala Bagian Organisasi",
                 "jabatan: Kepala Bagian Organisasi Sekretariat Daerah Kota Contoh")
    checked = tree.check()
    unit = next(u for u in checked.sources.units if u.id == "unit-a")
    context = decree_context(checked.sources, unit)
    heading = " ".join(context["judul"])
    assert heading == "KEPUTUSAN KEPALA BAGIAN ORGANISASI SEKRETARIAT DAERAH KOTA CONTOH"
    assert " ".join(context["ttd"]["jabatan"]).count("KOTA CONTOH") == 1


def test_the_decree_takes_the_official_and_title_given(tree):
    tree.replace("unit-a/unit.yaml", "  tanggal: 2026-02-02\n",
                 "  tanggal: 2026-02-02\n  jabatan: Sekretaris Daerah Kota Contoh\n"
                 "  tentang: Standar Operasional Prosedur Bagian Organisasi\n")
    checked = tree.check()
    assert not checked.diagnostics.has_errors()
    unit = next(u for u in checked.sources.units if u.id == "unit-a")
    context = decree_context(checked.sources, unit)
    assert context["judul"] == ["KEPUTUSAN SEKRETARIS DAERAH KOTA CONTOH"]
    assert context["tentang"] == ["STANDAR OPERASIONAL PROSEDUR BAGIAN ORGANISASI"]
    assert context["ttd"]["jabatan"][-1].endswith("KOTA CONTOH,")
    assert context["lampiran"]["tentang"] == "STANDAR OPERASIONAL PROSEDUR BAGIAN ORGANISASI"
    assert context["kop"] is None  # pemda.yaml of the base tree asks for no kop


def identity_pages(pdf) -> list:
    return [page for page in pdf if "Tanggal Pembuatan" in page.get_text()
            and "Nomor SOP" in page.get_text() and "DAFTAR ISI" not in page.get_text()]


@pytest.mark.parametrize("unit_id", list(UNITS))
def test_identity_pages_as_printed(book_pdfs, unit_id):
    """One size per book, never below 9 pt; an identity page too long for one page runs
    on under its repeated header block (the pages the estimate counted, no other)."""
    from sopgen.document.identity import book_size, fit_identity

    unit, setup = UNITS[unit_id], landscape(SOURCES.pemda.kertas)
    size = book_size(SOURCES, unit, setup)
    assert size >= 9
    expected = [fit_identity(SOURCES, unit, sop, setup, size).pages for sop in unit.sops]
    pages = identity_pages(pymupdf.open(book_pdfs[unit_id]))
    numbers = [page.get_text().split("Nomor SOP\n", 1)[1].split("\n", 1)[0] for page in pages]
    assert [numbers.count(s.nomor) for s in unit.sops] == expected
    sizes = set()
    for page in pages:
        footer = page.rect.height - 14 * 72 / 25.4
        spans = [s for b in page.get_text("dict")["blocks"] for line in b.get("lines", [])
                 for s in line["spans"] if s["text"].strip() and s["bbox"][1] < footer]
        sizes |= {round(s["size"], 1) for s in spans}
        # every label on one line
        words = page.get_text("words")
        for label in ("Tanggal Pembuatan", "Tanggal Revisi", "Tanggal Efektif", "Disahkan oleh"):
            first, second = label.split()
            ys = [w[1] for w in words if w[4] == first]
            assert any(abs(w[1] - y) < 0.5 for w in words if w[4] == second for y in ys), label
        # no text touches the border above it: 0.8 mm of padding (1.4 pt without any)
        rows = [d["rect"] for d in page.get_drawings() if d["rect"].height < 1.5 and d["rect"].width > 20]
        for w in words:
            if w[1] >= footer:
                continue
            above = [r.y1 for r in rows if r.x0 <= w[0] and w[2] <= r.x1 and r.y1 <= w[1] + 0.5]
            assert not above or w[1] - max(above) >= 1.8, f"{w[4]} touches the border above it"
    assert len(sizes) == 1, f"identity pages of one book in sizes {sizes}"


@pytest.mark.parametrize("unit_id", [u for u in UNITS if UNITS[u].lampiran])
def test_the_forms_as_printed(book_pdfs, unit_id):
    from sopgen.document.book import CRITERIA

    pdf = pymupdf.open(book_pdfs[unit_id])
    forms = [page for page in pdf if page.get_text().lstrip().startswith("FORMULIR")]
    assert len(forms) == len(UNITS[unit_id].lampiran)
    for page in forms:
        text = page.get_text()
        words = page.get_text("words")
        printed = {w[4] for w in words}
        headers = (["Penilaian", "terhadap", "penerapan", "Tindakan", "Paraf", "penilai"]
                   if "MONITORING" in text else [w for c in CRITERIA for w in c.split()])
        assert set(headers) <= printed, "a header broken inside a word"
        boxes = [w for w in words if w[4] == "\u2610"]
        assert boxes
        for box in boxes:  # each check box has its label beside it, on its line
            beside = [w for w in words if abs(w[1] - box[1]) < 1 and 0 < w[0] - box[2] < 8]
            assert beside, "a check box without its label"
        assert "Periode penilaian" in text and "Penilai," in text and "NIP" in text
        assert page.get_text("words")[-1][4].isdigit()  # the page number: nothing spilled over


def test_a_build_with_nothing_to_do_loads_no_word_library(workspace):
    """`make` with nothing changed answers from the manifest: python-docx, docxtpl, jinja2
    and openpyxl (a third of its time) are not even imported."""
    sources, output = workspace / "sources", workspace / "output"
    subprocess.run([sys.executable, "-m", "sopgen", "build", "--sources", str(sources),
                    "--output", str(output), "-q"], check=True)
    probe = ("import sys\nfrom sopgen.cli import main\n"
             f"status = main(['build', '--sources', {str(sources)!r}, '--output', {str(output)!r}, '-q'])\n"
             "print(status, sorted({m.split('.')[0] for m in sys.modules}"
             " & {'docx', 'docxtpl', 'jinja2', 'openpyxl', 'xlsxwriter'}))")
    result = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True)
    assert result.stdout.strip() == "0 []"


@pytest.mark.libreoffice
def test_a_long_sop_number_stays_on_one_line_in_the_daftar_isi(tmp_path):
    """Word and LibreOffice break a number after a "/": the Nomor SOP column widens to the
    longest number, so none is split between two lines."""
    import dataclasses

    require(find_soffice() is not None, "LibreOffice (soffice) is not installed")
    unit = UNITS["bagian-organisasi"]
    numbers = [f"000.8.3.{n}/425.11/{n + 8}/2026" for n in range(len(unit.sops))]
    unit = dataclasses.replace(unit, sops=tuple(dataclasses.replace(s, nomor=number)
                                                for s, number in zip(unit.sops, numbers)))
    book = render_book(SOURCES, unit)
    path = tmp_path / "buku.docx"
    path.write_bytes(book.data)
    pdf = pymupdf.open(convert([path])[0])
    toc = next(page for page in pdf if "DAFTAR ISI" in page.get_text())
    lines = ["".join(span["text"] for span in line["spans"]) for block in toc.get_text("dict")["blocks"]
             for line in block.get("lines", ())]
    assert all(number in lines for number in numbers), [line for line in lines if "425.11" in line]
    assert pdf.page_count == book.pages


def test_an_agency_decree_names_its_institution_once(tree):
    """Not a pemda: a BPS office whose head's jabatan names the agency by its initials.
    The heading, the title and the scope name it once ("KEPALA BPS PROVINSI BENGKULU",
    never followed by "BADAN PUSAT STATISTIK")."""
    tree.replace("pemda.yaml", "nama: Pemerintah Kota Contoh", "nama: Badan Pusat Statistik")
    tree.replace("unit-a/unit.yaml", "nama: Bagian Organisasi\ninduk: [Sekretariat Daerah]\n",
                 "nama: BPS Provinsi Bengkulu\n")
    tree.replace("unit-a/unit.yaml", "jabatan: Kepala Bagian Organisasi", "jabatan: Kepala BPS Provinsi Bengkulu")
    checked = tree.check()
    assert not checked.diagnostics.has_errors(), checked.diagnostics.items
    unit = next(u for u in checked.sources.units if u.id == "unit-a")
    context = decree_context(checked.sources, unit)
    assert context["judul"] == ["KEPUTUSAN KEPALA BPS PROVINSI BENGKULU"]
    assert " ".join(context["ttd"]["jabatan"]) == "KEPALA BPS PROVINSI BENGKULU,"
    assert "Badan Pusat Statistik" not in context["menimbang"][0]["teks"]
    assert " ".join(context["tentang"]).endswith("DI LINGKUNGAN BPS PROVINSI BENGKULU")


def test_no_page_holds_only_the_rest_of_another_pages_table(book_pdfs):
    """Every landscape page names its SOP (the identity page's header, repeated where it
    runs on, or the line above a flowchart table) or is a form: a row stranded on a page
    of its own (the estimate missed the page's real height) names nothing."""
    for path in book_pdfs.values():
        for number, page in enumerate(pymupdf.open(path), start=1):
            if page.rect.width < page.rect.height:
                continue  # the front matter, portrait
            text = page.get_text()
            assert "Nomor SOP" in text or text.lstrip().startswith("FORMULIR"), f"{path.stem} p{number}"


def test_the_decree_is_signed_as_a_naskah_dinas_penetapan(tree):
    """Permendagri 1/2023 Pasal 44: the signer of a keputusan is written without gelar
    (a setting keeps them); the head of the region, or one acting for them, also without
    NIP and pangkat. The identity pages keep the name as written."""
    checked = tree.check()
    unit = next(u for u in checked.sources.units if u.id == "unit-a")
    ttd = decree_context(checked.sources, unit)["ttd"]
    assert (ttd["nama"], ttd["pangkat"]) == ("SITI AMINAH", "Pembina Tingkat I")
    assert ttd["nip"] == "NIP. 19720315 199803 2 004"
    tree.replace("unit-a/unit.yaml", "  tanggal: 2026-02-02\n", "  tanggal: 2026-02-02\n  gelar: ya\n")
    checked = tree.check()
    unit = next(u for u in checked.sources.units if u.id == "unit-a")
    assert decree_context(checked.sources, unit)["ttd"]["nama"] == "Dra. SITI AMINAH, M.Si"
    tree.replace("unit-a/unit.yaml", "  gelar: ya\n", "  jabatan: Plt. Wali Kota Contoh\n")
    checked = tree.check()
    assert not checked.diagnostics.has_errors()
    unit = next(u for u in checked.sources.units if u.id == "unit-a")
    ttd = decree_context(checked.sources, unit)["ttd"]
    assert (ttd["nama"], ttd["pangkat"], ttd["nip"]) == ("SITI AMINAH", "", "")
    sop = unit.sops[0]
    assert sop.disahkan_oleh.nama == "Dra. SITI AMINAH, M.Si", "the identity page keeps it"


@pytest.mark.parametrize("written,bare", [
    ("Drs. BAMBANG SUTRISNO HADI, M.M.", "BAMBANG SUTRISNO HADI"), ("BUDI SANTOSO, S.STP", "BUDI SANTOSO"),
    ("Prof. Dr. Ir. H. Ahmad Yani, S.H., M.H., Ph.D", "H. Ahmad Yani"), ("dr. RINA, Sp.A", "RINA"),
    ("Hj. SITI, S.Sos., M.AP", "Hj. SITI"), ("ANDI WIJAYA", "ANDI WIJAYA")])
def test_a_name_without_its_gelar(written, bare):
    from sopgen.document.decree import without_gelar

    assert without_gelar(written) == bare
