"""Word documents -> PDF through LibreOffice (headless), without silent failures.

Every LibreOffice run has a private profile (two conversions sharing one profile make
the second write nothing), `--norestore`, and a timeout after which its whole process
group is killed; a failed run is retried once. A PDF counts only if it exists, is a PDF
and has the expected number of pages; it is written beside its .docx under a temporary
name and renamed, so a failed or killed conversion never leaves half a PDF where the
previous one was. Many documents go through one LibreOffice start (about 1 s), and `jobs`
starts run side by side.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .errors import SopgenError, os_reason
from .platform import install_hint, soffice_places, spawn, stop
from .write import write_atomic

TIMEOUT = 120  # seconds for one LibreOffice run: its start, and a book of unknown length
PER_PAGE = 2  # and this much more per page it converts (a 340-page book: 800 s)
INSTALL_HINT = "LibreOffice tidak ditemukan; PDF tidak dibuat. " + install_hint()
PDFA_FILTER = "pdf:writer_pdf_Export:" + json.dumps({
    "SelectPdfVersion": {"type": "long", "value": "2"},  # PDF/A-2b, what archives ask for
    "UseTaggedPDF": {"type": "boolean", "value": "true"},
})


class PdfError(SopgenError):
    """LibreOffice is missing, hung, crashed, or wrote no (or a wrong) PDF."""


class _Refused(PdfError):
    """A PDF that its finisher refused (a TTE slot out of place): not retried."""


Finisher = Callable[[bytes], tuple[bytes, dict[Path, bytes | None]]]


class _TimedOut(PdfError):
    """A LibreOffice run that exceeded its limit (not retried)."""


def find_soffice() -> str | None:
    override = os.environ.get("SOPGEN_SOFFICE")  # a LibreOffice elsewhere (or a test's fake)
    if override:
        return override
    found = shutil.which("soffice") or shutil.which("libreoffice")
    return found or next((str(p) for p in soffice_places() if p.is_file()), None)


def page_count(data: bytes) -> int:
    """Pages of a PDF as LibreOffice writes it (page objects are not compressed)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))


def convert(documents: list[Path], pages: dict[Path, int] | None = None, pdfa: bool = False,
            jobs: int = 1, timeout: int = TIMEOUT, progress=lambda pdf: None,
            finish: dict[Path, Finisher] | None = None) -> list[Path]:
    """Convert each .docx to a .pdf beside it; returns the PDFs in the same order. Each
    LibreOffice run may take `timeout` seconds plus PER_PAGE for every page it converts
    (from `pages`): a fixed limit failed every large book however often it was retried.
    `finish[document]`, where given, checks the PDF LibreOffice wrote and returns the
    bytes to write and the files to write beside it (None: to remove), all before the
    PDF replaces the previous one; a SopgenError it raises keeps the previous PDF."""
    soffice = find_soffice()
    if soffice is None:
        raise PdfError(INSTALL_HINT)
    if not documents:
        return []
    jobs = max(1, min(jobs, len(documents)))
    batches = [documents[i::jobs] for i in range(jobs)]
    with ThreadPoolExecutor(jobs) as pool:
        list(pool.map(lambda batch: _convert_batch(soffice, batch, pages or {}, pdfa, timeout, progress,
                                                   finish or {}), batches))
    return [d.with_suffix(".pdf") for d in documents]


def _convert_batch(soffice: str, documents: list[Path], pages: dict[Path, int], pdfa: bool,
                   timeout: int, progress, finish: dict[Path, Finisher]) -> None:
    limit = timeout + PER_PAGE * sum(pages.get(d, 0) or 0 for d in documents)
    for attempt in (1, 2):
        try:
            _run(soffice, documents, pages, pdfa, limit, progress, finish)
            return
        except _TimedOut as e:  # the same limit again would only double the wait
            raise PdfError(str(e)) from None
        except _Refused as e:  # the PDF is as LibreOffice writes it: another run writes it again
            raise PdfError(str(e)) from None
        except PdfError:
            if attempt == 2:
                raise


