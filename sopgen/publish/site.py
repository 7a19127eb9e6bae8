"""Checked sources and the built books -> the static site under `output/situs/`: a page per
SOP, per unit and per Standar Pelayanan, the start page with its search, the lists for
the PPID (daftar-sop.csv, .json), and the published files with their SHA-256.

Each SOP is also published as a file of its own (`unduh/<unit>/<sop>.docx` and `.pdf`:
its identity and flowchart pages, as in the book), so that one SOP's edit changes one
published file and one page, and its page shows the SHA-256 of exactly the file a reader
downloads or receives.

Incremental like the books: the record `.sopgen-situs.json` holds what each SOP's file
and page were made from; a SOP whose inputs did not change is not laid out or converted
again, and a file is written only when its bytes differ, so a rebuild after one edit
rewrites that SOP's files and page, its unit's page and the start page's lists.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..cache import Cache
from ..cache import key as cache_key
from ..check.checked import Checked
from ..check.dates import format_date
from ..check.model import Sources, Unit, longest_time
from ..document import TEMPLATES
from ..document.book import cached_part, part_keys
from ..document.qr import sop_page
from ..document.render import sop_setup, standalone
from ..errors import SopgenError
from ..flowchart.geometry import Style
from ..flowchart.layout import layout
from ..manifest import code_fingerprint
from ..report.status import sop_status
from ..write import write_atomic
from . import pages
from .pages import Download, Row

RECORD = ".sopgen-situs.json"
ASSETS = ("situs.css", "cari.js")


@dataclass(frozen=True)
class SiteReport:
    folder: Path
    written: tuple[Path, ...]  # files whose bytes changed
    removed: tuple[Path, ...]  # files of SOPs or units that are gone
    pages: int  # HTML pages in the site
    pdf: bool  # whether each SOP was published as PDF too (LibreOffice was found)


class SiteError(SopgenError):
    """The site cannot be written (its folder is a file, a disk error)."""


class _Writer:
    """Writes a file only when its bytes differ, and remembers every file of the site."""

    def __init__(self, folder: Path, record: dict):
        self.folder = folder
        self.before: dict[str, str] = record.get("files", {})  # the previous run's files and hashes
        self.files: dict[str, str] = {}  # path under the site -> SHA-256
        self.written: list[Path] = []

    def put(self, name: str, data: bytes) -> None:
        target = self.folder / name
        if not target.is_file() or target.read_bytes() != data:
            write_atomic(target, data)
            self.written.append(target)
        self.files[name] = hashlib.sha256(data).hexdigest()

    def intact(self, name: str) -> bool:
        """Whether a file is still as the previous run wrote it (kept, then, as it is)."""
        recorded = self.before.get(name)
        if recorded is None or _sha(self.folder / name) != recorded:
            return False
        self.files[name] = recorded
        return True

    def keep(self, name: str) -> None:
        """A file written by another step (a PDF LibreOffice made), recorded as it is."""
        self.files[name] = _sha(self.folder / name)

    def download(self, name: str, label: str) -> Download:
        return Download(name, label, (self.folder / name).stat().st_size, self.files[name])


Convert = Callable[[list[Path], dict[Path, int]], object]


def build_site(checked: Checked, books: Path, folder: Path, as_of: dt.date,
               convert: Convert | None = None) -> SiteReport:
    """The site from valid sources and the books in `books`; `convert(docx, pages)` turns
    each SOP's .docx into a PDF beside it (LibreOffice), or None to publish .docx only."""
    sources = checked.partial
    assert sources is not None and not checked.diagnostics.has_errors(), "the site needs valid sources"
    if folder.exists() and not folder.is_dir():
        raise SiteError(f"{folder} bukan folder")
    code = code_fingerprint(TEMPLATES)
    record = _read_record(folder)
    if record.get("code") != code:
        record = {}
    writer = _Writer(folder, record)
    site = pages.Site(sources.pemda.nama, format_date(as_of), sources.pemda.situs)
    rows = {unit.id: [_row(sources, unit, sop, as_of) for sop in unit.sops] for unit in sources.units}
    made = _sop_files(sources, Cache.under(books, code), writer, record.get("sop", {}), convert)
    for unit in sources.units:  # the units' books and Standar Pelayanan, as the build wrote them
        for suffix in (".pdf", ".docx", ".standar-pelayanan.pdf", ".standar-pelayanan.docx"):
            if (books / f"{unit.id}{suffix}").is_file():
                writer.put(f"unduh/{unit.id}{suffix}", (books / f"{unit.id}{suffix}").read_bytes())
    count = _pages(sources, site, rows, writer, made, record.get("sop", {}))
    writer.put("aset/indeks.js", _search_index(sources).encode())
    for asset in ASSETS:
        writer.put(f"aset/{asset}", (resources.files("sopgen.publish") / "aset" / asset).read_bytes())
    entries = _list_entries(sources, rows, writer, site)
    writer.put("daftar-sop.json", _list_json(sources, entries))
    writer.put("daftar-sop.csv", _list_csv(entries))
    removed = _remove_gone(folder, writer.before, writer.files)
    _write_record(folder, {"code": code, "sop": made, "files": writer.files})
    return SiteReport(folder, tuple(writer.written), tuple(removed), count, convert is not None)


