"""Nodes -> model + diagnostics: every rule of the source contract, all problems at once.

The contract's declarations check each file's keys and types; the rules below check what
involves several keys or files: dates, NIPs, measurable times, actors, branch targets,
reachability, catalogue keys, related SOPs and unique numbers. A file with errors yields
no model object, but is still checked to the end so that one run reports everything.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path, PureWindowsPath
from urllib.parse import urlsplit

from ..cache import Cache
from ..cache import key as cache_key
from ..errors import Diagnostic, Diagnostics, Location, Severity, os_reason
from ..measure import known_family
from . import contract
from .citations import regulation
from .contract import Fields, Value
from .images import image_problem
from .layanan import check_services
from .load import MAX_BYTES, Mapping, Scalar, Sequence, load_file
from .model import (
    Decision,
    Definisi,
    Evaluation,
    History,
    Keputusan,
    Official,
    Pemda,
    Penjelasan,
    PerangkatDaerah,
    Related,
    Sop,
    SopKey,
    Sources,
    Step,
    Tte,
    Unit,
)
from .nip import nip_problem
from .numbers import natural_key, whole_number
from .sources import SourceTree, UnitFiles, inside
from .waktu import MENIT_PER, WORKING, Calendar, WaktuError, parse_waktu

FORMS = ("monitoring", "evaluasi")  # the regulation's appendix forms
MAX_ACTORS = 16  # past 8 the names stand upright in narrow columns; past 16 the symbols no longer fit
SopCheck = Callable[[Sop, Pemda, Diagnostics], None]  # a later stage's check of one valid SOP


def validate(tree: SourceTree, out: Diagnostics, cache: Cache | None = None,
             also: SopCheck | None = None, spread: Callable = map,
             today: dt.date | None = None) -> Sources | None:
    """The model of every file that has no error (all of the tree when the diagnostics
    hold no error); None when pemda.yaml itself is unusable.

    Each SOP file is checked on its own first, and that result is kept in `cache` under
    the hash of the file and of what its check reads (the catalogue, the unit's kepala,
    pemda.yaml, `also`'s code): the rules across files then run on those results, so a
    warm run reads only the files that changed. `also` adds checks of a valid SOP that
    belong to later stages (whether its flowchart fits the paper). The files not in the
    cache are checked through `spread(function, items)`, which may use other cores."""
    cache = cache or Cache(None)
    pemda = _pemda(tree, out)
    catalogue = _catalogue(tree, out)
    units = [_Unit(files, out) for files in tree.units]
    checker = _SopChecker(pemda, catalogue, also)
    work = [(path, SopKey(unit.files.id, path.stem), unit.kepala)
            for unit in units for path in unit.files.sop_files]
    drafts = iter(checker.check_all(work, cache, spread))
    for unit in units:
        unit.check_sops([next(drafts) for _ in unit.files.sop_files])
    _unique_numbers(units, out)
    _resolve_related(units, out)
    _dates_agree(units, out, today or dt.date.today())
    if pemda is not None:
        services = check_services(units, pemda, catalogue, out)
        for unit in units:
            unit.layanan = services.get(unit.files.id, ())
    if pemda is not None and pemda.perangkat_daerah:
        listed = {p.id for p in pemda.perangkat_daerah}
        for unit in units:
            if unit.files.id not in listed and unit.files.unit_yaml is not None:
                out.warning(Location(unit.files.unit_yaml), f'unit "{unit.files.id}" tidak ada'
                            ' dalam "perangkat_daerah" pada pemda.yaml')
    if pemda is not None and pemda.kota is None and any(u.keputusan for u in units):
        out.error(Location(pemda.path), '"kota" wajib diisi karena ada unit yang memuat'
                  ' "keputusan" (dicetak "Ditetapkan di ...")')
    if pemda is None or _errors_in(tree.pemda, out):
        return None
    valid = [u for u in units if u.fields is not None and not _errors_in(u.files.unit_yaml, out)]
    return Sources(tree.root, pemda, catalogue, tuple(u.build() for u in valid))


def _read(path: Path, kind: contract.Record, out: Diagnostics, data: bytes | None = None
          ) -> Fields | None:
    node = load_file(path, out, data)
    if node is None:
        return None
    if kind is contract.SOP:
        _cut_by_comments(node, out)
    value = kind.check(node, path.name, out)
    return None if value is None else value.data


# the printed texts of a SOP where a "#" most likely belongs to the text ("loket #2")
PRINTED_LISTS = ("kegiatan", "dasar_hukum", "kualifikasi_pelaksana", "keterkaitan",
                 "peralatan_perlengkapan", "peringatan", "pencatatan_pendataan")
NOT_PRINTED = {"ya", "tidak", "lanjut", "id", "sop"}  # targets and references, not text


def _cut_by_comments(node, out: Diagnostics) -> None:
    """Warn where a comment follows an unquoted text inside the steps and the identity
    lists: YAML drops everything from " #" on, so "Loket #2" prints as "Loket"."""
    def walk(value, key: str | None) -> None:
        if isinstance(value, Scalar):
            if value.comment is not None and key not in NOT_PRINTED:
                out.warning(value.comment, 'teks sesudah "#" dianggap komentar YAML dan tidak'
                            f' dicetak (tercetak: "{value.text}"); bila "#" bagian dari teks,'
                            " apit seluruh teks dengan tanda kutip")
        elif isinstance(value, Sequence):
            for item in value.items:
                walk(item, key)
        elif isinstance(value, Mapping):
            for entry in value.entries.values():
                walk(entry.value, entry.key)
    if isinstance(node, Mapping):
        for name in PRINTED_LISTS:
            if name in node.entries:
                walk(node.entries[name].value, name)


def _errors_in(path: Path, out: Diagnostics) -> bool:
    return any(d.severity is Severity.ERROR and d.location.path == path for d in out.items)


# --- pemda.yaml and dasar-hukum.yaml -----------------------------------------------------

def _pemda(tree: SourceTree, out: Diagnostics) -> Pemda | None:
    if tree.pemda is None:
        return None
    fields = _read(tree.pemda, contract.PEMDA, out)
    if fields is None:
        return None
    logo = _image(fields.get("logo"), tree.root, out)
    font = fields.get("huruf")
    if font is not None and not known_family(font.data):
        out.warning(font.location, f'huruf "{font.data}" tidak dikenal ukurannya; tinggi baris'
                    " dihitung dengan ukuran Arial sehingga teks bisa terpotong. Pakai Arial")
    if _errors_in(tree.pemda, out):
        return None
    listed = []
    seen: set[str] = set()
    for item in fields.data("perangkat_daerah", ()):
        entry: Fields = item.data
        if entry.get("id") is None or entry.get("nama") is None:
            continue
        unit_id = entry.data("id")
        if unit_id in seen:
            out.error(entry.where("id"), f'perangkat daerah "{unit_id}" disebut dua kali')
        seen.add(unit_id)
        listed.append(PerangkatDaerah(unit_id, entry.data("nama")))
    if _errors_in(tree.pemda, out):
        return None
    return Pemda(
        perangkat_daerah=tuple(listed),
        nama=fields.data("nama"),
        kota=fields.data("kota"),
        alamat=fields.data("alamat"),
        logo=logo,
        kertas=fields.data("kertas", "F4"),
        huruf=fields.data("huruf", "Arial"),
        kop=fields.data("kop", False),
        mengetahui=_official(fields.get("mengetahui"), out),
        tte=_tte(fields.get("tte"), out) or None,
        hari_kerja=_hari_kerja(fields.get("hari_kerja"), out),
        situs=_address(fields.get("situs"), out),
        path=tree.pemda,
    )


def _address(value: Value | None, out: Diagnostics) -> str | None:
    """The site's address as pages are named under it: an absolute http(s) URL ending
    in "/" (one is added)."""
    if value is None:
        return None
    text = str(value.data).strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in text) \
            or parts.query or parts.fragment:
        out.error(value.location, f'"situs" harus alamat web lengkap seperti https://sop.kota.go.id/,'
                  f' bukan "{text}"')
        return None
    return text if text.endswith("/") else text + "/"


def _hari_kerja(value: Value | None, out: Diagnostics) -> Calendar:
    if value is None:
        return WORKING
    hours = value.data.get("jam")
    jam = WORKING.jam
    if hours is not None:
        text = str(hours.data).strip().replace(",", ".")
        try:
            jam = Fraction(text)
        except ValueError:
            out.error(hours.location, f'"jam" harus angka jam kerja sehari, mis. "7,5", bukan "{hours.data}"')
        else:
            if not 1 <= jam <= 24:
                out.error(hours.location, f'"jam" harus 1 sampai 24 jam sehari, bukan {hours.data}')
                jam = WORKING.jam
    return Calendar(jam=jam, hari=value.data.data("hari", WORKING.hari))


def _tte(value: Value | None, out: Diagnostics) -> Tte | bool | None:
    """The `tte` switch: None when not written, False when off, else its options."""
    if value is None:
        return None
    if isinstance(value.data, bool):
        return Tte() if value.data else False
    options: Fields = value.data
    anchor = options.data("jangkar")
    if isinstance(anchor, str) and anchor.strip().lower() in ("ya", "tidak"):
        anchor = "#" if anchor.strip().lower() == "ya" else None
    elif anchor is not None and (len(anchor) != 1 or anchor.isspace() or anchor.isalnum()):
        # BSrE finds the first such character in the page's text: a letter or digit is
        # also inside words, and a longer text is not one character
        out.error(options.where("jangkar"), f'"jangkar" harus satu karakter yang bukan huruf atau'
                  f' angka, mis. "#", bukan "{anchor}"')
        anchor = None
    return Tte(ukuran=options.data("ukuran", Tte.ukuran), jangkar=anchor,
               medan=bool(options.data("medan", False)))


def _image(value: Value | None, root: Path, out: Diagnostics) -> Path | None:
    """A PNG or JPEG file named relative to the sources folder, which it must not leave."""
    if value is None:
        return None
    relative = Path(value.data)
    path = root / relative
    if relative.is_absolute() or PureWindowsPath(value.data).is_absolute() or not inside(path, root):
        out.error(value.location, f'logo "{value.data}" berada di luar folder sumber; letakkan'
                  " berkasnya di sources/logo/ dan tulis mis. logo/nama-berkas.png")
        return None
    try:
        found = path.is_file()
    except OSError as e:  # a name longer than the system allows
        out.error(value.location, f'berkas logo "{value.data[:60]}..." tidak dapat dibuka: {os_reason(e)}')
        return None
    if not found:
        hint = ""
        if "\\" in value.data:  # a path copied from Windows Explorer
            posix = value.data.replace("\\", "/")
            hint = (f'; pisahkan folder dengan "/", bukan "\\": tulis {posix}'
                    + (" (berkas itu ada)" if (root / posix).is_file() else ""))
        out.error(value.location, f'berkas logo "{value.data}" tidak ditemukan{hint}')
        return None
    problem = image_problem(path, value.data)
    if problem is not None:
        out.error(value.location, problem)
        return None
    return path.resolve()


def _catalogue(tree: SourceTree, out: Diagnostics) -> dict[str, str]:
    if tree.dasar_hukum is None:
        return {}
    node = load_file(tree.dasar_hukum, out)
    if node is None:
        return {}
    value = contract.DASAR_HUKUM.check(node, "dasar-hukum.yaml", out)
    if value is None:
        return {}
    return {key: item.data for key, item in value.data.values.items()}


# --- units ---------------------------------------------------------------------------------

class _Unit:
    """One unit folder while it is being checked: its fields and its SOP drafts."""

    def __init__(self, files: UnitFiles, out: Diagnostics):
        self.files = files
        self.out = out
        self.fields = None if files.unit_yaml is None else _read(files.unit_yaml, contract.UNIT, out)
        fields = self.fields
        self.kepala = _official(fields.get("kepala"), out) if fields else None
        self.keputusan = fields.get("keputusan") if fields else None
        self.tte = _tte(fields.get("tte"), out) if fields else None
        self.sops: list[_SopDraft] = []
        self.evaluasi: tuple[Evaluation, ...] = ()
        self.layanan: tuple = ()

    def check_sops(self, drafts: list["_SopDraft"]) -> None:
        """The rules over the unit's SOPs, once each has been checked on its own."""
        self.sops = drafts
        for draft in drafts:
            self.out.items.extend(draft.diagnostics)
        self._check_signatories()
        self._check_names()
        self._check_citations()
        self.order = self._book_order()
        self.forms = self._lampiran()
        self.evaluasi = self._evaluasi()

    def _check_signatories(self) -> None:
        unsigned = [s.key.sop for s in self.sops if s.parsed and not s.signed]
        if self.fields is not None and self.fields.get("kepala") is None and unsigned:
            self.out.error(
                self.fields.location,
                f'"kepala" wajib diisi karena SOP berikut tidak memuat "disahkan_oleh":'
                f" {', '.join(unsigned)}",
            )

    def _check_names(self) -> None:
        seen: dict[str, list[Value]] = {}
        for draft in self.sops:
            value = draft.nama
            if value is not None:
                seen.setdefault(value.data.casefold(), []).append(value)
        for values in seen.values():
            for value in values if len(values) > 1 else ():
                others = ", ".join(str(v.location) for v in values if v is not value)
                self.out.error(value.location, f'nama SOP "{value.data}" juga dipakai di unit ini'
                               f" oleh {others}")

    def _check_citations(self) -> None:
        """One regulation cited in two wordings is printed once in the decree; the author is
        told where, so that both can cite it the same way (best: by its catalogue key)."""
        wordings: dict[tuple, dict[str, list[Value]]] = {}
        for draft in self.sops:
            for item, text in draft.citations:
                found = regulation(text)
                if found is not None:
                    wordings.setdefault(found.key, {}).setdefault(text, []).append(item)
        for texts in wordings.values():
            if len(texts) < 2:
                continue
            for text, items in texts.items():
                others = [i for t, same in texts.items() if t != text for i in same]
                where = ", ".join(str(i.location) for i in others)
                for item in items:
                    self.out.warning(item.location, f'dasar hukum ini menyebut peraturan yang sama'
                                     f" dengan {where}, tetapi ditulis lain; keputusan mencetaknya"
                                     " sekali: samakan penulisannya (sebaiknya dengan kunci dari"
                                     " dasar-hukum.yaml)")

    def _book_order(self) -> list["_SopDraft"]:
        """`urutan` first, the rest by nomor; unknown or repeated ids are errors."""
        by_id = {draft.key.sop: draft for draft in self.sops}
        ordered: list[_SopDraft] = []
        urutan = self.fields.get("urutan") if self.fields else None
        for item in urutan.data if urutan else ():
            draft = by_id.get(item.data)
            if draft is None:
                guess = difflib.get_close_matches(item.data, list(by_id), 1, 0.6)
                hint = f'; mungkin maksud Anda "{guess[0]}"?' if guess else ""
                self.out.error(item.location, f'"urutan": SOP "{item.data}" tidak ada di folder'
                               f" {self.files.id}{hint}")
            elif draft in ordered:
                self.out.error(item.location, f'"urutan": SOP "{item.data}" disebut dua kali')
            else:
                ordered.append(draft)
        rest = [d for d in self.sops if d not in ordered]
        if urutan and rest:
            self.out.warning(urutan.location, '"urutan" tidak menyebut SOP berikut; SOP itu'
                             f" ditempatkan di akhir buku: {', '.join(d.key.sop for d in rest)}")
        rest.sort(key=lambda d: _natural(d.nomor.data if d.nomor else ""))
        return ordered + rest

    def build(self) -> Unit:
        fields = self.fields
        broken = {d.location.path for d in self.out.items if d.severity is Severity.ERROR}
        keputusan = self.keputusan.data if self.keputusan else None
        penjelasan = fields.data("penjelasan")
        return Unit(
            id=self.files.id,
            path=self.files.folder,
            nama=fields.data("nama"),
            induk=fields.texts("induk"),
            tahun=fields.data("tahun"),
            alamat=fields.data("alamat"),
            kepala=self.kepala,
            keputusan=None if keputusan is None else Keputusan(
                keputusan.data("nomor"), keputusan.data("tanggal"),
                keputusan.data("jabatan"), keputusan.data("tentang"), bool(keputusan.data("gelar")),
                bool(keputusan.data("srikandi"))),
            penjelasan=None if penjelasan is None else Penjelasan(
                penjelasan.data("ruang_lingkup"),
                penjelasan.data("ringkasan"),
                tuple(Definisi(d.data.data("istilah"), d.data.data("arti"))
                      for d in penjelasan.data("definisi", ())),
            ),
            sops=tuple(draft.sop for draft in self.order
                       if draft.sop is not None and draft.path not in broken),
            lampiran=self.forms,
            tte=self.tte,
            evaluasi=self.evaluasi,
            layanan=self.layanan,
            keputusan_standar_pelayanan=None if fields.get("standar_pelayanan") is None else Keputusan(
                fields.data("standar_pelayanan").data("nomor"), fields.data("standar_pelayanan").data("tanggal")),
        )

    def _evaluasi(self) -> tuple[Evaluation, ...]:
        """The evaluation register: each row names a SOP of this unit (one revoked may be
        gone from the sources)."""
        value = self.fields.get("evaluasi") if self.fields else None
        known = {draft.key.sop for draft in self.sops}
        rows = []
        for item in value.data if value else ():
            row = item.data
            sop, hasil, tanggal = row.data("sop"), row.data("hasil"), row.data("tanggal")
            if sop not in known and hasil != "dicabut":
                guess = difflib.get_close_matches(sop, sorted(known), 1, 0.6)
                self.out.error(row.where("sop"), f'SOP "{sop}" tidak ada di unit ini'
                               + (f'; mungkin maksud Anda "{guess[0]}"?' if guess else ""))
                continue
            rows.append(Evaluation(sop, tanggal, hasil, row.data("catatan"), row.data("tindak_lanjut")))
        return tuple(rows)

    def _lampiran(self) -> tuple[str, ...]:
        value = self.fields.get("lampiran") if self.fields else None
        forms = []
        for item in value.data if value else ():
            name = item.data.strip().lower()
            if name not in FORMS:
                self.out.error(item.location, f'lampiran "{item.data}" tidak dikenal; pilih:'
                               f" {', '.join(FORMS)}")
            elif name not in forms:
                forms.append(name)
        return tuple(forms)


def _natural(text: str) -> list:
    """Sort key that puts 060/2/... before 060/10/...."""
    return list(natural_key(re.split(r"(\d+)", text)))


def _official(value: Value | None, out: Diagnostics) -> Official | None:
    if value is None:
        return None
    fields: Fields = value.data
    nip = fields.get("nip")
    if nip is not None:
        problem = nip_problem(nip.data)
        if problem:
            out.error(nip.location, problem)
    if fields.get("jabatan") is None or fields.get("nama") is None:
        return None
    return Official(fields.data("jabatan"), fields.data("nama"), fields.data("pangkat"),
                    fields.data("nip"))


# --- one SOP -------------------------------------------------------------------------------

@dataclass
class _SopDraft:
    """One SOP file checked on its own: its diagnostics, its model (None when it has an
    error) before the rules across files, and what those rules read of it. Pickled into
    the cache, so it holds no parse tree."""

    path: Path
    key: SopKey
    diagnostics: tuple[Diagnostic, ...]
    sop: Sop | None  # keterkaitan resolved once every SOP of the tree is known
    parsed: bool  # the file could be read as a SOP
    nama: Value | None
    nomor: Value | None
    signed: bool  # it names its own "disahkan_oleh"
    citations: tuple[tuple[Value, str], ...]  # each dasar hukum item, its full text
    related: tuple[Value, ...]  # the "keterkaitan" items as written
    dates: tuple[tuple[str, Value], ...] = ()  # tanggal_pembuatan and tanggal_revisi, as written


class _SopChecker:
    """Checks SOP files, each once per content: a file whose bytes and path, and the
    context its check reads, are those of a cached check gets that check's result."""

    def __init__(self, pemda: Pemda | None, catalogue: dict[str, str], also: SopCheck | None):
        self.pemda = pemda
        self.catalogue = catalogue
        self.also = also
        self.context = repr((sorted(catalogue.items()), pemda, also is not None))

    def check_all(self, work: list[tuple[Path, SopKey, Official | None]], cache: Cache,
                  spread: Callable) -> list[_SopDraft]:
        contents = [_content(path) for path, _, _ in work]
        names = [None if content is None else cache_key(str(path), content, kepala, self.context)
                 for (path, _, kepala), content in zip(work, contents)]
        drafts = [cache.get("check", name) if name else None for name in names]
        missing = [i for i, draft in enumerate(drafts) if draft is None]
        jobs = [(work[i], contents[i], names[i], cache) for i in missing]
        for i, draft in zip(missing, spread(self.check, jobs)):
            drafts[i] = draft
            if names[i]:
                cache.keep("check", names[i])  # stored by whichever process checked it
        return drafts

    def check(self, job) -> _SopDraft:
        (path, key, kepala), content, name, cache = job
        own = Diagnostics()
        reader = _SopReader(path, key, kepala, self.catalogue, own, content)
        if reader.sop is not None and self.pemda is not None and self.also is not None:
            self.also(reader.sop, self.pemda, own)
        draft = reader.draft(tuple(own.items))
        if name:
            cache.put("check", name, draft)
        return draft


def _content(path: Path) -> bytes | None:
    """A SOP file's bytes, read once: what is hashed is what is checked (an edit saved in
    between never gets stored under the older text's key). None when it is too big or
    unreadable: the loader then reports it at the file, and nothing is cached."""
    try:
        return path.read_bytes() if path.stat().st_size <= MAX_BYTES else None
    except OSError:
        return None


class _SopReader:
    """Reads and checks one SOP file; `draft` is the outcome."""

    def __init__(self, path: Path, key: SopKey, kepala: Official | None, catalogue: dict[str, str],
                 out: Diagnostics, content: bytes | None = None):
        self.path = path
        self.key = key
        self.out = out
        self.citations: list[tuple[Value, str]] = []  # each dasar hukum item, its full text
        self.sop: Sop | None = None
        self.fields = _read(path, contract.SOP, out, content)
        if self.fields is None:
            return
        fields = self.fields
        self._check_dates()
        signer = _official(fields.get("disahkan_oleh"), out) or kepala
        dasar_hukum = self._dasar_hukum(catalogue)
        actors = self._actors()
        steps = _Flow(fields, actors, out).steps()
        history = self._riwayat()
        if _errors_in(path, out) or signer is None or steps is None:
            return
        self.sop = Sop(
            key=key,
            path=path,
            nomor=fields.data("nomor"),
            nama=fields.data("nama"),
            tanggal_pembuatan=fields.data("tanggal_pembuatan"),
            tanggal_revisi=fields.data("tanggal_revisi"),
            tanggal_efektif=fields.data("tanggal_efektif"),
            disahkan_oleh=signer,
            dasar_hukum=dasar_hukum,
            kualifikasi_pelaksana=fields.texts("kualifikasi_pelaksana"),
            keterkaitan=(),  # resolved once every SOP of the tree is known
            peralatan_perlengkapan=fields.texts("peralatan_perlengkapan"),
            peringatan=fields.texts("peringatan"),
            pencatatan_pendataan=fields.texts("pencatatan_pendataan"),
            pelaksana=actors,
            kegiatan=steps,
            riwayat=history,
        )

    def draft(self, diagnostics: tuple[Diagnostic, ...]) -> _SopDraft:
        fields = self.fields
        related = fields.get("keterkaitan") if fields else None
        return _SopDraft(
            path=self.path, key=self.key, diagnostics=diagnostics, sop=self.sop,
            parsed=fields is not None,
            nama=fields.get("nama") if fields else None,
            nomor=fields.get("nomor") if fields else None,
            signed=bool(fields and fields.get("disahkan_oleh")),
            citations=tuple(self.citations),
            related=related.data if related else (),
            dates=tuple((name, value) for name in ("tanggal_pembuatan", "tanggal_revisi")
                        for value in [fields.get(name) if fields else None]
                        if value is not None and value.data is not None),
        )

    def _check_dates(self) -> None:
        made = self.fields.get("tanggal_pembuatan")
        for name in ("tanggal_efektif", "tanggal_revisi"):
            later = self.fields.get(name)
            if made and later and later.data is not None and later.data < made.data:
                self.out.error(later.location, f'"{name}" ({later.data:%Y-%m-%d}) tidak boleh'
                               f" sebelum tanggal_pembuatan ({made.data:%Y-%m-%d})")

    def _riwayat(self) -> tuple[History, ...]:
        """The history entries; one dated before the SOP was made is a mistake."""
        made = self.fields.data("tanggal_pembuatan")
        entries = []
        value = self.fields.get("riwayat")
        for item in value.data if value else ():
            entry = item.data
            date = entry.data("tanggal_berlaku")
            if made and date < made:
                self.out.error(entry.where("tanggal_berlaku"), f"riwayat berlaku {date:%Y-%m-%d}, sebelum"
                               f" tanggal_pembuatan SOP ini ({made:%Y-%m-%d})")
            entries.append(History(entry.data("yang_diubah"), entry.data("isi_perubahan"), date))
        return tuple(entries)

    def _dasar_hukum(self, catalogue: dict[str, str]) -> tuple[str, ...]:
        citations = []
        value = self.fields.get("dasar_hukum")
        for item in value.data if value else ():
            text = item.data
            if " " in text:  # a full citation
                citations.append(text)
                self.citations.append((item, text))
            elif text in catalogue:
                citations.append(catalogue[text])
                self.citations.append((item, catalogue[text]))
            else:
                guess = difflib.get_close_matches(text, list(catalogue), 1, 0.6)
                hint = f'; mungkin maksud Anda "{guess[0]}"?' if guess else ";"
                hint += " bila peraturan baru, tambahkan ke dasar-hukum.yaml atau tulis judulnya lengkap"
                self.out.error(item.location, f'dasar hukum "{text}" tidak ada di'
                               f" dasar-hukum.yaml{hint}")
        return tuple(citations)

    def _actors(self) -> tuple[str, ...]:
        value = self.fields.get("pelaksana")
        if value is None:
            return ()
        actors: list[str] = []
        for item in value.data:
            if item.data.casefold() in (a.casefold() for a in actors):
                self.out.error(item.location, f'pelaksana "{item.data}" disebut dua kali')
            else:
                actors.append(item.data)
        if len(actors) > MAX_ACTORS:
            self.out.error(value.location, f"paling banyak {MAX_ACTORS} pelaksana dalam satu"
                           f" bagan alir (tertulis {len(actors)}); gabungkan pelaksana yang"
                           " sejenis atau pecah SOP ini")
        return tuple(actors)


class _Flow:
    """The steps of one SOP: actors, times, branch targets, and a flow that can end."""

    def __init__(self, fields: Fields, actors: tuple[str, ...], out: Diagnostics):
        self.fields = fields
        self.actors = actors
        self.out = out
        value = fields.get("kegiatan")
        self.items: tuple[Value, ...] = value.data if value else ()
        self.count = len(self.items)

    def steps(self) -> tuple[Step, ...] | None:
        if not self.items:
            return None
        if self.count < 2:
            self.out.error(self.fields.where("kegiatan"), "SOP membutuhkan paling sedikit 2"
                           " langkah: langkah pertama (mulai) dan langkah terakhir (selesai)")
            return None
        ids = self._ids()
        used: set[str] = set()
        steps = []
        for index, item in enumerate(self.items):
            step = self._step(index, item.data, ids, used)
            steps.append(step)
        self._check_unused(used)
        if any(step is None for step in steps):
            return None
        self._check_reachable(steps)
        return tuple(steps)

    def _ids(self) -> dict[str, int]:
        ids: dict[str, int] = {}
        for index, item in enumerate(self.items):
            value = item.data.get("id")
            if value is None:
                continue
            name = value.data
            if name.isdigit() or name.casefold() == "selesai":
                self.out.error(value.location, f'id "{name}" tidak boleh berupa angka atau'
                               ' "selesai"; pakai kata, mis. "periksa-berkas"')
            elif name in ids:
                self.out.error(value.location, f'id "{name}" sudah dipakai langkah {ids[name] + 1}')
            else:
                ids[name] = index
        return ids

    def _step(self, index: int, fields: Fields, ids: dict[str, int], used: set[str]) -> Step | None:
        label = f"langkah {index + 1}"
        first, last = index == 0, index == self.count - 1
        actors = self._step_actors(fields, label, used)
        durasi, waktu_ok = self._waktu(fields, label, first or last)
        decision = self._decision(index, fields, ids, label, first or last)
        lanjut: tuple[int, ...] = () if last else (index + 1,)
        lanjut_value = fields.get("lanjut")
        if lanjut_value is not None:
            if last:
                self.out.error(lanjut_value.location, f"{label}: langkah terakhir mengakhiri"
                               ' prosedur, jadi tidak memakai "lanjut"')
            elif fields.get("keputusan") is not None:
                self.out.error(lanjut_value.location, f'{label}: langkah keputusan memakai "ya"'
                               ' dan "tidak" di bawah "keputusan", bukan "lanjut"')
            else:
                targets = [self._target(value, index, ids, label) for value in lanjut_value.data]
                repeated = {t for t in targets if t is not None and targets.count(t) > 1}
                if repeated:
                    self.out.error(lanjut_value.location, f'{label}: "lanjut" menyebut langkah'
                                   f" {min(repeated) + 1} dua kali")
                elif None not in targets:
                    lanjut = tuple(targets)
        required = ("uraian", "output")
        if actors is None or not waktu_ok or decision is False or any(
            fields.get(name) is None for name in required
        ):
            return None
        return Step(
            index=index,
            id=fields.data("id"),
            uraian=fields.data("uraian"),
            pelaksana=actors,
            kelengkapan=fields.texts("kelengkapan"),
            waktu=fields.data("waktu"),
            durasi=durasi,
            output=fields.data("output"),
            keterangan=fields.data("keterangan"),
            keputusan=decision,
            lanjut=lanjut,
            location=fields.where("uraian"),
        )

    def _step_actors(self, fields: Fields, label: str, used: set[str]) -> tuple[str, ...] | None:
        value = fields.get("pelaksana")
        if value is None:
            return None
        names: list[str] = []
        ok = True
        for item in value.data:
            match = next((a for a in self.actors if a.casefold() == item.data.casefold()), None)
            if match is None:
                ok = False
                if self.actors:
                    guess = difflib.get_close_matches(item.data, self.actors, 1, 0.5)
                    hint = (f'; mungkin maksud Anda "{guess[0]}"?' if guess else
                            f"; pelaksana SOP ini: {', '.join(self.actors)}")
                    self.out.error(item.location, f'{label}: pelaksana "{item.data}" tidak ada'
                                   f' dalam daftar "pelaksana" SOP ini{hint}')
            elif match in names:
                self.out.error(item.location, f'{label}: pelaksana "{item.data}" disebut dua kali')
                ok = False
            else:
                names.append(match)
                used.add(match)
        return tuple(names) if ok and names else None

    def _check_unused(self, used: set[str]) -> None:
        value = self.fields.get("pelaksana")
        for item in value.data if value else ():
            if item.data in self.actors and item.data not in used:
                self.out.warning(item.location, f'pelaksana "{item.data}" tidak melaksanakan satu'
                                 " langkah pun; hapus kolomnya atau tetapkan langkahnya")

    def _waktu(self, fields: Fields, label: str, may_be_dash: bool):
        value = fields.get("waktu")
        if value is None:
            return None, False
        if value.data.strip() == "-":
            if may_be_dash:
                return None, True
            self.out.error(value.location, f'{label}: waktu "-" hanya boleh pada langkah pertama'
                           ' dan terakhir; tulis waktu terukur, mis. "30 menit" atau "1 hari"')
            return None, False
        try:
            duration = parse_waktu(value.data)
        except WaktuError as e:
            self.out.error(value.location, f"{label}: {e}")
            return None, False
        if duration.max > MENIT_PER["tahun"]:
            self.out.warning(value.location, f'{label}: waktu "{value.data.strip()}" lebih dari'
                             " setahun untuk satu langkah; periksa satuannya (menit, jam, hari)")
        return duration, True

    def _decision(self, index: int, fields: Fields, ids: dict[str, int], label: str,
                  terminator: bool) -> Decision | None | bool:
        """The decision of a diamond step; None for other steps; False when it is wrong."""
        value = fields.get("keputusan")
        if value is None:
            return None
        if terminator:
            which = "pertama" if index == 0 else "terakhir"
            self.out.error(value.location, f"{label}: langkah {which} digambar sebagai simbol"
                           " mulai/selesai, sehingga tidak dapat menjadi keputusan; tambahkan"
                           " langkah sebelum/sesudahnya")
            return False
        branches: Fields = value.data
        actors = [a.casefold() for a in fields.texts("pelaksana")]
        oleh = branches.get("oleh")
        if oleh is not None and oleh.data.casefold() not in actors:
            self.out.error(oleh.location, f'{label}: "oleh" harus salah satu pelaksana langkah ini'
                           f" ({', '.join(fields.texts('pelaksana'))})")
            return False
        if len(actors) > 1 and oleh is None:
            self.out.error(value.location, f"{label}: keputusan dengan beberapa pelaksana perlu"
                           ' "oleh": pelaksana yang memutuskan (yang lain mengerjakan kotak proses'
                           " di baris yang sama); atau pisahkan pekerjaan paralel ke langkah"
                           " sebelumnya")
            return False
        targets = {}
        for name, default in (("ya", index + 1), ("tidak", None)):
            branch = branches.get(name)
            targets[name] = default if branch is None else self._target(branch, index, ids, label)
        if targets["ya"] is None or targets["tidak"] is None:
            return False
        if targets["ya"] == targets["tidak"]:
            self.out.warning(value.location, f'{label}: cabang "ya" dan "tidak" menuju langkah'
                             " yang sama; keputusan ini tidak memilih apa pun")
        return Decision(
            ya=targets["ya"],
            tidak=targets["tidak"],
            label_ya=branches.data("label_ya", "Ya"),
            label_tidak=branches.data("label_tidak", "Tidak"),
            oleh=None if oleh is None else next((a for a in self.actors if a.casefold() == oleh.data.casefold()),
                                                oleh.data),
        )

    def _target(self, value: Value, index: int, ids: dict[str, int], label: str) -> int | None:
        data = value.data
        if isinstance(data, str) and (number := whole_number(data)) is not None:
            data = number
        if isinstance(data, int):
            if not 1 <= data <= self.count:
                self.out.error(value.location, f"{label}: langkah {data} tidak ada; SOP ini"
                               f" memiliki langkah 1 sampai {self.count}")
                return None
            target = data - 1
        elif data.casefold() == "selesai":
            target = self.count - 1
        elif data in ids:
            target = ids[data]
        else:
            guess = difflib.get_close_matches(data, list(ids), 1, 0.6)
            hint = f'mungkin maksud Anda "{guess[0]}"? ' if guess else ""
            self.out.error(value.location, f'{label}: tujuan "{data}" tidak ditemukan; {hint}'
                           'tulis nomor langkah, id langkah, atau "selesai"')
            return None
        if target == index:
            self.out.error(value.location, f"{label}: cabang tidak boleh menuju langkah itu sendiri")
            return None
        return target

    def _check_reachable(self, steps: list[Step]) -> None:
        reached = _walk(0, lambda i: steps[i].successors)
        for step in steps:
            if step.index not in reached:
                self.out.error(self.items[step.index].location, f"langkah {step.nomor} tidak"
                               " pernah dicapai dari langkah pertama; periksa tujuan cabang"
                               ' "keputusan" dan "lanjut"')
        predecessors: dict[int, list[int]] = {i: [] for i in range(len(steps))}
        for step in steps:
            for j in step.successors:
                predecessors[j].append(step.index)
        ending = _walk(len(steps) - 1, lambda i: predecessors[i])
        stuck = sorted(i for i in reached if i not in ending)
        if stuck:
            numbers = ", ".join(str(i + 1) for i in stuck)
            self.out.error(self.items[stuck[0]].location, f"dari langkah {numbers} alur tidak"
                           " pernah sampai ke langkah terakhir (perulangan tanpa jalan keluar)")


def _walk(start: int, neighbours) -> set[int]:
    seen = {start}
    queue = deque([start])
    while queue:
        for j in neighbours(queue.popleft()):
            if j not in seen:
                seen.add(j)
                queue.append(j)
    return seen


# --- rules across files ----------------------------------------------------------------------

def _all_drafts(units: list[_Unit]) -> list[_SopDraft]:
    return [draft for unit in units for draft in unit.sops]


def _unique_numbers(units: list[_Unit], out: Diagnostics) -> None:
    """Both files of a clash are reported: either may be the one to change."""
    seen: dict[str, list[Value]] = {}
    for draft in _all_drafts(units):
        value = draft.nomor
        if value is not None:
            seen.setdefault("".join(value.data.split()).casefold(), []).append(value)
    for values in seen.values():
        for value in values if len(values) > 1 else ():
            others = ", ".join(str(v.location) for v in values if v is not value)
            out.error(value.location, f'nomor SOP "{value.data}" juga dipakai oleh {others};'
                      " nomor SOP harus unik di seluruh pemerintah daerah")


def _dates_agree(units: list[_Unit], out: Diagnostics, today: dt.date) -> None:
    """A SOP made or revised after the decree that sets it is not the SOP the decree set,
    and a change dated after today has not happened: both are printed as they are
    written, so `check` says so (a warning: the date may be the one to keep). Run on every
    check, never cached, since it reads today's date."""
    for unit in units:
        register = unit.fields.get("evaluasi") if unit.fields else None
        for row in register.data if register else ():
            when = row.data.get("tanggal")
            if when is not None and when.data > today:
                out.warning(when.location, f"evaluasi bertanggal {when.data:%Y-%m-%d} belum tiba (hari ini"
                            f" {today:%Y-%m-%d}): register mencatat evaluasi yang sudah dilakukan")
        decree = unit.keputusan.data.get("tanggal") if unit.keputusan else None
        for draft in unit.sops:
            for name, value in draft.dates:
                what = "dibuat" if name == "tanggal_pembuatan" else "direvisi"
                if value.data > today:
                    out.warning(value.location, f'"{name}" ({value.data:%Y-%m-%d}) belum tiba (hari ini'
                                f" {today:%Y-%m-%d}): tanggal ini adalah hari SOP {what}, bukan rencana;"
                                " isi tanggal itu pada hari SOP disahkan")
                elif decree is not None and value.data > decree.data:
                    out.warning(value.location, f'"{name}" ({value.data:%Y-%m-%d}) sesudah tanggal'
                                f" keputusan yang menetapkan SOP ini ({decree.data:%Y-%m-%d}, {decree.location}):"
                                f" keputusan itu tidak mencakup SOP yang {what} sesudahnya; perbarui"
                                " tanggal dan nomor keputusan, atau periksa tanggal ini")


def _resolve_related(units: list[_Unit], out: Diagnostics) -> None:
    """Turn every `keterkaitan` into printed text, references into the SOP they name."""
    drafts = {str(d.key): d for d in _all_drafts(units)}
    for draft in _all_drafts(units):
        related = []
        for item in draft.related:
            if isinstance(item.data, str):
                related.append(Related(item.data))
                continue
            ref_value = item.data.get("sop")
            if ref_value is None:
                continue
            ref = ref_value.data.strip().strip("/")
            if "/" not in ref:
                ref = f"{draft.key.unit}/{ref}"
            ref = ref.removesuffix(".yaml")
            target = drafts.get(ref)
            if target is None:
                out.error(ref_value.location, f'SOP terkait "{ref_value.data}" tidak ditemukan'
                          + _ref_hint(ref, units))
            elif target is draft:
                out.error(ref_value.location, "SOP tidak perlu menyebut dirinya sendiri sebagai"
                          " SOP terkait")
            elif target.nama is not None:
                related.append(Related(
                    nama=target.nama.data,
                    nomor=target.nomor.data if target.nomor else None,
                    ref=target.key,
                ))
        if draft.sop is not None:
            draft.sop = dataclasses.replace(draft.sop, keterkaitan=tuple(related))



def _ref_hint(ref: str, units: list[_Unit]) -> str:
    """Suggest the nearest SOP of the named unit, or the nearest unit."""
    unit_id, _, sop_id = ref.partition("/")
    unit = next((u for u in units if u.files.id == unit_id), None)
    if unit is None:
        guess = difflib.get_close_matches(unit_id, [u.files.id for u in units], 1, 0.6)
        if guess:
            return f'; unit "{unit_id}" tidak ada, mungkin maksud Anda "{guess[0]}"?'
        return "; tulis <unit>/<id-sop>, mis. bagian-organisasi/penyusunan-sop"
    ids = [d.key.sop for d in unit.sops]
    guess = difflib.get_close_matches(sop_id, ids, 1, 0.6)
    if guess:
        return f'; mungkin maksud Anda "{unit_id}/{guess[0]}"?'
    return f"; SOP di unit {unit_id}: {', '.join(ids)}"
