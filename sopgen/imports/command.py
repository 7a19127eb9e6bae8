"""`sopgen import DOKUMEN|FOLDER... --unit UNIT`: read every document (PDF, Word, Excel;
a folder's documents, in name order), then write one YAML file per SOP found. A document
that cannot be read is one line and writes nothing, and never stops the others; one that
holds no SOP (a recap, a letter) is passed over; an existing file is never replaced
without --force."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import yaml

from ..check.scaffold import UNIT_TEMPLATE, check_unit_name, schema_reference
from ..check.sources import slug
from ..errors import SopgenError, UsageError
from ..write import write_atomic
from .documents import read_document
from .found import FoundSop, NoSop, Unreadable
from .yaml_out import Context, write

MAX_ID = 60  # characters of a file name made from a SOP's name
SUFFIXES = (".pdf", ".docx", ".xlsx")


class ImportFailed(SopgenError):
    """Every document failed to be read; nothing was written."""


@dataclass(frozen=True)
class DocumentReport:
    path: Path
    sops: int = 0
    steps: int = 0
    actors: int = 0
    doubts: int = 0
    pictures: int = 0  # SOPs whose flowchart is a picture
    problem: str = ""  # why it was not read
    skipped: bool = False  # read whole, but it holds no SOP: not a failure


@dataclass(frozen=True)
class ImportReport:
    written: tuple[Path, ...]
    uncatalogued: tuple[str, ...]
    doubts: int  # values marked "# periksa"
    documents: tuple[DocumentReport, ...] = field(default=())

    @property
    def failed(self) -> tuple[DocumentReport, ...]:
        return tuple(d for d in self.documents if d.problem and not d.skipped)

    @property
    def skipped(self) -> tuple[DocumentReport, ...]:
        return tuple(d for d in self.documents if d.skipped)


def documents_in(paths: list[Path]) -> list[Path]:
    """The documents named, a folder standing for the documents in it (in name order)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted((p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file()
                             and not p.name.startswith("~$")), key=lambda p: str(p).lower())
        else:
            found.append(path)
    return found


def import_documents(files: list[Path], unit: str, root: Path, force: bool = False,
                     today: dt.date | None = None,
                     progress: Callable[[int, int, Path], None] | None = None) -> ImportReport:
    if not root.is_dir():
        raise UsageError(f"folder sumber {root} tidak ada")
    check_unit_name(unit, "sopgen import DOKUMEN --unit bagian-organisasi")
    documents = documents_in(files)
    if not documents:
        raise UsageError("tidak ada dokumen (.pdf, .docx, .xlsx) di " + ", ".join(map(str, files)))
    read: list[tuple[Path, list[FoundSop]]] = []
    failed: list[DocumentReport] = []
    for n, path in enumerate(documents):
        if progress is not None:
            progress(n, len(documents), path)
        try:
            read.append((path, read_document(path)))
        except NoSop as e:
            failed.append(DocumentReport(path, problem=str(e), skipped=True))
        except Unreadable as e:
            failed.append(DocumentReport(path, problem=str(e)))
        except (RecursionError, MemoryError):
            failed.append(DocumentReport(path, problem=f"{path}: dokumen ini terlalu rumit untuk dibaca (bersarang"
                                                      " terlalu dalam atau terlalu besar)"))
        except Exception as e:  # noqa: BLE001 - a document unlike any seen: one line, not a traceback
            failed.append(DocumentReport(path, problem=f"{path}: susunan dokumen ini belum dikenal sopgen"
                                                       f" ({_what(e)}); laporkan dokumennya sebagai kesalahan"
                                                       " sopgen import"))
    if progress is not None:
        progress(len(documents), len(documents), documents[-1])
    found = [sop for _, sops in read for sop in sops]
    if not found:
        raise ImportFailed("\n".join(d.problem for d in failed) + "\ntidak ada berkas yang ditulis")
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
    counted: dict[int, int] = {}
    schema = schema_reference(root, folder)
    for sop, target in zip(found, targets):
        text = write(sop, context, schema)
        counted[id(sop)] = text.count("# periksa")
        doubts += counted[id(sop)]
        write_atomic(target, text.encode("utf-8"))
        written.append(target)
    reports = [DocumentReport(path, len(sops), sum(len(s.steps) for s in sops), sum(len(s.pelaksana) for s in sops),
                              sum(counted[id(s)] for s in sops), sum(s.flowchart == "gambar" for s in sops))
               for path, sops in read]
    order = {path: n for n, path in enumerate(documents)}
    every = sorted(reports + failed, key=lambda d: order[d.path])
    return ImportReport(tuple(written), tuple(context.uncatalogued), doubts, tuple(every))


def _what(error: Exception) -> str:
    """What went wrong, in the author's words, never Python's."""
    if isinstance(error, (KeyError, IndexError)):
        return "bagian yang diharapkan tidak ada"
    if isinstance(error, (ValueError, TypeError)):
        return "nilai yang tidak terduga di dalamnya"
    return "isi yang tidak terduga"


def _file_names(found: list[FoundSop], folder: Path) -> list[Path]:
    names: list[Path] = []
    taken: set[str] = set()
    next_number: dict[str, int] = {}  # per base name, so that 2,000 SOPs of one name stay linear
    for sop in found:
        base = slug(sop.nama or sop.nomor) or "sop"
        if len(base) > MAX_ID:
            base = base[:MAX_ID].rsplit("-", 1)[0]
        name, n = base, next_number.get(base, 2)
        while name in taken:
            name, n = f"{base}-{n}", n + 1
        next_number[base] = n
        taken.add(name)
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