def _sop_files(sources: Sources, cache: Cache, writer: _Writer, before: dict[str, dict],
               convert: Convert | None) -> dict[str, dict]:
    """Each SOP's own .docx (its book's part, from the build's cache), written again only
    when that part changed, and its PDF converted again only then; what each was made from."""
    made: dict[str, dict] = {}
    converting: dict[Path, int] = {}
    for unit in sources.units:
        names, size = part_keys(sources, unit)
        for sop, name in zip(unit.sops, names):
            stem = f"unduh/{unit.id}/{sop.key.sop}"
            previous = before.get(str(sop.key), {})
            entry = made[str(sop.key)] = {"part": name, "unit": unit.nama, "pages": previous.get("pages")}
            pdf = writer.folder / f"{stem}.pdf"
            if (previous.get("part"), previous.get("unit")) != (name, unit.nama) or not writer.intact(f"{stem}.docx"):
                part, entry["pages"] = cached_part(cache, name, sources, unit, sop, size)
                writer.put(f"{stem}.docx", standalone(sources, unit, sop, part))
                pdf.unlink(missing_ok=True)  # made again from the new file
            if convert is not None and not pdf.is_file():
                converting[writer.folder / f"{stem}.docx"] = entry["pages"]
    if convert is not None:
        if converting:
            convert(list(converting), converting)
            writer.written += [d.with_suffix(".pdf") for d in converting]
        for key in made:
            unit_id, sop_id = key.split("/", 1)
            writer.keep(f"unduh/{unit_id}/{sop_id}.pdf")
    return made


def _pages(sources: Sources, site: pages.Site, rows: dict[str, list[Row]], writer: _Writer,
           made: dict[str, dict], before: dict[str, dict]) -> int:
    """Every page; a SOP's page is laid out again only when what it shows changed. Returns
    how many pages the site has."""
    count = 0
    published = {str(sop.key) for unit in sources.units for sop in unit.sops}
    for unit in sources.units:
        book_files = _files(writer, f"unduh/{unit.id}", f"Buku SOP {unit.nama}")
        for sop, row in zip(unit.sops, rows[unit.id]):
            own = _files(writer, f"unduh/{unit.id}/{sop.key.sop}", f"SOP {sop.nama}")
            entry = made[str(sop.key)]
            # the page shows the SOP (its part's key covers it), its state, its files' hashes,
            # the book's file names (not their hashes) and which related SOPs have pages
            entry["page"] = cache_key(entry["part"], row, site.alamat, own, [f.path for f in book_files],
                                      [str(r.ref) in published for r in sop.keterkaitan])
            target = f"{unit.id}/{sop.key.sop}.html"
            if before.get(str(sop.key), {}).get("page") != entry["page"] or not writer.intact(target):
                diagram = layout(sop, sop_setup(sources, unit), Style(font=sources.pemda.huruf))
                writer.put(target, pages.sop(site, unit.id, unit.nama, sop, row, diagram, row.waktu, own,
                                             book_files, published).encode())
            count += 1
        writer.put(f"{unit.id}/index.html", pages.unit(site, unit.nama, rows[unit.id], book_files,
                                                        bool(unit.layanan)).encode())
        count += 1
        if unit.layanan:
            writer.put(f"{unit.id}/standar-pelayanan.html", _standar(sources, unit, site, writer).encode())
            count += 1
    everything = [row for unit in sources.units for row in rows[unit.id]]
    units = [(u.id, u.nama, len(u.sops)) for u in sources.units]
    writer.put("index.html", pages.index(site, units, everything).encode())
    return count + 1


def _row(sources: Sources, unit: Unit, sop, as_of: dt.date) -> Row:
    state = sop_status(sop, as_of, unit.evaluasi)
    keadaan = "perlu-ditinjau" if state.perlu_ditinjau else "berlaku" if state.berlaku else "draf"
    calendar = sources.pemda.hari_kerja
    return Row(unit.id, unit.nama, sop.key.sop, sop.nomor, sop.nama, keadaan, sop.tanggal_efektif,
               longest_time(sop, calendar).format(calendar))


