"""`sopgen import`: sopgen's own documents read back to the sources they were made from,
and bad documents refused with one line each, writing nothing."""

from __future__ import annotations

import dataclasses
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
    return {"lembar kerja Excel": xlsx, "kata sandi": locked, "rusak": corrupt,
            "terlalu besar": huge, "tidak ada tabel SOP": empty}


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
