"""A document an office gives `sopgen import` -> the SOPs it holds, by what the file is
(its first bytes), not by its name: a PDF, a Word document, an Excel workbook. A file that
is not a regular file (a FIFO, a device), is too large, or is something else is refused in
one Indonesian line before anything reads it."""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path

from ..errors import os_reason
from .found import FoundSop, Unreadable
from .printed import MAX_BYTES

MAX_INFLATED = 200 * 1024 * 1024  # what a .docx or .xlsx may inflate to; a 300-SOP book is ~20 MB
MAX_RATIO = 200  # a part that inflates more than this per byte is a zip bomb, not a document


def read_document(path: Path) -> list[FoundSop]:
    data = _bytes(path)
    head = data[:1024]
    if b"%PDF-" in head:
        from .pdf import read_pdf

        return read_pdf(path, data)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise Unreadable(f"{path}: dokumen terkunci kata sandi atau format Office lama (.doc/.xls);"
                         " buka di Word atau Excel, hapus kata sandinya, lalu simpan sebagai .docx atau .xlsx")
    if head.startswith(b"PK"):
        names = _package(path, data)
        if "word/document.xml" in names:
            from .docx import read_docx

            return read_docx(path, data)
        if "xl/workbook.xml" in names:
            from .xlsx import read_xlsx

            return read_xlsx(path, data)
        raise Unreadable(f"{path}: berkas zip ini bukan dokumen Word (.docx) atau lembar kerja Excel (.xlsx)")
    raise Unreadable(f"{path}: bukan PDF, dokumen Word (.docx) atau lembar kerja Excel (.xlsx)")


def _bytes(path: Path) -> bytes:
    """The file's bytes, read only when it is a regular file of a sensible size."""
    try:
        info = path.stat()
    except OSError as e:
        raise Unreadable(f"{path}: tidak dapat dibaca: {os_reason(e)}") from None
    if stat.S_ISDIR(info.st_mode):
        raise Unreadable(f"{path}: ini folder; sebutkan folder tanpa berkas untuk mengimpor isinya")
    if not stat.S_ISREG(info.st_mode):
        raise Unreadable(f"{path}: bukan berkas biasa (pipa atau perangkat); simpan dokumennya sebagai berkas")
    if info.st_size > MAX_BYTES:
        raise Unreadable(f"{path}: berkas terlalu besar ({info.st_size // (1024 * 1024)} MB; paling besar"
                         f" {MAX_BYTES // (1024 * 1024)} MB)")
    if info.st_size == 0:
        raise Unreadable(f"{path}: berkas kosong")
    try:
        with path.open("rb") as handle:
            return handle.read(MAX_BYTES + 1)
    except OSError as e:
        raise Unreadable(f"{path}: tidak dapat dibaca: {os_reason(e)}") from None


def _package(path: Path, data: bytes) -> set[str]:
    """The part names of an Office package, once its sizes show it is no zip bomb."""
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            infos = package.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError):
        raise Unreadable(f"{path}: berkas rusak (zip tidak utuh)") from None
    inflated = sum(info.file_size for info in infos)
    if inflated > MAX_INFLATED or any(info.file_size > MAX_RATIO * max(info.compress_size, 1) + 1_000_000
                                      for info in infos):
        raise Unreadable(f"{path}: isi berkas mengembang menjadi {inflated // (1024 * 1024)} MB, jauh melebihi"
                         " dokumen SOP mana pun (zip bomb?); dokumen ini tidak dibaca")
    return {info.filename for info in infos}


def read_part(path: Path, data: bytes, name: str) -> bytes:
    """One part of an Office package, read no further than its declared size."""
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            info = package.getinfo(name)
            with package.open(info) as part:
                content = part.read(info.file_size + 1)
    except KeyError:
        raise Unreadable(f"{path}: bagian {name} tidak ada di berkas") from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError):
        raise Unreadable(f"{path}: berkas rusak (zip tidak utuh)") from None
    if len(content) > info.file_size:
        raise Unreadable(f"{path}: bagian {name} lebih besar dari yang dinyatakan berkasnya; dokumen ini tidak dibaca")
    return content
