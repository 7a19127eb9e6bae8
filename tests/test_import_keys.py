"""sopgen import against answer keys written by reading real documents (tests/import_keys/,
see its README): identity, every list item and every flowchart row of each document.

The differences import still has are listed, one a line, in known-differences.txt: the
test fails on any new difference, and on a listed one that is gone (so the list only
shrinks). `python -m tests.test_import_keys` prints every difference, document by
document, and the score; `--record` rewrites the list after a reviewed change."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
import yaml

from sopgen.check.dates import parse_date
from sopgen.imports.found import FoundSop

KEYS = Path(__file__).parent / "import_keys"
CORPUS = Path(__file__).parents[2] / "shared" / "corpus" / "import"
LISTS = ("dasar_hukum", "kualifikasi_pelaksana", "keterkaitan", "peralatan_perlengkapan", "peringatan",
         "pencatatan_pendataan")


def keys() -> list[Path]:
    return sorted(KEYS.glob("*.yaml"))


def imported(key: dict) -> list[tuple[FoundSop | None, dict]]:
    """Each SOP of the key with the one the import read (by sheet, or in order)."""
    from sopgen.imports.documents import read_document

    sops = read_document(CORPUS / _document(key))
    if key.get("lembar"):
        return [(next((s for s in sops if s.sheet == key["lembar"]), None), key)]
    wanted = key.get("sops") or [key]
    return [(sops[n] if n < len(sops) else None, want) for n, want in enumerate(wanted)]


def _document(key: dict) -> str:
    return key.get("dokumen") or key["sops"][0]["dokumen"]


def _unique(names) -> list[str]:
    return list(dict.fromkeys(_text(n) for n in names))


def _branches(pairs) -> dict[str, list]:
    found: dict[str, list] = {}
    for label, target in pairs:
        targets = target if isinstance(target, list) else [target]
        found.setdefault(_text(label), []).extend(targets)
    return {label: sorted(targets, key=str) for label, targets in found.items()}


def _text(value) -> str:
    return " ".join(str(value if value is not None else "").split())


def _date(value):
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    parsed = parse_date(str(value).strip())
    return parsed if isinstance(parsed, dt.date) else _text(value)


def differences(found: FoundSop | None, key: dict) -> list[str]:
    """Every way the import differs from the key, one line each."""
    if found is None:
        return ["SOP ini tidak terbaca sama sekali"]
    out = []

    def same(what: str, got, want, doubt: str | None = None) -> None:
        # a difference the import marked "# periksa" is told apart from a silent one
        if got != want:
            out.append(f"{what}: {got!r} != {want!r}" + (" [periksa]" if doubt else ""))

    doubts = found.doubts
    same("nomor", _text(found.nomor), _text(key["nomor"]), doubts.get("nomor"))
    same("nama", _text(found.nama), _text(key["nama"]), doubts.get("nama"))
    for field in ("tanggal_pembuatan", "tanggal_revisi", "tanggal_efektif"):
        got = getattr(found, field).strip()
        same(field, _date(None if got in ("", "-") else got), _date(key[field]), doubts.get(field))
    signer = key.get("disahkan_oleh") or {}
    for part in ("jabatan", "nama", "nip"):
        same(f"disahkan_oleh.{part}", _text(found.disahkan_oleh.get(part)), _text(signer.get(part)),
             doubts.get("disahkan_oleh"))
    for field in LISTS:
        same(field, [_text(i) for i in found.lists.get(field, [])], [_text(i) for i in key[field] or []],
             doubts.get(field))
    same("bagan_alir", found.flowchart, key["bagan_alir"])
    if key["bagan_alir"] == "gambar" and not key["kegiatan"]:
        return out  # a picture whose rows were not keyed
    same("pelaksana", [_text(p) for p in found.pelaksana], [_text(p) for p in key["pelaksana"]])
    printed = {s.nomor: (int(s.printed) if s.printed else None) for s in found.steps}
    same("langkah", [printed[s.nomor] for s in found.steps], [s["nomor"] for s in key["kegiatan"]],
         found.doubts.get("kegiatan"))
    for step, want in zip(found.steps, key["kegiatan"]):
        where = f"langkah {want['nomor']}"
        same(f"{where} uraian", _text(step.uraian), _text(want["uraian"]), step.doubts.get("uraian"))
        if key["bagan_alir"] == "vektor" or key["kegiatan"]:  # drawn, or a keyed picture read from its pixels
            # a step whose symbol the reader missed says so on its pelaksana
            missed = step.doubts.get("pelaksana")
            same(f"{where} simbol", step.symbols, want["simbol"], missed)
            same(f"{where} pelaksana", _unique(step.pelaksana), _unique(want["pelaksana"]), missed)
            flow_doubt = step.doubts.get("keputusan") or step.doubts.get("lanjut")
            same(f"{where} ke", sorted((printed.get(t) for t in step.targets), key=str),
                 sorted(want["ke"], key=str), flow_doubt)
            same(f"{where} cabang", _branches((label, printed.get(t)) for t, label in step.branches),
                 _branches((want.get("cabang") or {}).items()), flow_doubt)
        same(f"{where} kelengkapan", [_text(i) for i in step.kelengkapan], [_text(i) for i in want["kelengkapan"]],
             step.doubts.get("kelengkapan"))
        for field in ("waktu", "output", "keterangan"):
            same(f"{where} {field}", _text(getattr(step, field)), _text(want[field]), step.doubts.get(field))
    return out


KNOWN = KEYS / "known-differences.txt"


def known() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in KNOWN.read_text(encoding="utf-8").splitlines() if KNOWN.exists() else ():
        if line.strip() and not line.startswith("#"):
            stem, _, difference = line.partition(" | ")
            found.setdefault(stem, []).append(difference)
    return found


def document_differences(path: Path) -> list[str]:
    key = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [" ".join(line.split()) for sop, want in imported(key) for line in differences(sop, want)]


@pytest.mark.parametrize("path", keys(), ids=lambda p: p.stem)
def test_import_reads_what_the_key_says(path):
    key = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not (CORPUS / _document(key)).exists():
        pytest.skip("../shared/corpus is not beside the project")
    assert document_differences(path) == known().get(path.stem, [])


if __name__ == "__main__":
    record = "--record" in sys.argv
    names = [a for a in sys.argv[1:] if not a.startswith("--")]
    total = wrong = 0
    recorded = []
    for path in keys() if not names else [KEYS / f"{n}.yaml" for n in names]:
        found = document_differences(path)
        recorded += [f"{path.stem} | {line}" for line in found]
        total += 1
        wrong += bool(found)
        print(f"{path.stem}: {'ok' if not found else f'{len(found)} differences'}")
        for line in found:
            print(f"    {line}")
    marked = sum(line.endswith("[periksa]") for line in recorded)
    print(f"{total - wrong}/{total} documents exactly as their keys; {len(recorded)} differences,"
          f" {marked} of them marked # periksa")
    if record and not names:
        KNOWN.write_text("# What import still reads differently from the answer keys; the test fails on any\n"
                         "# change. Rewrite with `python -m tests.test_import_keys --record` after review.\n"
                         + "\n".join(recorded) + "\n", encoding="utf-8")
