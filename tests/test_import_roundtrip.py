"""The round trip of every corpus document whose flowchart is drawn (vector or shapes):
import it, replace what the import marked `# periksa` (and what it could not know: the
unit, a signer's NIP) with valid values, build the unit's book, import that book, and
read back the same flow: steps, actors, diamonds, arrows and labels.

`python -m tests.test_import_roundtrip [names]` prints, per document, how far it got."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sys
from pathlib import Path

import pytest
import yaml

from sopgen import build
from sopgen.check.waktu import WaktuError, parse_waktu
from sopgen.cli import main

from .conftest import SAMPLES
from .test_import_keys import CORPUS

DOCUMENTS = sorted([*CORPUS.glob("pdf/*.pdf"), *CORPUS.glob("xlsx/*.xlsx")]) if CORPUS.is_dir() else []
UNIT = "unit.yaml"


def sources(folder: Path) -> Path:
    root = folder / "sources"
    root.mkdir(parents=True)
    for name in ("pemda.yaml", "dasar-hukum.yaml"):
        shutil.copy(SAMPLES / name, root / name)
    shutil.copytree(SAMPLES / "logo", root / "logo")
    return root


def import_into(root: Path, document: Path, unit: str) -> list[Path]:
    assert main(["import", str(document), "--unit", unit, "--sources", str(root), "--force"]) == 0
    return sorted(p for p in (root / unit).glob("*.yaml") if p.name != UNIT)


def drawn(path: Path) -> bool:
    """The import read a flowchart from lines and shapes (not a picture, even one read with
    OCR, whose reading the answer keys measure; not none)."""
    text = path.read_text(encoding="utf-8")
    return ("bagan alir berupa gambar" not in text and "bagan alir tidak ditemukan" not in text
            and "dibaca dengan OCR" not in text)


def fill_unit(root: Path, unit: str) -> None:
    (root / unit / UNIT).write_text("nama: Unit Uji\nkepala:\n  jabatan: Kepala Unit Uji\n  nama: NAMA KEPALA\n",
                                    encoding="utf-8")


def filled(data: dict, n: int) -> dict:
    """The imported SOP with valid values where the import was unsure or could not know:
    what an author does with each `# periksa`."""
    data["nomor"] = f"UJI/{n:03d}/2026"
    data["nama"] = f"{data.get('nama') or 'SOP'} {n}"
    for key in ("tanggal_pembuatan", "tanggal_efektif"):
        data[key] = dt.date(2025, 1, 2)
    data["tanggal_revisi"] = None
    signer = data.get("disahkan_oleh") or {}
    data["disahkan_oleh"] = {"jabatan": signer.get("jabatan") or "Kepala", "nama": signer.get("nama") or "NAMA"}
    data["dasar_hukum"] = [d for d in data.get("dasar_hukum") or [] if " " in str(d)]  # catalogue keys left out
    data["keterkaitan"] = [k for k in data.get("keterkaitan") or [] if isinstance(k, str)]
    actors = data.get("pelaksana") or []
    steps = data.get("kegiatan") or []
    if len(steps) == 1:  # "hanya satu langkah ... tambahkan langkahnya"
        steps.append({"uraian": "Selesai", "pelaksana": steps[0].get("pelaksana"), "waktu": "-", "output": "Selesai"})
    last = len(steps) - 1
    for index, step in enumerate(steps):
        step["uraian"] = step.get("uraian") or f"Kegiatan {index + 1}"
        step["output"] = step.get("output") or "Keluaran"
        step["pelaksana"] = step.get("pelaksana") or actors[:1]
        waktu = str(step.get("waktu") or "")
        try:
            if waktu.strip() != "-":
                parse_waktu(waktu)
            elif index not in (0, last):
                raise WaktuError("-")
        except WaktuError:
            step["waktu"] = "1 hari"
    return data


def flow(sop) -> list[tuple]:
    """What the round trip keeps: each step's actors, shape, targets and branch labels."""
    return [(step.pelaksana, step.keputusan is not None, step.successors,
             (step.keputusan.label_ya, step.keputusan.label_tidak, step.keputusan.oleh) if step.keputusan else None)
            for step in sop.kegiatan]


def round_trip(document: Path, folder: Path) -> tuple[int, list[str]]:
    """How many SOPs made the round trip, and what went wrong for the others."""
    root = sources(folder)
    files = [p for p in import_into(root, document, "asli") if drawn(p)]
    for path in [p for p in (root / "asli").glob("*.yaml") if p.name != UNIT and p not in files]:
        path.unlink()
    if not files:
        return 0, []
    fill_unit(root, "asli")
    for n, path in enumerate(files, start=1):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        path.write_text(yaml.safe_dump(filled(data, n), allow_unicode=True, sort_keys=False), encoding="utf-8")
    checked = build.check(root)
    errors = [str(d) for d in checked.diagnostics.errors]
    if errors:
        return 0, errors
    output = folder / "output"
    assert main(["build", "--sources", str(root), "--output", str(output), "-q"]) == 0
    again = import_into(root, output / "asli.docx", "lagi")
    fill_unit(root, "lagi")
    before = {sop.nomor: sop for sop in next(u for u in checked.sources.units if u.id == "asli").sops}
    for path in again:  # the book printed what the author filled in; only the unit is new
        text = path.read_text(encoding="utf-8").replace("UJI/", "LAGI/")
        path.write_text(text, encoding="utf-8")
    checked = build.check(root)
    errors = [str(d) for d in checked.diagnostics.errors if "/lagi/" in str(d.location.path)]
    after = {sop.nomor.replace("LAGI/", "UJI/"): sop for sop in next(u for u in checked.partial.units
                                                                     if u.id == "lagi").sops}
    problems = errors + [f"{nomor}: alur berbeda" for nomor, sop in before.items()
                         if nomor not in after or flow(after[nomor]) != flow(sop)]
    return len(before) - len(problems), problems


@pytest.mark.skipif(not DOCUMENTS, reason="../shared/corpus/import not beside the project")
@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.stem)
def test_a_drawn_flowchart_makes_the_round_trip(document, tmp_path):
    _, problems = round_trip(document, tmp_path)
    assert not problems, "\n".join(problems)


if __name__ == "__main__":
    import tempfile

    wanted = sys.argv[1:]
    total = ok = 0
    for document in DOCUMENTS:
        if wanted and document.stem not in wanted:
            continue
        with tempfile.TemporaryDirectory() as folder:
            import contextlib
            import io

            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                done, problems = round_trip(document, Path(folder))
        total += 1
        ok += not problems
        print(f"{document.stem}: {done} SOP" + "".join(f"\n    {re.sub(r'^.*?/sources/', '', p)}"
                                                      for p in problems))
    print(f"{ok}/{total} documents make the round trip")
