"""`sopgen import FILE... --unit UNIT`: read every document first, then write one YAML
file per SOP found. A document that cannot be read stops the whole import with one line
per document, and nothing is written; an existing file is never replaced without --force."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..check.scaffold import UNIT_TEMPLATE, check_unit_name, schema_reference
from ..check.sources import slug
from ..errors import SopgenError, UsageError
from ..write import write_atomic
from .documents import read_document
from .found import FoundSop, Unreadable
from .yaml_out import Context, write

MAX_ID = 60  # characters of a file name made from a SOP's name


class ImportFailed(SopgenError):
    """One or more documents could not be read; nothing was written."""


@dataclass(frozen=True)
class ImportReport:
    written: tuple[Path, ...]
    uncatalogued: tuple[str, ...]
    doubts: int  # values marked "# periksa"


def import_documents(files: list[Path], unit: str, root: Path, force: bool = False,
                     today: dt.date | None = None) -> ImportReport:
    if not root.is_dir():
        raise UsageError(f"folder sumber {root} tidak ada")
    check_unit_name(unit, "sopgen import DOKUMEN --unit bagian-organisasi")
    found: list[FoundSop] = []
    problems = []
    for path in files:
        try:
            found += read_document(path)
        except Unreadable as e:
            problems.append(str(e))
        except Exception as e:  # noqa: BLE001 - a document unlike any seen: one line, not a traceback
            problems.append(f"{path}: dokumen ini tidak dapat dibaca ({type(e).__name__}: {e});"
                            " laporkan dokumennya sebagai kesalahan sopgen import")
    if problems:
        raise ImportFailed("\n".join(problems) + "\ntidak ada berkas yang ditulis")
    folder = root / unit
    targets = _file_names(found, folder)
    existing = [t for t in targets if t.exists()]
    if existing and not force:
        raise UsageError(f"{existing[0]} sudah ada" + (f" (dan {len(existing) - 1} lainnya)" if len(existing) > 1
                                                       else "") + "; tambahkan --force untuk menimpanya")
    context = _context(root, unit)
    for sop, target in zip(found, targets):
        context.by_nomor.setdefault("".join(sop.nomor.split()), f"{unit}/{target.stem}")
    written = []
    unit_yaml = folder / "unit.yaml"
    if not unit_yaml.exists():
        year = (today or dt.date.today()).year
        write_atomic(unit_yaml, UNIT_TEMPLATE.format(schema=schema_reference(root, folder), year=year).encode())
        written.append(unit_yaml)
    doubts = 0
    for sop, target in zip(found, targets):
        text = write(sop, context)
        doubts += text.count("# periksa")
        write_atomic(target, text.encode("utf-8"))
        written.append(target)
    return ImportReport(tuple(written), tuple(context.uncatalogued), doubts)


def _file_names(found: list[FoundSop], folder: Path) -> list[Path]:
    names: list[Path] = []
    for sop in found:
        base = slug(sop.nama or sop.nomor) or "sop"
        if len(base) > MAX_ID:
            base = base[:MAX_ID].rsplit("-", 1)[0]
        name, n = base, 2
        while folder / f"{name}.yaml" in names:
            name, n = f"{base}-{n}", n + 1
        names.append(folder / f"{name}.yaml")
    return names


def _context(root: Path, unit: str) -> Context:
    """The catalogue, the unit's kepala and every SOP's nomor, read from the sources as
    they are (a folder with errors still gives what it can)."""
    from ..build import check

    context = Context()
    try:
        data = yaml.safe_load((root / "dasar-hukum.yaml").read_text(encoding="utf-8"))
        if isinstance(data, dict):
            context.catalogue = {str(k): str(v) for k, v in data.items()}
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        pass
    checked = check(root)
    for source_unit in checked.partial.units if checked.partial else ():
        if source_unit.id == unit:
            context.kepala = source_unit.kepala
        for sop in source_unit.sops:
            context.by_nomor["".join(sop.nomor.split())] = str(sop.key)
    return context
