"""The validated sources as pure data: Sources, Pemda, Unit, Sop, Step, Decision, ...

Everything here is frozen and resolved: catalogue citations are expanded, related SOPs
carry the referenced SOP's key, name and number, and branch targets are step indexes.
Nothing here reads files or reports errors; `validate` builds these objects.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from pathlib import Path

from ..errors import Location
from .nip import format_nip
from .waktu import WORKING, ZERO, Calendar, Duration

Paper = str  # "F4" or "A4"


@dataclass(frozen=True)
class Official:
    jabatan: str
    nama: str
    pangkat: str | None = None
    nip: str | None = None  # 18 digits

    @property
    def nip_cetak(self) -> str | None:
        """'NIP. 19720315 199803 2 004' as printed under the signature."""
        return None if self.nip is None else f"NIP. {format_nip(self.nip)}"


@dataclass(frozen=True)
class PerangkatDaerah:
    id: str
    nama: str


@dataclass(frozen=True)
class Tte:
    """Books made for an electronic signature (tanda tangan elektronik): a square slot for
    the signer's QR at every signature place, no content in the portal's footer band."""

    ukuran: int = 40  # the slot's side, pt (the portals' QR: 25 to 70 pt, most often 40)
    jangkar: str | None = None  # the anchor character BSrE's tag_koordinat looks for, in the slot
    medan: bool = False  # empty PDF signature fields at the slots, for desktop signing


@dataclass(frozen=True)
class Pemda:
    nama: str
    kota: str | None
    alamat: str | None
    logo: Path | None  # absolute path of a PNG or JPEG inside sources/
    kertas: Paper
    huruf: str
    path: Path
    perangkat_daerah: tuple[PerangkatDaerah, ...] = ()  # every unit, with or without SOPs
    kop: bool = False  # a letterhead above the decree
    mengetahui: Official | None = None  # signs "Mengetahui" on the recap
    tte: Tte | None = None  # every unit's book made for an electronic signature
    hari_kerja: Calendar = WORKING  # the working day and week a service's promised time is counted in
    situs: str | None = None  # the published site's address, ending in "/": the identity pages' QR


@dataclass(frozen=True)
class Definisi:
    istilah: str
    arti: str


@dataclass(frozen=True)
class Penjelasan:
    ruang_lingkup: str | None
    ringkasan: str | None
    definisi: tuple[Definisi, ...]


@dataclass(frozen=True)
class Keputusan:
    nomor: str
    tanggal: dt.date
    jabatan: str | None = None  # the issuing official as printed, when the composed one is wrong
    tentang: str | None = None  # the decree's title after TENTANG, when not the default
    gelar: bool = False  # the signer's gelar printed (a naskah dinas penetapan has none)
    srikandi: bool = False  # also written for SRIKANDI, its placeholders for number, date, signer


@dataclass(frozen=True)
class SopKey:
    """Names a SOP across the government: '<unit>/<sop>'."""

    unit: str
    sop: str

    def __str__(self) -> str:
        return f"{self.unit}/{self.sop}"


@dataclass(frozen=True)
class Related:
    """One `keterkaitan` line: free text, or a resolved reference to another SOP."""

    nama: str
    nomor: str | None = None
    ref: SopKey | None = None

    @property
    def text(self) -> str:
        return self.nama if self.nomor is None else f"{self.nama} (Nomor {self.nomor})"


@dataclass(frozen=True)
class Decision:
    ya: int  # index of the step reached on "ya"
    tidak: int
    label_ya: str = "Ya"
    label_tidak: str = "Tidak"
    oleh: str | None = None  # who decides, where the step has several actors (the others' box feeds the diamond)


@dataclass(frozen=True)
class Step:
    index: int  # 0-based; the printed number is index + 1
    id: str | None
    uraian: str
    pelaksana: tuple[str, ...]  # one actor, or several for parallel work
    kelengkapan: tuple[str, ...]
    waktu: str  # as written, printed in the Waktu column
    durasi: Duration | None  # None for "-" (allowed on the first and last step)
    output: str
    keterangan: str | None
    keputusan: Decision | None
    lanjut: tuple[int, ...]  # the next steps: one, several for a fork, none after the last; not for decisions
    location: Location | None = field(default=None, compare=False)  # its uraian, for messages

    @property
    def nomor(self) -> int:
        return self.index + 1

    @property
    def decider(self) -> str | None:
        """The actor whose column holds the diamond: the one named, or the only one."""
        if self.keputusan is None:
            return None
        return self.keputusan.oleh or self.pelaksana[0]

    @property
    def successors(self) -> tuple[int, ...]:
        if self.keputusan is not None:
            return (self.keputusan.ya, self.keputusan.tidak)
        return self.lanjut


@dataclass(frozen=True)
class History:
    """One entry of a SOP's "Riwayat perubahan" table."""

    yang_diubah: str
    isi_perubahan: str
    tanggal_berlaku: dt.date


