"""The sources (valid or not) on a date -> where each perangkat daerah stands with its
SOPs: how many, in force, drafts, due for review, and when they last changed.

Definitions (also in the README and the authors' guide):
- in force (berlaku): the SOP is valid and its tanggal_efektif has been reached;
- draft (draf): not yet effective, or its file has errors;
- due for review (perlu ditinjau): in force, and either a revision dated after it took
  effect has been reached, or its last review (tanggal_revisi, else tanggal_efektif) is
  more than a year old: the regulation's yearly evaluation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..check.checked import Checked
from ..check.model import Sop
from ..check.sources import SourceTree
from ..errors import Severity

YEAR = dt.timedelta(days=365)


@dataclass(frozen=True)
class SopStatus:
    id: str
    nomor: str
    nama: str
    berlaku: bool
    perlu_ditinjau: bool
    langkah: int
    pelaksana: int
    keputusan: int
    waktu: str
    perubahan: dt.date | None
    masalah: tuple[str, ...]
    pembuatan: dt.date | None = None
    revisi: dt.date | None = None
    efektif: dt.date | None = None
    tinjau: dt.date | None = None  # when the yearly evaluation falls due
    dievaluasi: dt.date | None = None  # its last evaluation in the period (the as-of date's year)
    hasil: str | None = None  # that evaluation's outcome: tetap, direvisi, dicabut
    ditindaklanjuti: bool = False  # "direvisi", and revised on or after that evaluation


@dataclass(frozen=True)
class UnitStatus:
    id: str
    nama: str
    terdaftar: bool  # listed in pemda.yaml perangkat_daerah
    sops: tuple[SopStatus, ...]

    @property
    def jumlah(self) -> int:
        return len(self.sops)

    @property
    def berlaku(self) -> int:
        return sum(s.berlaku for s in self.sops)

    @property
    def draf(self) -> int:
        return sum(not s.berlaku for s in self.sops)

    @property
    def perlu_ditinjau(self) -> int:
        return sum(s.perlu_ditinjau for s in self.sops)

    @property
    def dievaluasi(self) -> int:
        return sum(s.dievaluasi is not None for s in self.sops)

    @property
    def direvisi(self) -> int:
        """SOPs the period's evaluation sent back for revision."""
        return sum(s.hasil == "direvisi" for s in self.sops)

    @property
    def ditindaklanjuti(self) -> int:
        return sum(s.ditindaklanjuti for s in self.sops)

    @property
    def perubahan_terakhir(self) -> dt.date | None:
        dates = [s.perubahan for s in self.sops if s.perubahan]
        return max(dates) if dates else None

    @property
    def keadaan(self) -> str:
        if not self.sops:
            return "belum memiliki SOP"
        if self.draf or self.perlu_ditinjau:
            return "perlu tindak lanjut"
        return "lengkap"


@dataclass(frozen=True)
class Status:
    tanggal: dt.date
    units: tuple[UnitStatus, ...]

    def total(self, name: str) -> int:
        return sum(getattr(u, name) for u in self.units)

    @property
    def tanpa_sop(self) -> tuple[UnitStatus, ...]:
        return tuple(u for u in self.units if not u.sops)


def due(sop: Sop, as_of: dt.date) -> bool:
    return sop.tanggal_efektif <= as_of and next_review(sop) <= as_of


def next_review(sop: Sop) -> dt.date:
    """When the SOP falls due for review: the day of a revision dated after it took effect
    (the book in force is then not the revised SOP, which needs re-issuing), else the yearly
    evaluation, a year after it took effect or was last revised. `due` reads this date, so
    the recap never says a SOP is due while printing a date still to come."""
    if sop.tanggal_revisi and sop.tanggal_revisi > sop.tanggal_efektif:
        return sop.tanggal_revisi
    last = max(sop.tanggal_efektif, sop.tanggal_revisi or sop.tanggal_efektif)
    return last + YEAR if last <= dt.date.max - YEAR else dt.date.max  # a year 9999 (check warns)