def _run(soffice: str, documents: list[Path], pages: dict[Path, int], pdfa: bool,
         timeout: int, progress=lambda pdf: None, finish: dict[Path, Finisher] | None = None) -> None:
    with tempfile.TemporaryDirectory(prefix="sopgen-lo-") as work:
        profile, out = Path(work) / "profile", Path(work) / "out"
        command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                   "--norestore", "--nologo", "--nodefault", "--nolockcheck", "--convert-to",
                   PDFA_FILTER if pdfa else "pdf", "--outdir", str(out), *map(str, documents)]
        with open(Path(work) / "soffice.log", "w+b") as log:
            process = spawn(command, log)
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                total = sum(pages.get(d, 0) or 0 for d in documents)
                size = f", {total} halaman" if total else ""
                raise _TimedOut(f"LibreOffice tidak selesai dalam {timeout} detik"
                                f" ({', '.join(d.name for d in documents)}{size}); PDF sebelumnya"
                                " tetap utuh. Ulangi dengan -j 1 bila mesin sedang sibuk") from None
            finally:
                stop(process)
            log.seek(0)
            stderr = log.read()
        said = stderr.decode("utf-8", "replace").strip()
        for document in documents:
            pdf = out / f"{document.stem}.pdf"
            data = pdf.read_bytes() if pdf.is_file() else b""
            if not data.startswith(b"%PDF-"):
                reason = said or f"kode keluar {process.returncode}"
                raise PdfError(f"LibreOffice tidak menulis PDF untuk {document.name}: {reason}")
            expected = pages.get(document)
            if expected is not None and page_count(data) != expected:
                # LibreOffice's stderr ("failed to launch javaldx") says nothing about pages
                raise PdfError(f"PDF {document.stem} memiliki {page_count(data)} halaman, seharusnya"
                               f" {expected}: nomor halaman di daftar isi tidak akan cocok, jadi PDF"
                               " tidak ditulis. Periksa apakah huruf yang dipakai terpasang"
                               " (fonts-liberation2 untuk Arial); jika sudah, laporkan buku ini"
                               " sebagai kesalahan sopgen")
            beside: dict[Path, bytes | None] = {}
            if finish and document in finish:
                try:
                    data, beside = finish[document](data)
                except SopgenError as e:
                    raise _Refused(str(e)) from None
                pdf.write_bytes(data)
            target = document.with_suffix(".pdf")
            temporary = None
            try:
                for path, content in beside.items():  # before the PDF: never a PDF without its sidecar
                    if content is None:
                        path.unlink(missing_ok=True)
                    else:
                        write_atomic(path, content)
                handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                                     dir=target.parent)
                os.close(handle)
                shutil.move(pdf, temporary)  # two builds at once each have their own
                os.chmod(temporary, 0o644)
                os.replace(temporary, target)
            except OSError as e:  # a full disk, no permission; on Windows, the PDF open in a reader
                if temporary is not None:
                    Path(temporary).unlink(missing_ok=True)
                held = isinstance(e, PermissionError) and target.exists()
                reason = ("berkas itu sedang dibuka program lain (mis. pembaca PDF); tutup berkasnya,"
                          " lalu ulangi" if held else os_reason(e))
                raise PdfError(f"tidak dapat menulis {target}: {reason}. PDF sebelumnya tetap utuh") from None
            progress(target)


def missing_fonts(families: list[str]) -> list[str]:
    """The families (or their metric clones) that fontconfig cannot find: a missing font
    silently moves line breaks, so the PDF would no longer match the layout."""
    if shutil.which("fc-match") is None:
        return []
    clones = {"arial": ("arial", "liberation sans")}
    missing = []
    for family in families:
        found = subprocess.run(["fc-match", "-f", "%{family}", family], capture_output=True,
                               text=True).stdout.lower()
        if not any(name in found for name in clones.get(family.lower(), (family.lower(),))):
            missing.append(family)
    return missing
