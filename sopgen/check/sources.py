"""The source tree on disk -> the files to read: pemda.yaml, dasar-hukum.yaml, and for each
unit folder its unit.yaml and SOP files.

Paths are checked here, before anything is read: a symlink that leads outside sources/
is refused, names that cannot become file names of the book are reported, and files that
would be silently ignored (a `.yml`, a stray top-level file) get a warning.
"""

from __future__ import annotations

import errno
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import Diagnostics, Location, os_reason

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
ASSET_FOLDERS = {"logo"}  # folders of images, not units
# output/<unit>.docx sits beside output/rekap.docx: a unit of that name would lose its book
RESERVED_UNITS = {"rekap": "output/rekap.docx, rekapitulasi seluruh unit"}


def _misnamed(path: Path, diagnostics: Diagnostics) -> bool:
    """A YAML file whose extension sopgen does not read (.yml, .YAML, .Yaml): a warning
    that names the file to rename to, so that it is not ignored without a word."""
    suffix = path.suffix
    if suffix == ".yaml" or suffix.lower() not in (".yaml", ".yml"):
        return False
    diagnostics.warning(Location(path), f"berkas {suffix} diabaikan; ganti namanya menjadi"
                                        f" {path.stem}.yaml (huruf kecil)")
    return True


def _nested(folder: Path, diagnostics: Diagnostics, why: str) -> None:
    """YAML files below a folder where sopgen does not look for them."""
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix.lower() in (".yaml", ".yml") and not any(
                part.startswith(".") for part in path.relative_to(folder).parts):
            diagnostics.warning(Location(path), f"berkas diabaikan: {why}")


@dataclass(frozen=True)
class UnitFiles:
    id: str
    folder: Path
    unit_yaml: Path | None
    sop_files: tuple[Path, ...]  # sorted by name; stem = SOP id
    layanan_files: tuple[Path, ...] = ()  # layanan/<id>.yaml: the services the unit's SOPs carry out


@dataclass(frozen=True)
class SourceTree:
    root: Path
    pemda: Path | None
    dasar_hukum: Path | None
    units: tuple[UnitFiles, ...]