def sop_status(sop: Sop, as_of: dt.date, evaluations=()) -> SopStatus:
    """`evaluations`: the unit's register; the last row for this SOP in the as-of date's
    year, on or before it, is the period's evaluation."""
    period = [e for e in evaluations if e.sop == sop.key.sop and e.tanggal.year == as_of.year and e.tanggal <= as_of]
    last = max(period, key=lambda e: e.tanggal, default=None)
    return SopStatus(
        id=sop.key.sop, nomor=sop.nomor, nama=sop.nama,
        berlaku=sop.tanggal_efektif <= as_of, perlu_ditinjau=due(sop, as_of),
        langkah=len(sop.kegiatan), pelaksana=len(sop.pelaksana), keputusan=sop.decisions,
        waktu=sop.total_waktu.format(),
        # the last change that has happened: a revision planned for later is not one
        perubahan=max((d for d in (sop.tanggal_pembuatan, sop.tanggal_revisi) if d and d <= as_of),
                      default=None),
        masalah=(),
        pembuatan=sop.tanggal_pembuatan, revisi=sop.tanggal_revisi, efektif=sop.tanggal_efektif,
        tinjau=next_review(sop),
        dievaluasi=last.tanggal if last else None, hasil=last.hasil if last else None,
        ditindaklanjuti=bool(last and last.hasil == "direvisi" and sop.tanggal_revisi
                             and last.tanggal <= sop.tanggal_revisi <= as_of),
    )


def status(tree: SourceTree, checked: Checked, as_of: dt.date) -> Status:
    sources = checked.partial
    valid = {u.id: u for u in sources.units} if sources else {}
    problems: dict[str, list[str]] = {}
    for d in checked.diagnostics.sorted():
        if d.severity is Severity.ERROR:
            problems.setdefault(str(d.location.path), []).append(f"{d.location.line}: {d.message}")
    listed = {p.id: p.nama for p in sources.pemda.perangkat_daerah} if sources else {}
    folders = {u.id: u for u in tree.units}
    rows = []
    for unit_id in [*listed, *[u for u in folders if u not in listed]]:
        unit = valid.get(unit_id)
        files = folders.get(unit_id)
        sops = [sop_status(s, as_of, unit.evaluasi) for s in unit.sops] if unit else []
        good = {s.path for s in unit.sops} if unit else set()
        for path in files.sop_files if files else ():
            if path not in good:  # a SOP whose file has errors is a draft
                sops.append(SopStatus(path.stem, "-", path.stem, False, False, 0, 0, 0, "-", None,
                                      tuple(problems.get(str(path), ["tidak valid"]))))
        name = listed.get(unit_id) or (unit.nama if unit else unit_id)
        rows.append(UnitStatus(unit_id, name, unit_id in listed, tuple(sops)))
    return Status(as_of, tuple(rows))


def as_json(report: Status) -> dict:
    def unit(u: UnitStatus) -> dict:
        return {"id": u.id, "nama": u.nama, "terdaftar": u.terdaftar, "jumlah_sop": u.jumlah,
                "berlaku": u.berlaku, "draf": u.draf, "perlu_ditinjau": u.perlu_ditinjau,
                "perubahan_terakhir": u.perubahan_terakhir.isoformat() if u.perubahan_terakhir else None,
                "keadaan": u.keadaan,
                "dievaluasi": u.dievaluasi, "direvisi": u.direvisi, "ditindaklanjuti": u.ditindaklanjuti,
                "sop": [{"id": s.id, "nomor": s.nomor, "nama": s.nama, "berlaku": s.berlaku,
                         "perlu_ditinjau": s.perlu_ditinjau, "langkah": s.langkah,
                         "pelaksana": s.pelaksana, "keputusan": s.keputusan, "waktu": s.waktu,
                         "masalah": list(s.masalah),
                         "tanggal_pembuatan": _iso(s.pembuatan), "tanggal_revisi": _iso(s.revisi),
                         "tanggal_efektif": _iso(s.efektif), "tinjau": _iso(s.tinjau),
                         "dievaluasi": _iso(s.dievaluasi), "hasil_evaluasi": s.hasil,
                         "ditindaklanjuti": s.ditindaklanjuti}
                        for s in u.sops]}

    return {"tanggal": report.tanggal.isoformat(), "unit": [unit(u) for u in report.units],
            "jumlah": {name: report.total(name) for name in
                       ("jumlah", "berlaku", "draf", "perlu_ditinjau", "dievaluasi", "direvisi",
                        "ditindaklanjuti")},
            "tanpa_sop": [u.id for u in report.tanpa_sop]}


def _iso(date: dt.date | None) -> str | None:
    return date.isoformat() if date else None
