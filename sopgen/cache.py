"""Work already done, kept under `output/.sopgen-cache/`: a checked SOP file, a rendered
SOP part. Each value is stored under the hash of everything it was computed from, so a
hit is exactly what the computation would give again, and a city rebuild after one edit
checks and renders one file.

Safe to delete at any time (the next run computes and stores again). One folder per code
fingerprint: a new sopgen, template or library never reads an old entry, and the old
folders are removed by the next build. Each entry carries the hash of its own bytes and is
renamed into place whole, so a killed run, a full disk, a damaged or a misplaced file is
a miss, never trusted. Entries are Python pickles: the cache is as trusted as the output folder that
holds it, like the books themselves; never fill it from someone else's output folder.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
from collections import OrderedDict
from pathlib import Path
from typing import Any

FOLDER = ".sopgen-cache"
MAGIC = b"sopgen-cache 1\n"


def key(*parts: Any) -> str:
    """The key of a value computed from `parts`: bytes as they are, anything else by its
    repr (the model's dataclasses print every field, paths and dates included)."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else repr(part).encode()
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


def _seal(name: str, body: bytes) -> bytes:
    """The hash an entry carries: of its name and its bytes, so that an entry copied or
    renamed to another key is as untrusted as a damaged one."""
    return hashlib.sha256(name.encode() + b"\0" + body).digest()
MEMORY_ENTRIES = 4096  # entries a read-only cache keeps in memory; a city has a few thousand SOPs


class Cache:
    """One code version's store of kinds ("check", "part") of entries; `Cache(None)` keeps
    nothing (tests compare with and without). `read_only` takes what the folder holds and
    keeps what it computes in memory only: for `sopgen preview`, which writes nothing."""

    def __init__(self, folder: Path | None, read_only: bool = False):
        self.folder = folder
        self.read_only = read_only
        self.memory: OrderedDict[tuple[str, str], object] = OrderedDict()  # newest last
        self.used: dict[str, set[str]] = {}  # kind -> keys read or written by this run

    @classmethod
    def under(cls, output: Path, code: str) -> "Cache":
        """The store in an output folder, for code with this fingerprint."""
        return cls(output / FOLDER / code[:16])

    def get(self, kind: str, name: str) -> Any | None:
        if (kind, name) in self.memory:
            self.memory.move_to_end((kind, name))
            return self.memory[kind, name]
        if self.folder is None:
            return None
        try:
            data = (self.folder / kind / name).read_bytes()
        except OSError:
            return None
        body = data[len(MAGIC) + 32:]
        if not data.startswith(MAGIC) or data[len(MAGIC):len(MAGIC) + 32] != _seal(name, body):
            return None  # truncated, damaged or misplaced: computed again, the entry replaced
        try:
            value = pickle.loads(body)
        except Exception:  # noqa: BLE001 - written by other code with the same fingerprint? never trusted
            return None
        self.keep(kind, name)
        return value

    def put(self, kind: str, name: str, value: Any) -> None:
        """Store a value; a store that cannot be written is only a slower next run."""
        if self.read_only:
            self.memory[kind, name] = value
            while len(self.memory) > MEMORY_ENTRIES:  # a preview saved all day: the oldest go
                self.memory.popitem(last=False)
            return
        if self.folder is None:
            return
        body = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        folder = self.folder / kind
        temporary = folder / f".{name}.{os.getpid()}.tmp"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            temporary.write_bytes(MAGIC + _seal(name, body) + body)
            os.replace(temporary, folder / name)  # whole or not at all
        except OSError:
            try:
                temporary.unlink(missing_ok=True)
            except OSError:
                pass
            return
        self.keep(kind, name)

    def get_or_make(self, kind: str, name: str, make) -> Any:
        """The stored value, or `make()`'s, stored."""
        value = self.get(kind, name)
        if value is None:
            value = make()
            self.put(kind, name, value)
        return value

    def keep(self, kind: str, name: str) -> None:
        """Count an entry as used by this run (stored by a worker process, say)."""
        self.used.setdefault(kind, set()).add(name)

    def prune(self, kind: str, keep: set[str]) -> None:
        """Remove the entries of `kind` that are not in `keep` (the output folder's lock
        held), and the folders of other code versions."""
        if self.folder is None or self.read_only:
            return
        try:
            for other in self.folder.parent.iterdir() if self.folder.parent.is_dir() else ():
                if other != self.folder and other.is_dir():
                    shutil.rmtree(other, ignore_errors=True)
            folder = self.folder / kind
            for entry in folder.iterdir() if folder.is_dir() else ():
                if entry.name not in keep:
                    entry.unlink(missing_ok=True)
        except OSError:  # a folder that cannot be written (read-only, another user's) keeps them
            return