@dataclass(frozen=True)
class Sop:
    key: SopKey
    path: Path
    nomor: str
    nama: str
    tanggal_pembuatan: dt.date
    tanggal_revisi: dt.date | None
    tanggal_efektif: dt.date
    disahkan_oleh: Official
    dasar_hukum: tuple[str, ...]  # full citations, catalogue keys expanded
    kualifikasi_pelaksana: tuple[str, ...]
    keterkaitan: tuple[Related, ...]
    peralatan_perlengkapan: tuple[str, ...]
    peringatan: tuple[str, ...]
    pencatatan_pendataan: tuple[str, ...]
    pelaksana: tuple[str, ...]  # the actor columns, left to right
    kegiatan: tuple[Step, ...]
    riwayat: tuple[History, ...] = ()  # the "Riwayat perubahan" table, oldest first

    @property
    def decisions(self) -> int:
        return sum(step.keputusan is not None for step in self.kegiatan)

    @cached_property
    def total_waktu(self) -> Duration:
        """Time along the main path, first step to last, loop backs left out: the minimum
        over the fastest forward route and the maximum over the slowest."""
        return main_path_time(self.kegiatan)


def main_path_time(steps: tuple[Step, ...]) -> Duration:
    """Shortest and longest forward routes through the steps (a DAG once loop backs,
    which are corrections, are dropped). A decision's branches are alternatives, so where
    they meet the fastest of them counts; a fork's branches (`lanjut` naming several
    steps) are done in parallel, so where they meet the slowest of them counts."""
    if not steps:
        return ZERO
    own = [s.durasi or ZERO for s in steps]
    before: list[list[int]] = [[] for _ in steps]
    for step in steps:
        for j in step.successors:
            if j > step.index:
                before[j].append(step.index)
    parallel = _parallel_pairs(steps)
    fastest: list = [None] * len(steps)  # None: not reached by a forward route
    slowest: list = [None] * len(steps)
    fastest[0], slowest[0] = own[0].min, own[0].max
    for j in range(1, len(steps)):  # forward edges only go down the list, so one pass suffices
        reached = [i for i in before[j] if fastest[i] is not None]
        if not reached:
            continue
        joins_a_fork = any((a, b) in parallel for a in reached for b in reached)
        pick = max if joins_a_fork else min
        fastest[j] = pick(fastest[i] for i in reached) + own[j].min
        slowest[j] = max(slowest[i] for i in reached) + own[j].max
    last = len(steps) - 1
    if fastest[last] is None:
        return Duration(sum((d.min for d in own), ZERO.min), sum((d.max for d in own), ZERO.max))
    return Duration(fastest[last], slowest[last])


@dataclass(frozen=True)
class PathTime:
    """The most time a SOP can take, start to end (upper bounds, working time), and the
    steps on that path, in order, with a loop's steps counted again."""

    minutes: Fraction
    route: tuple[int, ...]  # step indices along the longest forward path
    again: tuple[int, ...]  # the steps a loop back runs once more

    def heaviest(self, durations, count: int = 3) -> list[int]:
        """The steps that take the most time, along the path, largest first."""
        spent: dict[int, Fraction] = {}
        for i in self.route + self.again:
            spent[i] = spent.get(i, Fraction(0)) + durations[i].max
        return sorted(spent, key=lambda i: (-spent[i], i))[:count]


def path_time(steps: tuple[Step, ...], durations=None) -> PathTime:
    """The longest time from the first step to the last: each step at its upper bound; a
    decision's branches and a fork's branches alike count as the longer (a fork's run in
    parallel, so the longer is the wait); every loop back (a branch to an earlier step)
    taken once, so the steps from its target to the decision run a second time.
    `durations`: each step's time (default: as the book counts, a day of 8 hours)."""
    own = [d or ZERO for d in (durations or [s.durasi for s in steps])]
    if not steps:
        return PathTime(Fraction(0), (), ())
    longest: list = [None] * len(steps)
    via: list = [None] * len(steps)
    longest[0] = own[0].max
    for step in steps:  # forward edges only go down the list
        if longest[step.index] is None:
            continue
        for j in step.successors:
            if j > step.index and (longest[j] is None or longest[step.index] + own[j].max > longest[j]):
                longest[j], via[j] = longest[step.index] + own[j].max, step.index
    last = len(steps) - 1
    end = last if longest[last] is not None else max((i for i in range(len(steps)) if longest[i] is not None))
    route = [end]
    while via[route[-1]] is not None:
        route.append(via[route[-1]])
    route.reverse()
    again: list[int] = []
    extra = Fraction(0)
    for step in steps:
        for target in step.successors:
            if target <= step.index and longest[step.index] is not None and longest[target] is not None:
                extra += longest[step.index] - longest[target] + own[target].max
                again += _between(steps, target, step.index)
    return PathTime(longest[end] + extra, tuple(route), tuple(again))


