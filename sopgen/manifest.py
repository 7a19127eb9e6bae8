"""The output folder's record (`output/.sopgen-manifest.json`): for each book the hashes of
the files it was made from, its own hash, pages, font and PDF state; the fingerprint of
the code that made the books; the day the recap was made for. It is what makes `make`
incremental; deleting it only costs a full rebuild."""

from __future__ import annotations

import hashlib
import json
from importlib import metadata
from pathlib import Path

from .write import write_atomic

NAME = ".sopgen-manifest.json"
CODE = Path(__file__).resolve().parent
# a new release of these changes the bytes of the .docx even when sopgen did not change
LIBRARIES = ("python-docx", "docxtpl", "lxml", "jinja2")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def code_fingerprint(templates: Path) -> str:
    """Changing sopgen itself, a template or a library that writes the documents rebuilds
    every book."""
    hasher = hashlib.sha256()
    for path in sorted([*CODE.rglob("*.py"), *CODE.rglob("*.json"), *templates.glob("*.docx")]):
        name = path.relative_to(CODE).as_posix() if path.is_relative_to(CODE) else path.name
        hasher.update(name.encode())
        hasher.update(path.read_bytes())
    for library in LIBRARIES:
        try:
            hasher.update(f"{library}=={metadata.version(library)}".encode())
        except metadata.PackageNotFoundError:
            hasher.update(f"{library} missing".encode())
    return hasher.hexdigest()


class Manifest:
    """One output folder's record, read once and written back whole (atomically)."""

    def __init__(self, path: Path, data: dict):
        self.path = path
        self.data = data

    @classmethod
    def read(cls, output: Path) -> "Manifest | None":
        """The record, or None when there is none (no build yet) or it is unreadable."""
        path = output / NAME
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return cls(path, data if isinstance(data, dict) else {})

    @classmethod
    def open(cls, output: Path) -> "Manifest":
        """The record, or an empty one."""
        return cls.read(output) or cls(output / NAME, {})

    def for_code(self, code: str) -> "Manifest":
        """Forget every book made by other code: they are all out of date."""
        if self.data.get("code") != code:
            self.data = {"code": code, "books": {}}
        return self

    @property
    def books(self) -> dict[str, dict]:
        return self.data.setdefault("books", {})

    @property
    def rekap(self) -> str | None:
        return self.data.get("rekap")

    @rekap.setter
    def rekap(self, day: str) -> None:
        self.data["rekap"] = day

    @property
    def rekap_pdf(self) -> dict | None:
        """What rekap.pdf was made from: the sha of rekap.docx, and whether as PDF/A."""
        return self.data.get("rekap_pdf")

    @rekap_pdf.setter
    def rekap_pdf(self, made_from: dict) -> None:
        self.data["rekap_pdf"] = made_from

    def save(self) -> None:
        write_atomic(self.path, json.dumps(self.data, indent=1, sort_keys=True).encode())
