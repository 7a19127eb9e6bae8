"""What reading and checking a sources folder gives: the model of everything valid, and
every diagnostic. Later stages (books, status, the recap) take this, never the files."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import Diagnostics
from .model import Sources
from .sources import SourceTree


@dataclass(frozen=True)
class Checked:
    partial: Sources | None  # every unit and SOP whose files have no error
    diagnostics: Diagnostics
    tree: SourceTree | None = None  # the files that were read (units without SOPs included)

    @property
    def ok(self) -> bool:
        return self.partial is not None and not self.diagnostics.has_errors()

    @property
    def sources(self) -> Sources | None:
        """The whole tree, only when no source has an error."""
        return self.partial if self.ok else None
