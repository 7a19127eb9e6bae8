"""The orchestrator: a sources folder -> checked model (and, in later stages, the books).

It calls the stages in pipeline order and holds no logic of its own: discover the files,
load and validate every one of them, and only then hand the model to what comes next.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import Diagnostics, Location, UsageError
from .layout import LayoutError
from .model import Sop, Sources
from .render import render_sop
from .sources import discover
from .validate import validate
from .write import write_atomic


@dataclass(frozen=True)
class Checked:
    partial: Sources | None  # every unit and SOP whose files have no error
    diagnostics: Diagnostics

    @property
    def ok(self) -> bool:
        return self.partial is not None and not self.diagnostics.has_errors()

    @property
    def sources(self) -> Sources | None:
        """The whole tree, only when no source has an error."""
        return self.partial if self.ok else None


def check(root: Path) -> Checked:
    """Read and validate the whole source tree; every problem is in the diagnostics."""
    if not root.is_dir():
        raise UsageError(f"folder sumber {root} tidak ada")
    diagnostics = Diagnostics()
    tree = discover(root, diagnostics)
    return Checked(validate(tree, diagnostics), diagnostics)


@dataclass(frozen=True)
class Preview:
    """The outcome of building one SOP: where it went (None when it could not be built)
    and the diagnostics of the files it depends on."""

    written: Path | None
    sop: Sop | None
    diagnostics: Diagnostics  # of the SOP's own files: itself, its unit, pemda, catalogue
    elsewhere: int  # errors in unrelated files, which do not stop this preview


def build_sop(path: Path, output: Path | None = None) -> Preview:
    """Render one SOP file as .docx (default output/<unit>/<sop>.docx)."""
    if not path.is_file() or path.suffix != ".yaml":
        raise UsageError(f"{path} bukan berkas SOP (.yaml)")
    root = path.resolve().parent.parent
    checked = check(root)
    own = {path.resolve(), path.resolve().parent / "unit.yaml", root / "pemda.yaml",
           root / "dasar-hukum.yaml"}
    mine = Diagnostics([d for d in checked.diagnostics.items if Path(d.location.path).resolve() in own])
    elsewhere = len(checked.diagnostics.errors) - len(mine.errors)
    sources = checked.partial
    unit = next((u for u in sources.units if u.id == path.resolve().parent.name), None) if sources else None
    sop = next((s for s in unit.sops if s.path.resolve() == path.resolve()), None) if unit else None
    if sop is None or mine.has_errors():
        return Preview(None, None, mine, elsewhere)
    target = output or Path("output") / unit.id / f"{path.stem}.docx"
    try:
        data = render_sop(sources, unit, sop)
    except LayoutError as e:
        mine.error(Location(sop.path), str(e))
        return Preview(None, sop, mine, elsewhere)
    write_atomic(target, data)
    return Preview(target, sop, mine, elsewhere)