def durations_in(sop: "Sop", calendar: Calendar = WORKING) -> list[Duration]:
    """Each step's time in `calendar`'s working day (as checked: the book's own day is
    already held in `durasi`); ZERO for a "-"."""
    if calendar == WORKING:
        return [s.durasi or ZERO for s in sop.kegiatan]
    from .waktu import parse_waktu

    return [parse_waktu(s.waktu, calendar) if s.durasi is not None else ZERO for s in sop.kegiatan]


def longest_time(sop: "Sop", calendar: Calendar = WORKING) -> Duration:
    """The most time the SOP can take start to end (path_time), in `calendar`'s working
    day: what a service carried out by it may promise at the least."""
    most = path_time(sop.kegiatan, durations_in(sop, calendar)).minutes
    return Duration(most, most)


def _between(steps: tuple[Step, ...], start: int, end: int) -> list[int]:
    """The steps a loop from `end` back to `start` runs again: those on forward routes
    from start to end."""
    reach = {start}
    for step in steps[start:end + 1]:
        if step.index in reach:
            reach.update(j for j in step.successors if step.index < j <= end)
    back = {end}
    for step in reversed(steps[start:end + 1]):
        if any(j in back for j in step.successors if step.index < j <= end):
            back.add(step.index)
    return sorted(reach & back)


def _parallel_pairs(steps: tuple[Step, ...]) -> set[tuple[int, int]]:
    """Pairs of steps on different branches of one fork (neither reaches the other)."""
    ahead: list[set[int]] = [set() for _ in steps]  # forward reach of each step, itself included
    for step in reversed(steps):
        ahead[step.index] = {step.index}.union(*(ahead[j] for j in step.successors if j > step.index))
    pairs: set[tuple[int, int]] = set()
    for step in steps:
        forward = [j for j in step.successors if j > step.index]
        if step.keputusan is not None or len(forward) < 2:
            continue
        for a in forward:
            for b in forward:
                if a != b:
                    pairs.update((x, y) for x in ahead[a] - ahead[b] for y in ahead[b] - ahead[a])
    return pairs


@dataclass(frozen=True)
class Layanan:
    """One service of a unit (Standar Pelayanan, PermenPANRB 15/2014): the SOPs that carry
    it out, the time it promises, and the components as written (None: taken from the
    SOP when the documents are made)."""

    id: str
    unit: str
    path: Path
    nama: str
    sop: tuple[SopKey, ...]
    jangka_waktu: str  # as written
    janji: Duration  # the promised time, in the government's working day
    waktu_sop: Duration  # the most time its SOPs can take, start to end, one after another
    komponen: tuple[tuple[str, object], ...] = ()  # (key, text or texts) of the other components written


@dataclass(frozen=True)
class Evaluation:
    """One row of a unit's evaluation register."""

    sop: str  # the SOP's id in the unit (a revoked SOP may be gone from the sources)
    tanggal: dt.date
    hasil: str  # tetap, direvisi, dicabut
    catatan: str | None = None
    tindak_lanjut: str | None = None


@dataclass(frozen=True)
class Unit:
    id: str
    path: Path  # the unit's folder
    nama: str
    induk: tuple[str, ...]
    tahun: int | None
    alamat: str | None
    kepala: Official | None
    keputusan: Keputusan | None
    penjelasan: Penjelasan | None
    sops: tuple[Sop, ...]  # in book order: `urutan`, then by nomor
    lampiran: tuple[str, ...] = ()  # forms appended to the book: monitoring, evaluasi
    tte: Tte | bool | None = None  # this unit's own choice (False: printed for ink); None: the pemda's
    evaluasi: tuple[Evaluation, ...] = ()  # the evaluation register, as written
    layanan: tuple[Layanan, ...] = ()  # its services, by file name
    keputusan_standar_pelayanan: Keputusan | None = None  # the decree that sets them

    @property
    def nama_baris(self) -> tuple[str, ...]:
        """The name lines between the pemda's name and nothing else: induk, then nama."""
        return (*self.induk, self.nama)


def tte_of(pemda: Pemda, unit: Unit) -> Tte | None:
    """Whether (and how) a unit's book is made for an electronic signature: the unit's
    own `tte`, else the government's."""
    chosen = pemda.tte if unit.tte is None else unit.tte
    return chosen if isinstance(chosen, Tte) else None


@dataclass(frozen=True, eq=False)
class Sources:
    root: Path
    pemda: Pemda
    dasar_hukum: dict[str, str]
    units: tuple[Unit, ...]

    def sop(self, key: SopKey) -> Sop | None:
        for unit in self.units:
            if unit.id == key.unit:
                return next((s for s in unit.sops if s.key == key), None)
        return None