def slug(text: str) -> str:
    """A file name made of a name: 'Penyusunan SOP (baru)' -> 'penyusunan-sop-baru'."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def inside(path: Path, root: Path) -> bool:
    """Whether the path, all links followed, stays inside the root folder (a link that
    loops, or a name the system refuses, leads nowhere: not inside)."""
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop (Python 3.11-3.12)
        return False


def discover(root: Path, diagnostics: Diagnostics) -> SourceTree:
    pemda = root / "pemda.yaml"
    if not pemda.is_file():
        diagnostics.error(Location(pemda), "berkas pemda.yaml tidak ada di folder sumber")
        pemda = None
    dasar_hukum = root / "dasar-hukum.yaml"
    units = []
    for entry in _entries(root, root, diagnostics):
        if entry.is_dir():
            if entry.name in ASSET_FOLDERS:
                _nested(entry, diagnostics, f"folder {entry.name}/ hanya untuk gambar; SOP"
                                            " diletakkan di folder unitnya")
            else:
                unit = _unit(entry, root, diagnostics)
                if unit is not None:
                    units.append(unit)
        elif _misnamed(entry, diagnostics):
            continue
        elif entry.suffix == ".yaml" and entry.name not in ("pemda.yaml", "dasar-hukum.yaml"):
            diagnostics.warning(
                Location(entry),
                "berkas diabaikan: di folder sumber hanya pemda.yaml dan dasar-hukum.yaml;"
                " SOP diletakkan di folder unitnya",
            )
    return SourceTree(
        root,
        pemda if pemda is not None and _safe(pemda, root, diagnostics) else None,
        dasar_hukum if dasar_hukum.is_file() and _safe(dasar_hukum, root, diagnostics) else None,
        tuple(units),
    )


def _entries(folder: Path, root: Path, diagnostics: Diagnostics) -> list[Path]:
    """The visible entries of a folder, sorted, with links that leave the root reported."""
    try:
        entries = sorted(p for p in folder.iterdir() if not p.name.startswith("."))
    except OSError as e:
        diagnostics.error(Location(folder), f"folder tidak dapat dibaca: {os_reason(e)}")
        return []
    return [p for p in entries if _safe(p, root, diagnostics)]


def _safe(path: Path, root: Path, diagnostics: Diagnostics) -> bool:
    if path.is_symlink() and _loops(path):
        diagnostics.error(Location(path), "tautan simbolik ini berputar (menunjuk dirinya sendiri"
                          " lewat tautan lain); hapus tautannya")
        return False
    if path.is_symlink() and not inside(path, root):
        diagnostics.error(
            Location(path),
            "tautan simbolik ini mengarah ke luar folder sumber; salin berkasnya ke dalam folder",
        )
        return False
    return True


def _loops(path: Path) -> bool:
    try:
        path.resolve(strict=True)
        return False
    except RuntimeError:  # Python 3.11-3.12
        return True
    except OSError as e:  # Python 3.13 on: ELOOP
        return e.errno == errno.ELOOP


def _unit(folder: Path, root: Path, diagnostics: Diagnostics) -> UnitFiles | None:
    entries = _entries(folder, root, diagnostics)
    yaml_files = [p for p in entries if p.is_file() and p.suffix == ".yaml"]
    for path in entries:
        if path.is_file():
            _misnamed(path, diagnostics)
    services: list[Path] = []
    for sub in (p for p in entries if p.is_dir()):
        if sub.name == "layanan":  # the unit's services (Standar Pelayanan), one file each
            services = _services(sub, root, diagnostics)
        else:
            _nested(sub, diagnostics, f"SOP di sub-folder tidak dibaca; pindahkan ke {folder.name}/")
    if not yaml_files:
        return None  # a folder of other things (images, notes) is not a unit
    if folder.name in RESERVED_UNITS:
        diagnostics.error(
            Location(folder),
            f'nama folder unit "{folder.name}" sudah dipakai untuk {RESERVED_UNITS[folder.name]};'
            f' ganti nama foldernya, mis. "bagian-{folder.name}"')
        return None
    if not ID_PATTERN.match(folder.name):
        diagnostics.error(
            Location(folder),
            f'nama folder unit "{folder.name}" hanya boleh memuat huruf kecil, angka dan tanda'
            f' hubung; mis. "{slug(folder.name) or "nama-unit"}"',
        )
        return None
    unit_yaml = folder / "unit.yaml"
    if unit_yaml not in yaml_files:
        diagnostics.error(Location(unit_yaml), "berkas unit.yaml tidak ada di folder unit ini")
        unit_yaml = None
    sops = []
    for path in yaml_files:
        if path.name == "unit.yaml":
            continue
        if not ID_PATTERN.match(path.stem):
            diagnostics.error(
                Location(path),
                f'nama berkas SOP "{path.name}" hanya boleh memuat huruf kecil, angka dan tanda'
                f' hubung; mis. "{slug(path.stem) or "nama-sop"}.yaml"',
            )
            continue
        sops.append(path)
    if unit_yaml is not None and not sops:
        diagnostics.warning(Location(unit_yaml), "unit ini belum memiliki SOP: bukunya hanya"
                                                 " sampul dan daftar isi; tambahkan dengan"
                                                 f" sopgen new {folder.name} \"Nama SOP\"")
    return UnitFiles(folder.name, folder, unit_yaml, tuple(sops), tuple(services))


def _services(folder: Path, root: Path, diagnostics: Diagnostics) -> list[Path]:
    found = []
    for path in _entries(folder, root, diagnostics):
        if path.is_dir():
            _nested(path, diagnostics, "layanan di sub-folder tidak dibaca; pindahkan ke"
                                       f" {folder.parent.name}/layanan/")
        elif _misnamed(path, diagnostics):
            continue
        elif path.suffix == ".yaml":
            if ID_PATTERN.match(path.stem):
                found.append(path)
            else:
                diagnostics.error(Location(path), f'nama berkas layanan "{path.name}" hanya boleh memuat huruf'
                                  f' kecil, angka dan tanda hubung; mis. "{slug(path.stem) or "nama-layanan"}.yaml"')
    return found
