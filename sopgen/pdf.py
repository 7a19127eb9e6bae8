"""Word documents -> PDF through LibreOffice (headless), without silent failures.

Every call uses a private LibreOffice profile (two conversions sharing one profile make
the second write nothing), `--norestore`, and a timeout after which the whole process
group is killed. A PDF counts only if it exists and is a PDF; it is written beside the
target under a temporary name and renamed, so a failed conversion never leaves half a
PDF where the previous one was.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from .errors import SopgenError

TIMEOUT = 180  # seconds for one LibreOffice run


class PdfError(SopgenError):
    """LibreOffice is missing, hung, crashed, or wrote no PDF."""


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(documents: list[Path], timeout: int = TIMEOUT) -> list[Path]:
    """Convert each .docx to a .pdf beside it, in one LibreOffice start; returns the PDFs."""
    soffice = find_soffice()
    if soffice is None:
        raise PdfError("LibreOffice tidak ditemukan; pasang dengan: apt-get install"
                       " libreoffice-writer-nogui fonts-liberation2")
    with tempfile.TemporaryDirectory(prefix="sopgen-lo-") as work:
        profile = Path(work) / "profile"
        out = Path(work) / "out"
        command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                   "--norestore", "--nologo", "--nodefault", "--nolockcheck",
                   "--convert-to", "pdf", "--outdir", str(out), *map(str, documents)]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   start_new_session=True)
        try:
            _, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise PdfError(f"LibreOffice tidak selesai dalam {timeout} detik") from None
        written = []
        for document in documents:
            pdf = out / f"{document.stem}.pdf"
            if not pdf.is_file() or not pdf.read_bytes()[:5] == b"%PDF-":
                message = stderr.decode("utf-8", "replace").strip() or f"kode keluar {process.returncode}"
                raise PdfError(f"LibreOffice tidak menulis PDF untuk {document}: {message}")
            target = document.with_suffix(".pdf")
            temporary = target.with_name(f".{target.name}.tmp")
            shutil.move(pdf, temporary)
            os.replace(temporary, target)
            written.append(target)
        return written
