"""Two versions of the checked sources -> what changed, per unit: the SOPs added,
removed and changed, and for each changed SOP its identity fields and its steps before
and after. Steps are matched by their content, not their number, so that a step put in
or taken out is not a change of every step after it, and a step that changed places is
"dipindah"."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from ..check.dates import format_date
from ..check.model import Sop, Sources, Step, Unit

IDENTITY = (("nomor", "Nomor SOP"), ("nama", "Nama SOP"), ("tanggal_pembuatan", "Tanggal Pembuatan"),
            ("tanggal_revisi", "Tanggal Revisi"), ("tanggal_efektif", "Tanggal Efektif"),
            ("disahkan_oleh", "Disahkan oleh"), ("dasar_hukum", "Dasar Hukum"),
            ("kualifikasi_pelaksana", "Kualifikasi Pelaksana"), ("keterkaitan", "Keterkaitan"),
            ("peralatan_perlengkapan", "Peralatan/Perlengkapan"), ("peringatan", "Peringatan"),
            ("pencatatan_pendataan", "Pencatatan dan Pendataan"), ("pelaksana", "Pelaksana"))
STEP_FIELDS = (("uraian", "Kegiatan"), ("pelaksana", "Pelaksana"), ("kelengkapan", "Kelengkapan"),
               ("waktu", "Waktu"), ("output", "Output"), ("keterangan", "Keterangan"),
               ("cabang", "Cabang"), ("lanjut", "Lanjut ke"))
SAME_STEP = 0.6  # how alike two steps' text must be (difflib's ratio) to be one step


@dataclass(frozen=True)
class FieldChange:
    key: str
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class StepChange:
    kind: str  # "ditambah", "dihapus", "diubah", "dipindah"
    before: int | None  # the printed number, 1-based
    after: int | None
    uraian: str
    fields: tuple[FieldChange, ...] = ()


@dataclass
class SopChange:
    id: str
    nama: str
    identity: list[FieldChange] = field(default_factory=list)
    steps: list[StepChange] = field(default_factory=list)
    before: Sop | None = None
    after: Sop | None = None

    @property
    def flowchart(self) -> bool:
        """Whether the flowchart itself changed (a step, an actor, a branch)."""
        return bool(self.steps) or any(c.key == "pelaksana" for c in self.identity)


@dataclass
class UnitChanges:
    id: str
    nama: str
    ditambah: list[Sop] = field(default_factory=list)
    dihapus: list[Sop] = field(default_factory=list)
    diubah: list[SopChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.ditambah or self.dihapus or self.diubah)


def compare(before: Sources, after: Sources, units: list[str] | None = None) -> list[UnitChanges]:
    """Per unit present in either version (or those named), in the newer version's order."""
    old = {u.id: u for u in before.units}
    new = {u.id: u for u in after.units}
    order = [u.id for u in after.units] + [u for u in old if u not in new]
    found = []
    for unit_id in order:
        if units and unit_id not in units:
            continue
        found.append(_unit(old.get(unit_id), new.get(unit_id)))
    return found


def _unit(before: Unit | None, after: Unit | None) -> UnitChanges:
    either = after or before
    changes = UnitChanges(either.id, either.nama)
    old = {s.key.sop: s for s in (before.sops if before else ())}
    new = {s.key.sop: s for s in (after.sops if after else ())}
    changes.ditambah = [s for key, s in new.items() if key not in old]
    changes.dihapus = [s for key, s in old.items() if key not in new]
    for key, sop in new.items():
        if key in old:
            change = compare_sop(old[key], sop)
            if change.identity or change.steps:
                changes.diubah.append(change)
    return changes


def compare_sop(before: Sop, after: Sop) -> SopChange:
    change = SopChange(after.key.sop, after.nama, before=before, after=after)
    for key, label in IDENTITY:
        a, b = _text(getattr(before, key)), _text(getattr(after, key))
        if a != b:
            change.identity.append(FieldChange(key, label, a, b))
    change.steps = compare_steps(before.kegiatan, after.kegiatan)
    return change


