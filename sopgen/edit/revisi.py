"""Targets (units or SOP files) and a date -> the batch re-issue: `tanggal_revisi` (and
optionally `tanggal_efektif`) set in each SOP file, nothing else in it touched.

All files are read and edited in memory first; only when every one of them could be
edited is any written, each atomically. A mistake leaves every file as it was."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..check.dates import format_date, parse_date
from ..check.sources import SourceTree
from ..errors import Diagnostics, Location, UsageError
from ..write import write_atomic
from .yaml_text import EditError, Text, set_scalar, top_level, value_of

ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Revised:
    path: Path
    changes: tuple[tuple[str, str | None, str], ...]  # key, before (None: none), after


def targets(tree: SourceTree, names: list[str]) -> list[Path]:
    """The SOP files that `names` point at: a unit's id (all its SOPs), `unit/sop`, or a
    SOP file's path; in the order given, each file once."""
    units = {unit.id: unit for unit in tree.units}
    files: list[Path] = []
    unknown = []
    for name in names:
        text = name.replace("\\", "/").removesuffix("/")
        if text in units:
            found = list(units[text].sop_files)
        else:
            path = Path(name)
            if path.suffix != ".yaml":
                unit, _, sop = text.partition("/")
                path = tree.root / unit / f"{sop}.yaml" if unit in units and sop else path
            found = [f for u in tree.units for f in u.sop_files if _same(f, path)]
        if not found:
            unknown.append(name)
        files += [f for f in found if f not in files]
    if unknown:
        raise UsageError(f"tidak ada unit atau SOP bernama {', '.join(unknown)} di {tree.root}"
                         f" (unit: {', '.join(sorted(units)) or 'belum ada'})")
    return files


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def revise(files: list[Path], tanggal: dt.date, efektif: dt.date | None, diagnostics: Diagnostics
           ) -> list[Revised]:
    """Every file edited in memory, then (when none failed) written. Returns what changed;
    a file whose dates were already these is left alone and not listed."""
    edited: list[tuple[Path, Text, Revised]] = []
    for path in files:
        try:
            text = Text.decode(path.read_bytes())
            dates = [("tanggal_revisi", tanggal, ("tanggal_pembuatan", "nama", "nomor"))]
            if efektif is not None:
                dates.append(("tanggal_efektif", efektif, ("tanggal_revisi", "tanggal_pembuatan")))
            made = value_of(top_level(text, path), "tanggal_pembuatan")
            made_on = parse_date(str(made.value)) if isinstance(made, yaml.ScalarNode) else None
            if isinstance(made_on, dt.date) and tanggal < made_on:
                diagnostics.error(Location(path, made.start_mark.line + 1, made.start_mark.column + 1),
                                  f"tanggal revisi {format_date(tanggal)} sebelum tanggal_pembuatan SOP ini"
                                  f" ({format_date(made_on)})")
                continue
            # the dates in the file's own style: ISO, as the sources are written, or in words ("5 Januari
            # 2026") where its tanggal_pembuatan is
            in_words = isinstance(made, yaml.ScalarNode) and made.value and not ISO.match(made.value.strip())
            changes = []
            for key, date, after in dates:
                value = format_date(date) if in_words else date.isoformat()
                text, before = set_scalar(text, path, key, value, after)
                if before != value:
                    changes.append((key, before, value))
        except EditError as e:
            diagnostics.error(e.location, str(e))
            continue
        except UnicodeDecodeError:
            diagnostics.error(Location(path), "berkas ini bukan teks UTF-8")
            continue
        if changes:
            edited.append((path, text, Revised(path, tuple(changes))))
    if diagnostics.errors:
        return []
    for path, text, _ in edited:
        write_atomic(path, text.encode())
    return [revised for _, _, revised in edited]