def _files(writer: _Writer, stem: str, label: str) -> list[Download]:
    """The published PDF and .docx of `stem`, those that exist, PDF first."""
    return [writer.download(f"{stem}{suffix}", f"{label} ({kind})")
            for suffix, kind in ((".pdf", "PDF"), (".docx", "Word"))
            if (writer.folder / f"{stem}{suffix}").is_file() and f"{stem}{suffix}" in writer.files]


def _standar(sources: Sources, unit: Unit, site: pages.Site, writer: _Writer) -> str:
    from ..document.standar import DELIVERY, MANAGEMENT, components

    services = []
    for service in unit.layanan:
        values = components(sources, service)
        services.append((service.nama, [(label, values[key]) for key, label in (*DELIVERY, *MANAGEMENT)]))
    files = _files(writer, f"unduh/{unit.id}.standar-pelayanan", f"Standar Pelayanan {unit.nama}")
    return pages.standar(site, unit.nama, services, files)


def fold(text: str) -> str:
    """Text as the search compares it: lower case, accents dropped (cari.js folds the query
    the same way)."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _search_index(sources: Sources) -> str:
    """The prebuilt index: per SOP, the folded text of its nomor, nama, steps and actors."""
    index = {}
    for unit in sources.units:
        for sop in unit.sops:
            words = [sop.nomor, sop.nama, unit.nama, *sop.pelaksana,
                     *(step.uraian for step in sop.kegiatan)]
            index[str(sop.key)] = fold(" ".join(words))
    return ("// Indeks pencarian SOP, disusun oleh sopgen situs\n"
            f"window.SOPGEN_INDEKS = {json.dumps(index, ensure_ascii=True, sort_keys=True, indent=0)};\n")


def _list_entries(sources: Sources, rows: dict[str, list[Row]], writer: _Writer, site: pages.Site) -> list[dict]:
    entries = []
    for unit in sources.units:
        for sop, row in zip(unit.sops, rows[unit.id]):
            pdf = f"unduh/{unit.id}/{sop.key.sop}.pdf"
            docx = f"unduh/{unit.id}/{sop.key.sop}.docx"
            published = pdf if pdf in writer.files else docx
            address = site.alamat or ""
            entries.append({
                "unit": unit.id, "perangkat_daerah": unit.nama, "nomor": sop.nomor, "nama": sop.nama,
                "keadaan": row.keadaan, "tanggal_pembuatan": sop.tanggal_pembuatan.isoformat(),
                "tanggal_revisi": sop.tanggal_revisi.isoformat() if sop.tanggal_revisi else None,
                "tanggal_efektif": sop.tanggal_efektif.isoformat(),
                "disahkan_oleh": sop.disahkan_oleh.jabatan,
                "halaman": address + sop_page(unit.id, sop.key.sop),
                "berkas": address + published, "sha256": writer.files[published],
            })
    return entries


def _list_json(sources: Sources, entries: list[dict]) -> bytes:
    return (json.dumps({"pemerintah_daerah": sources.pemda.nama, "sop": entries}, ensure_ascii=False,
                       indent=1) + "\n").encode()


def _list_csv(entries: list[dict]) -> bytes:
    """For spreadsheets: UTF-8 with a byte order mark (Excel on Windows reads it so)."""
    text = io.StringIO()
    fields = ["unit", "perangkat_daerah", "nomor", "nama", "keadaan", "tanggal_pembuatan", "tanggal_revisi",
              "tanggal_efektif", "disahkan_oleh", "halaman", "berkas", "sha256"]
    out = csv.DictWriter(text, fields, lineterminator="\r\n")
    out.writeheader()
    for entry in entries:
        out.writerow({k: "" if v is None else v for k, v in entry.items()})
    return ("\ufeff" + text.getvalue()).encode()


def _remove_gone(folder: Path, before: dict[str, str], now: dict[str, str]) -> list[Path]:
    """The files the previous site had and this one has not (a SOP or unit removed); files
    someone else put in the folder are left alone."""
    removed = []
    for name in sorted(set(before) - set(now)):
        path = folder / name
        if path.is_file():
            path.unlink()
            removed.append(path)
            parent = path.parent
            while parent != folder and parent.is_dir() and not any(parent.iterdir()):
                parent.rmdir()
                parent = parent.parent
    return removed


def _read_record(folder: Path) -> dict:
    try:
        data = json.loads((folder / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_record(folder: Path, data: dict) -> None:
    write_atomic(folder / RECORD, (json.dumps(data, indent=1, sort_keys=True) + "\n").encode())


def _sha(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""