def compare_steps(before: tuple[Step, ...], after: tuple[Step, ...]) -> list[StepChange]:
    """Steps matched by content: the most alike pairs first (a reworded step is still
    itself), then those left over are added or removed. A matched step out of the order
    the others keep is moved; one whose number changed only because steps came or went
    before it is not."""
    pairs = _matched(before, after)
    new_of = dict(pairs)  # a matched step's place in the newer version, by its old place
    matched_new = set(new_of.values())
    kept_order = _longest_increasing([j for _, j in sorted(pairs)])
    found: list[StepChange] = []
    for i, j in sorted(pairs, key=lambda p: p[1]):
        fields = tuple(_step_fields(before[i], after[j], new_of))
        if j not in kept_order:
            found.append(StepChange("dipindah", i + 1, j + 1, after[j].uraian, fields))
        elif fields:
            found.append(StepChange("diubah", i + 1, j + 1, after[j].uraian, fields))
    found += [StepChange("ditambah", None, j + 1, after[j].uraian) for j in range(len(after)) if j not in matched_new]
    found += [StepChange("dihapus", i + 1, None, before[i].uraian) for i in range(len(before)) if i not in new_of]
    return sorted(found, key=lambda c: (c.after if c.after is not None else c.before, c.after is None))


def _matched(before: tuple[Step, ...], after: tuple[Step, ...]) -> list[tuple[int, int]]:
    scores = []
    for i, a in enumerate(before):
        for j, b in enumerate(after):
            ratio = difflib.SequenceMatcher(None, _words(a), _words(b), autojunk=False).ratio()
            if ratio >= SAME_STEP:
                # the same place breaks a tie: of two identical steps, each keeps its own
                scores.append((-ratio, abs(i - j), i, j))
    pairs, used_old, used_new = [], set(), set()
    for _, _, i, j in sorted(scores):
        if i not in used_old and j not in used_new:
            pairs.append((i, j))
            used_old.add(i)
            used_new.add(j)
    return pairs


def _words(step: Step) -> list[str]:
    return (step.uraian + " " + " ".join(step.pelaksana)).lower().split()


def _longest_increasing(values: list[int]) -> set[int]:
    """The values of a longest increasing subsequence: the steps that kept their order."""
    best: list[list[int]] = []
    for value in values:
        longest = max((chain for chain in best if chain[-1] < value), key=len, default=[])
        best.append(longest + [value])
    return set(max(best, key=len, default=[]))


def _step_fields(a: Step, b: Step, new_of: dict[int, int]):
    for key, label in STEP_FIELDS:
        if key == "cabang":
            old, new = _branches(a, new_of), _branches(b, None)
        elif key == "lanjut":
            if a.lanjut == (a.index + 1,) and b.lanjut == (b.index + 1,):
                continue  # each goes on to the step below it: the order says it all
            old = ", ".join(str(new_of[n] + 1) if n in new_of else f"(langkah lama {n + 1})" for n in a.lanjut)
            new = ", ".join(str(n + 1) for n in b.lanjut)
        else:
            old, new = _text(getattr(a, key)), _text(getattr(b, key))
        if old != new:
            yield FieldChange(key, label, old, new)


def _branches(step: Step, new_of: dict[int, int] | None) -> str:
    """A decision's branches, each target by its number in the newer version (a target
    the newer version lost, by its old number)."""
    decision = step.keputusan
    if decision is None:
        return ""

    def number(index: int) -> str:
        if new_of is None:
            return str(index + 1)
        return str(new_of[index] + 1) if index in new_of else f"(langkah lama {index + 1})"

    return f"{decision.label_ya}: {number(decision.ya)}; {decision.label_tidak}: {number(decision.tidak)}"


def _text(value) -> str:
    """A value as the report prints it."""
    if value is None:
        return "-"
    if hasattr(value, "isoformat"):
        return format_date(value)
    if hasattr(value, "jabatan") and hasattr(value, "nama"):  # an official
        return "; ".join(v for v in (value.jabatan, value.nama, value.pangkat, value.nip and f"NIP {value.nip}") if v)
    if hasattr(value, "ref") and hasattr(value, "nama"):  # a related SOP
        return value.nama + (f" ({value.nomor})" if value.nomor else "")
    if isinstance(value, tuple | list):
        return "; ".join(_text(v) for v in value)
    return str(value)


def as_json(changes: list[UnitChanges], dari: str, sampai: str) -> dict:
    """What `--json` prints: per unit the SOP ids added, removed and changed, and for each
    changed SOP what changed."""
    return {
        "dari": dari,
        "sampai": sampai,
        "unit": {
            u.id: {
                "ditambah": [s.key.sop for s in u.ditambah],
                "dihapus": [s.key.sop for s in u.dihapus],
                "diubah": {
                    c.id: {
                        "identitas": {f.key: {"sebelum": f.before, "sesudah": f.after} for f in c.identity},
                        "langkah": [{"perubahan": s.kind, "sebelum": s.before, "sesudah": s.after,
                                     "uraian": s.uraian,
                                     "isi": {f.key: {"sebelum": f.before, "sesudah": f.after} for f in s.fields}}
                                    for s in c.steps],
                    }
                    for c in u.diubah
                },
            }
            for u in changes
        },
    }
