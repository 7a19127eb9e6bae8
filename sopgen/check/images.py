"""A logo file -> why the book could not show it, read from its bytes as Word and
python-docx will (the signature, then every PNG chunk or JPEG segment up to the image
data), so that whatever `check` accepts, `build` can put on the page."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from ..errors import os_reason

MAX_BYTES = 10 * 1024 * 1024  # a logo is tens of kilobytes; a photograph of the seal, a few MB
PNG = b"\x89PNG\r\n\x1a\n"
JPEG = b"\xff\xd8\xff"


def image_problem(path: Path, name: str) -> str | None:
    """Why the file at `path` (written as `name`) is no PNG or JPEG a book can show; None
    when it is one."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return (f'logo "{name}" terlalu besar ({size // (1024 * 1024)} MB; paling besar'
                    f" {MAX_BYTES // (1024 * 1024)} MB); perkecil gambarnya")
        data = path.read_bytes()
    except OSError as e:
        return f'logo "{name}" tidak dapat dibaca: {os_reason(e)}'
    if data.startswith(PNG):
        return None if _png_whole(data) else f'logo "{name}" adalah PNG yang rusak; simpan ulang gambarnya'
    if data.startswith(JPEG):
        return None if _jpeg_whole(data) else f'logo "{name}" adalah JPEG yang rusak; simpan ulang gambarnya'
    return f'logo "{name}" bukan gambar PNG atau JPEG'


def _png_whole(data: bytes) -> bool:
    """Every chunk whole and with its checksum, IHDR first with a size, IEND last."""
    at, first = len(PNG), True
    while at + 12 <= len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        end = at + 12 + length
        if end > len(data):
            return False
        body = data[at + 8:end - 4]
        if struct.unpack(">I", data[end - 4:end])[0] != zlib.crc32(kind + body):
            return False
        if first:
            if kind != b"IHDR" or length != 13:
                return False
            width, height = struct.unpack(">II", body[:8])
            if not width or not height:
                return False
            first = False
        if kind == b"IEND":
            return True
        at = end
    return False


def _jpeg_whole(data: bytes) -> bool:
    """Segments well formed up to the image data, one of them a frame with a size."""
    at, sized = 2, False
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            return False
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker in (0x01, *range(0xD0, 0xD8)):  # markers without a length
            at += 2
            continue
        length = struct.unpack(">H", data[at + 2:at + 4])[0]
        if length < 2 or at + 2 + length > len(data):
            return False
        if marker in (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF):
            if length < 8:
                return False
            height, width = struct.unpack(">HH", data[at + 5:at + 9])
            sized = bool(width and height)
        if marker == 0xDA:  # start of scan: the image data follows
            return sized
        at += 2 + length
    return False
