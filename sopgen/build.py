"""The orchestrator: a sources folder -> checked model (and, in later stages, the books).

It calls the stages in pipeline order and holds no logic of its own: discover the files,
load and validate every one of them, and only then hand the model to what comes next.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import Diagnostics, UsageError
from .model import Sources
from .sources import discover
from .validate import validate


@dataclass(frozen=True)
class Checked:
    sources: Sources | None  # None when any source has an error
    diagnostics: Diagnostics


def check(root: Path) -> Checked:
    """Read and validate the whole source tree; every problem is in the diagnostics."""
    if not root.is_dir():
        raise UsageError(f"folder sumber {root} tidak ada")
    diagnostics = Diagnostics()
    tree = discover(root, diagnostics)
    return Checked(validate(tree, diagnostics), diagnostics)
