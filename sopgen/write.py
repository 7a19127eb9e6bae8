"""Bytes -> a file on disk, atomically: a temporary file beside the target, then a rename;
and the output folder held by one run at a time.

An interrupted run (Ctrl-C, kill, a full disk) leaves either the old file or the new
one, never half of one; a failed write is a message naming the file, never a traceback.
"""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from contextlib import contextmanager
from pathlib import Path

from .errors import SopgenError, os_reason
from .platform import lock

FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # zip entries carry no build time: same input, same bytes
LOCK = ".sopgen.lock"


class OutputError(SopgenError):
    """The output folder cannot take the books: busy, unusable, or the disk refused."""


class OutputBusy(OutputError):
    """Another sopgen is writing into the same output folder."""


@contextmanager
def output_lock(output: Path, wait: bool = False):
    """Hold the output folder for one run: two builds (or a build and `sopgen pdf`) into
    one folder would clear each other's temporary files and race on the manifest. The
    lock is the kernel's (flock, or Windows' file locking), so a killed run never leaves
    it held. With `wait`, a
    second run queues behind the first (make -j over units, several CI steps) instead of
    stopping; each then reads the manifest the other wrote."""
    try:
        output.mkdir(parents=True, exist_ok=True)
        handle = open(output / LOCK, "a+b")
    except OSError as e:
        raise OutputError(f"folder keluaran {output} tidak dapat dipakai: {os_reason(e)}") from None
    try:
        if not lock(handle, wait):
            raise OutputBusy(f"folder keluaran {output} sedang dipakai oleh sopgen lain (build"
                             " atau pdf); tunggu sampai selesai, lalu ulangi")
        yield
    finally:
        handle.close()


class WriteError(OutputError):
    """A file could not be written; the previous one, if any, is untouched."""


class _Open(OSError):
    """The file to replace is held open by another program (Word, on Windows)."""


def write_atomic(path: Path, data: bytes) -> None:
    try:
        _write_atomic(path, data)
    except _Open as e:
        raise WriteError(f"tidak dapat menulis {path}: berkas itu sedang dibuka program lain (mis. Word atau"
                         " pembaca PDF); tutup berkasnya, lalu ulangi. Berkas sebelumnya tetap utuh") from e.__cause__
    except OSError as e:
        raise WriteError(f"tidak dapat menulis {path}: {os_reason(e)}; berkas sebelumnya tetap"
                         " utuh") from None


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)
        try:
            os.replace(temporary, path)
        except PermissionError as e:
            if path.is_file():  # Windows refuses to replace a file another program holds open
                raise _Open() from e
            raise
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def normalized_zip(data: bytes, rewrite=lambda name, blob: blob) -> bytes:
    """The same zip (a .docx, an .xlsx) with every entry stamped with one fixed time;
    `rewrite` may change an entry's content (a save time written inside it)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, rewrite(info.filename, source.read(info.filename)))
    return out.getvalue()
