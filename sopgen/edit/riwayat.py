"""A changed SOP (report/changes.py) -> `riwayat:` entries drafted from what changed,
added to the end of the SOP file's list for the author to edit (`sopgen perubahan
--tulis-riwayat`). An entry the file already has is not added twice."""

from __future__ import annotations

import json

from ..report.changes import SopChange
from ..write import write_atomic
from .yaml_text import Text, append_items

DATES = ("tanggal_pembuatan", "tanggal_revisi", "tanggal_efektif")  # the re-issue itself, not a change


def entries(change: SopChange) -> list[tuple[str, str]]:
    """(yang diubah, isi perubahan) for each change, identity first, then the steps."""
    found = [(f.label, f"{f.before} menjadi {f.after}") for f in change.identity if f.key not in DATES]
    for step in change.steps:
        details = "; ".join(f"{f.label}: {f.before or '-'} menjadi {f.after or '-'}" for f in step.fields)
        if step.kind == "ditambah":
            found.append((f"Langkah {step.after}", f"Langkah baru: {step.uraian}"))
        elif step.kind == "dihapus":
            found.append((f"Langkah {step.before} (lama)", f"Langkah dihapus: {step.uraian}"))
        elif step.kind == "dipindah":
            found.append((f"Langkah {step.after}", f"Dipindah dari langkah {step.before}"
                          + (f"; {details}" if details else "")))
        else:
            found.append((f"Langkah {step.after}", details))
    return found


def write_drafts(change: SopChange) -> int:
    """The drafted entries added to the SOP's file; how many were new."""
    sop = change.after
    date = sop.tanggal_revisi or sop.tanggal_efektif
    have = {(h.yang_diubah, h.isi_perubahan, h.tanggal_berlaku) for h in sop.riwayat}
    items = [f"- yang_diubah: {_quoted(what)}\n  isi_perubahan: {_quoted(how)}\n  tanggal_berlaku: {date.isoformat()}"
             for what, how in entries(change) if (what, how, date) not in have]
    if not items:
        return 0
    text = Text.decode(sop.path.read_bytes())
    write_atomic(sop.path, append_items(text, sop.path, "riwayat", items).encode())
    return len(items)


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string is one), whatever the text holds."""
    return json.dumps(text, ensure_ascii=False)
