"""The orchestrator: a sources folder -> checked sources -> the books (.docx, PDF) and
the recap, each stage called in pipeline order.

It holds no stage's logic: discover, load and validate every file (check/), and only then
lay out and render the books (flowchart/, document/) in worker processes, write them
atomically, record what they were made from (manifest), and convert them (pdf)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from .cache import Cache
from .check.checked import Checked
from .check.model import Pemda, Sop, Sources, tte_of
from .check.sources import SourceTree, discover
from .check.validate import validate
from .errors import Diagnostics, Location, UsageError
from .flowchart.geometry import LayoutError, Style, landscape
from .flowchart.layout import layout
from .manifest import Manifest, code_fingerprint, digest
from .platform import prepare_worker
from .write import output_lock, write_atomic

if TYPE_CHECKING:
    from .publish.site import SiteReport


def check(root: Path, cache: Cache | None = None, jobs: int | None = None,
          discovered: tuple[SourceTree, Diagnostics] | None = None,
          today: dt.date | None = None) -> Checked:
    """Read and validate the whole source tree; every problem is in the diagnostics.
    With a cache, only the SOP files that changed since it was filled are read; those
    are read on `jobs` cores (default: all) when there are enough of them. `discovered`:
    the tree as a caller already found it (and what finding it said), not scanned again.
    `today`: the date that dates are checked against (default: the system's)."""
    if not root.is_dir():
        raise UsageError(f"folder sumber {root} tidak ada")
    if discovered is not None:
        tree, diagnostics = discovered
    else:
        diagnostics = Diagnostics()
        tree = discover(root, diagnostics)
    sources = validate(tree, diagnostics, cache, also=_check_page, spread=_spread(jobs), today=today)
    return Checked(sources, diagnostics, tree)


PARALLEL_CHECK = 64  # fewer files than this are read faster than worker processes start


def _spread(jobs: int | None):
    """A `map` over worker processes, for many independent files."""
    def spread(function, items):
        items = list(items)
        count = max(1, min(jobs or os.cpu_count() or 1, len(items) // (PARALLEL_CHECK // 2)))
        if count == 1 or len(items) < PARALLEL_CHECK:
            return list(map(function, items))
        with _pool(count) as pool:
            return list(pool.map(function, items, chunksize=max(1, len(items) // (count * 8))))
    return spread


def check_cache(output: Path) -> Cache:
    """For `sopgen check`: the cache of the output folder, none when there is no output
    folder yet (checking never creates it)."""
    from .document import TEMPLATES

    return Cache.under(output, code_fingerprint(TEMPLATES)) if output.is_dir() else Cache(None)


def _check_page(sop: Sop, pemda: Pemda, diagnostics: Diagnostics) -> None:
    """What the flowchart's pages cannot hold (a step taller than a page, more actors than
    its width, a label with no room), reported by `check` at the step's line as `build`
    would refuse it: the whole layout is made, so that whatever `check` accepts, `build`
    builds (the result is cached with the file's check, so a warm check lays out only the
    files that changed)."""
    try:
        # with the band a signing portal stamps kept free where the government signs
        # electronically (a unit's own choice is laid out, and so checked, by its build)
        layout(sop, landscape(pemda.kertas, tte=pemda.tte is not None), Style(font=pemda.huruf))
    except LayoutError as e:
        diagnostics.error(_where(e, sop), str(e))


def _where(error: LayoutError, sop: Sop | None) -> Location:
    """Where a layout failure is told: at the step it is about, else at its SOP file."""
    step = sop.kegiatan[error.step] if sop is not None and error.step is not None else None
    if step is not None and step.location:
        return step.location
    return Location(error.path or (sop.path if sop is not None else Path(".")))


@dataclass(frozen=True)
class Preview:
    """The outcome of building one SOP: where it went (None when it could not be built)
    and the diagnostics of the files it depends on."""

    written: Path | None
    sop: Sop | None
    diagnostics: Diagnostics  # of the SOP's own files: itself, its unit, pemda, catalogue
    elsewhere: int  # errors in unrelated files, which do not stop this preview
    svg: Path | None = None  # its flowchart as SVG, when asked for


def build_sop(path: Path, output: Path | None = None, svg: bool = False) -> Preview:
    """Render one SOP file as .docx (default output/<unit>/<sop>.docx), and with `svg` its
    flowchart pages as one SVG beside it."""
    if not path.is_file() or path.suffix != ".yaml":
        raise UsageError(f"{path} bukan berkas SOP (.yaml)")
    root = path.resolve().parent.parent
    if path.name in ("pemda.yaml", "dasar-hukum.yaml", "unit.yaml") or not (root / "pemda.yaml").is_file():
        # else the folder above sources/ would be read as the sources: thousands of errors
        raise UsageError(f"{path} bukan berkas SOP: SOP ada di folder unit, mis."
                         " sources/nama-unit/nama-sop.yaml; untuk semua buku jalankan sopgen build"
                         " --sources FOLDER")
    checked = check(root, check_cache(Path("output")))  # the books' cache, when there is one
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
    from .document.render import render_sop  # Word libraries load only when a document is made

    try:
        data = render_sop(sources, unit, sop)
    except LayoutError as e:
        mine.error(_where(e, sop), str(e))
        return Preview(None, sop, mine, elsewhere)
    write_atomic(target, data)
    drawing = None
    if svg:
        from .flowchart.layout import layout
        from .flowchart.svg import diagram_svg

        pemda = sources.pemda
        drawing = target.with_suffix(".svg")
        setup = landscape(pemda.kertas, tte=tte_of(pemda, unit) is not None)  # as the document's
        diagram = layout(sop, setup, Style(font=pemda.huruf))
        write_atomic(drawing, diagram_svg(diagram).encode())
    return Preview(target, sop, mine, elsewhere, drawing)


# --- books -------------------------------------------------------------------------------

@dataclass(frozen=True)
class BookResult:
    unit: str
    path: Path
    sops: int
    pages: int
    seconds: float


@dataclass(frozen=True)
class BuildReport:
    diagnostics: Diagnostics
    written: tuple[BookResult, ...]
    current: tuple[str, ...]  # units whose book was already up to date
    failed: tuple[str, ...]  # units not built because of errors
    checked: Checked | None = None  # the validated sources, when they were read
    alongside: object = None  # what `alongside` gave, when books were rendered

    @property
    def ok(self) -> bool:
        return not self.diagnostics.has_errors() and not self.failed


def _dependencies(sources: Sources, unit) -> list[Path]:
    """Every file a unit's book is made of: the shared files, the unit's own folder (its
    services included: the Standar Pelayanan is written with the book), and the SOPs of
    other units that its SOPs name in `keterkaitan` or its services carry out."""
    root = sources.root
    paths = [root / "pemda.yaml", root / "dasar-hukum.yaml", *sorted(unit.path.glob("*.yaml")),
             *sorted(unit.path.glob("layanan/*.yaml"))]
    if sources.pemda.logo:
        paths.append(sources.pemda.logo)
    for sop in unit.sops:
        for related in sop.keterkaitan:
            if related.ref is not None and related.ref.unit != unit.id:
                other = sources.sop(related.ref)
                if other is not None:
                    paths.append(other.path)
    for service in unit.layanan:  # another unit's SOP a service names: its steps are printed
        paths += [other.path for key in service.sop if key.unit != unit.id
                  for other in [sources.sop(key)] if other is not None]
    return [p for p in dict.fromkeys(paths) if p.exists()]


def _fresh(entry: dict | None, folder: Path, book: Path, hashes: dict[str, str]) -> bool:
    """Whether the recorded dependencies of a book are all unchanged and its file intact.
    `hashes` keeps each source's hash for the run: shared files are hashed once, and the
    build records what was hashed here."""
    if not entry or not book.is_file():
        return False
    recorded = entry.get("deps", {})
    if {str(p.resolve()) for p in [*folder.glob("*.yaml"), *folder.glob("layanan/*.yaml")]} - set(recorded):
        return False  # a SOP or service file was added
    for name, hashed in recorded.items():
        path = Path(name)
        if not path.is_file():
            return False
        if name not in hashes:
            hashes[name] = digest(path)
        if hashes[name] != hashed:
            return False
    return digest(book) == entry.get("sha")


def _load_word_libraries() -> None:
    import sopgen.document.book  # noqa: F401 - loaded ahead of the first book


def _render_book(work):
    """One book, in a worker: (book, None, seconds), or (None, LayoutError, seconds)."""
    from .document.book import render_book

    sources, unit, templates, cache = work
    start = time.perf_counter()
    try:
        return render_book(sources, unit, templates, cache), None, time.perf_counter() - start
    except LayoutError as e:
        return None, e, time.perf_counter() - start


def _keep_hand_edits(target: Path, entry: dict | None, diagnostics: Diagnostics) -> None:
    """A book changed since sopgen wrote it (edited in Word) is kept as <unit>.docx.bak
    before it is replaced, with a warning: the edit belongs in the YAML, or it is lost at
    every build. Only the last edited copy is kept."""
    if not entry or not target.is_file():
        return
    data = target.read_bytes()  # read once: hashed, and kept when it was edited
    if hashlib.sha256(data).hexdigest() == entry.get("sha"):
        return
    backup = target.with_name(target.name + ".bak")
    write_atomic(backup, data)
    diagnostics.warning(Location(target), f"buku ini diubah di luar sopgen; salinannya disimpan"
                        f" sebagai {backup.name} dan buku ditulis ulang dari sumber. Perubahan di"
                        " Word hilang pada setiap build: tuliskan di berkas YAML")


@contextmanager
def _pool(jobs: int):
    if jobs <= 1:
        yield None
        return
    pool = ProcessPoolExecutor(jobs, initializer=prepare_worker, initargs=(os.getpid(),))
    try:
        yield pool
    except BaseException:  # Ctrl-C or an error: the books not yet begun are not begun
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def build_books(root: Path, output: Path, units: list[str] | None = None,
                keep_going: bool = False, templates: Path | None = None,
                progress=lambda result: None, jobs: int | None = None,
                alongside: Callable[[Checked], object] | None = None,
                manifest: Manifest | None = None) -> BuildReport:
    """Rebuild the books whose sources changed. Nothing is written unless every source is
    valid (with keep_going: the units without errors); each book is written atomically.
    `alongside(checked)` runs in this process while the workers render (the recap, which
    needs the whole city's model), and its result comes back in the report."""
    from .document import TEMPLATES  # the path only: no Word library for a no-op

    templates = templates or TEMPLATES
    if not root.is_dir():
        raise UsageError(f"folder sumber {root} tidak ada")
    for leftover in output.glob(".*.tmp") if output.is_dir() else ():
        leftover.unlink()  # the temporary file of a build that was killed
    code = code_fingerprint(templates)
    manifest = (manifest or Manifest.open(output)).for_code(code)
    books = manifest.books
    quick = Diagnostics()
    tree = discover(root, quick)
    wanted = [u.id for u in tree.units] if not units else units
    unknown = [u for u in wanted if u not in {t.id for t in tree.units}]
    if unknown:
        raise UsageError(f"unit tidak dikenal: {', '.join(unknown)}")
    folders = {u.id: u.folder for u in tree.units}
    hashes: dict[str, str] = {}  # resolved path -> SHA-256, each source hashed once a run
    stale = [u for u in wanted if not _fresh(books.get(u), folders[u], output / f"{u}.docx", hashes)]
    if not stale and not quick.has_errors():
        return BuildReport(quick, (), tuple(wanted), ())
    workers = max(1, min(jobs or os.cpu_count() or 1, len(stale) + (alongside is not None)))
    # the workers start now, and load the Word libraries while this process checks the
    # sources (a worker that starts after the check spends a third of a one-edit build
    # importing them)
    with _pool(workers) as pool:
        if pool is not None:
            for _ in range(workers):
                pool.submit(_load_word_libraries)
        # every file hashed before it is read: a file edited while the build runs is then
        # recorded with its old hash (or the one that was read), never as up to date with text
        # the book does not hold, and the next build rebuilds its book
        read = {name: hashes.get(name) or digest(p)
                for p in sorted(root.rglob("*")) if p.is_file() for name in (str(p.resolve()),)}
        cache = Cache.under(output, code)
        checked = check(root, cache, jobs, discovered=(tree, quick))  # the tree found above, not scanned again
        cache.prune("check", cache.used.get("check", set()))  # the checks of files as they are now
        diagnostics = checked.diagnostics
        if diagnostics.has_errors() and not keep_going:
            return BuildReport(diagnostics, (), (), tuple(stale))
        sources = checked.partial
        valid, buildable = _buildable(root, checked, stale)
        failed = tuple(u for u in stale if u not in buildable)
        targets = [output / f"{u}.docx" for u in buildable]
        assert len({str(t).casefold() for t in targets}) == len(targets), "two units, one file"
        written = []
        # each worker gets its unit alone: the whole city's model, pickled for every book,
        # cost more than rendering a small unit's book
        work = [(dataclasses.replace(sources, units=(valid[u],)), valid[u], templates, cache)
                for u in buildable]
        # books are independent: one per worker process
        outcomes = pool.map(_render_book, work) if pool else map(_render_book, work)
        extra = alongside(checked) if alongside and buildable else None
        for unit_id, target, (book, error, seconds) in zip(buildable, targets, outcomes):
            unit = valid[unit_id]
            if error is not None:
                sop = next((s for s in unit.sops if error.path is not None and s.path == error.path), None)
                where = _where(error, sop) if error.path is not None else Location(unit.path / "unit.yaml")
                diagnostics.error(where, str(error))
                failed += (unit_id,)
                continue
            _keep_hand_edits(target, books.get(unit_id), diagnostics)
            # before the book: never a book without them
            for extra_doc, data in ((target.with_suffix(".srikandi.docx"), book.srikandi),
                                    (target.with_suffix(".standar-pelayanan.docx"), book.standar)):
                if data is not None:
                    write_atomic(extra_doc, data)
                else:
                    extra_doc.unlink(missing_ok=True)
                    extra_doc.with_suffix(".pdf").unlink(missing_ok=True)
            write_atomic(target, book.data)
            books[unit_id] = _record(sources, unit, book, read)
            result = BookResult(unit_id, target, len(unit.sops), book.pages, seconds)
            written.append(result)
            progress(result)
        _forget_gone(output, books, folders)
        manifest.save()
        cache.prune("part", {name for entry in books.values() for name in entry.get("parts", ())})
        current = tuple(u for u in wanted if u not in stale)
        return BuildReport(diagnostics, tuple(written), current, failed, checked, extra)


def _buildable(root: Path, checked: Checked, stale: list[str]) -> tuple[dict, list[str]]:
    """The valid units, and which of the stale ones can be built: none when a shared file
    (pemda.yaml, dasar-hukum.yaml) is broken, else those without errors of their own."""
    errors = checked.diagnostics.errors
    broken = {Path(d.location.path).resolve().parent.name for d in errors}
    shared_broken = any(Path(d.location.path).resolve().parent == root.resolve() for d in errors)
    sources = checked.partial
    valid = {u.id: u for u in sources.units} if sources and not shared_broken else {}
    return valid, [u for u in stale if u in valid and u not in broken]


def _record(sources: Sources, unit, book, read: dict[str, str]) -> dict:
    """A book's manifest entry: the hash of every file it was made of (as read), its own
    hash, pages and font for the PDF's check, and its cached parts."""
    deps = [str(p.resolve()) for p in _dependencies(sources, unit)]
    record = {"deps": {p: read.get(p) or digest(Path(p)) for p in deps},
              "sha": hashlib.sha256(book.data).hexdigest(),
              "pages": book.pages, "font": sources.pemda.huruf, "parts": list(book.parts)}
    tte = tte_of(sources.pemda, unit)
    if tte is not None:  # what the PDF's check expects, and what its sidecar names
        record["tte"] = {"ukuran": tte.ukuran, "jangkar": tte.jangkar, "medan": tte.medan,
                         "tanda_tangan": [dataclasses.asdict(s) for s in book.signatures]}
    return record


def _forget_gone(output: Path, books: dict[str, dict], folders: dict[str, Path]) -> None:
    """The book and record of a unit that no longer exists."""
    for gone in [u for u in books if u not in folders]:
        for suffix in (".docx", ".srikandi.docx", ".standar-pelayanan.docx", ".standar-pelayanan.pdf",
                       ".tte.json"):
            (output / f"{gone}{suffix}").unlink(missing_ok=True)
        del books[gone]


@dataclass(frozen=True)
class PdfReport:
    written: tuple[Path, ...]
    current: tuple[str, ...]
    warnings: tuple[str, ...]


def convert_books(output: Path, units: list[str] | None = None, pdfa: bool = False,
                  jobs: int | None = None, progress: Callable[[Path], object] = lambda pdf: None,
                  manifest: Manifest | None = None) -> PdfReport:
    """PDF of every book whose .docx changed since its last conversion (and, for the
    whole government, of the recap), through as few LibreOffice starts as there are jobs;
    each book's PDF must have the pages the layout says. `progress(pdf)` as each is
    written."""
    from .pdf import convert, missing_fonts

    manifest = manifest if manifest is not None and manifest.books else Manifest.read(output)
    if manifest is None:
        raise UsageError(f"belum ada buku di {output}; jalankan dahulu: sopgen build")
    books = manifest.books
    wanted = units or sorted(books)
    unknown = [u for u in wanted if u not in books]
    if unknown:
        raise UsageError(f"belum ada buku untuk unit: {', '.join(unknown)}")
    def standar(unit: str) -> Path:
        return output / f"{unit}.standar-pelayanan.docx"  # written with the book, converted with it

    todo = [u for u in wanted
            if not (output / f"{u}.pdf").is_file() or books[u].get("pdf") != books[u]["sha"]
            or books[u].get("pdfa", False) != pdfa
            or standar(u).is_file() and not standar(u).with_suffix(".pdf").is_file()]
    fonts = sorted({books[u].get("font", "Arial") for u in todo})
    warnings = tuple(f'huruf "{f}" (atau padanannya) tidak terpasang; jeda baris di PDF bisa'
                     " bergeser dari tata letak. Pasang fonts-liberation2" for f in missing_fonts(fonts))
    documents = [output / f"{u}.docx" for u in todo]
    pages = {d: books[u].get("pages") for d, u in zip(documents, todo)}
    documents += [standar(u) for u in todo if standar(u).is_file()]
    rekap = output / "rekap.docx"
    rekap_sha = hashlib.sha256(rekap.read_bytes()).hexdigest() if units is None and rekap.is_file() else None
    if rekap_sha is not None and (manifest.rekap_pdf != {"sha": rekap_sha, "pdfa": pdfa}
                                  or not rekap.with_suffix(".pdf").is_file()):
        documents.append(rekap)  # recorded like a book: a deleted rekap.pdf comes back
    if not documents:
        return PdfReport((), tuple(wanted), warnings)
    finish = {output / f"{u}.docx": partial(_signable, books[u].get("tte"), output / f"{u}.tte.json")
              for u in todo}
    written = convert(documents, pages, pdfa=pdfa, jobs=jobs or os.cpu_count() or 1, progress=progress,
                      finish=finish)
    for unit_id in todo:
        books[unit_id]["pdf"] = books[unit_id]["sha"]
        books[unit_id]["pdfa"] = pdfa
    if rekap in documents:
        manifest.rekap_pdf = {"sha": rekap_sha, "pdfa": pdfa}
    manifest.save()
    return PdfReport(tuple(written), tuple(u for u in wanted if u not in todo), warnings)


def _signable(expected: dict | None, sidecar: Path, data: bytes) -> tuple[bytes, dict[Path, bytes | None]]:
    """A book's PDF for an electronic signature: its slots measured and checked, its
    sidecar, and with `medan` empty signature fields at the slots. A book printed for ink
    leaves no sidecar behind from an earlier TTE build."""
    if expected is None:
        return data, {sidecar: None}
    from .tte import measure, sidecar_bytes, with_fields

    measured = measure(data, expected, sidecar.name.removesuffix(".tte.json"))
    if expected.get("medan"):
        data = with_fields(data, measured["slots"])
    return data, {sidecar: sidecar_bytes(measured)}


@dataclass(frozen=True)
class MakeReport:
    """What one `make` did: the books, the recap, the PDFs (or why there are none)."""

    books: BuildReport
    rekap: tuple[Path, ...] = ()
    pdfs: PdfReport | None = None
    no_pdf: str = ""  # why no PDF was made (LibreOffice missing), in the users' words


def make(root: Path, output: Path, units: list[str] | None = None, keep_going: bool = False,
         jobs: int | None = None, pdf: bool = False, as_of=None,
         progress: Callable[[BookResult], object] = lambda book: None,
         pdf_progress: Callable[[Path], object] = lambda pdf: None) -> MakeReport:
    """The whole run, in its order: the books that changed; for the whole government its
    recap (made alongside the books, from the same reading of the sources); then, with
    `pdf`, the PDFs of what changed. Nothing after a step that failed."""
    from .pdf import INSTALL_HINT, find_soffice

    as_of = as_of or dt.date.today()
    whole = not units
    # the record is read once and handed from step to step; each step that changed it
    # writes it back, so that a run killed during the PDFs keeps the books it finished
    manifest = Manifest.open(output)
    books = build_books(root, output, units, keep_going, progress=progress, jobs=jobs,
                        alongside=(lambda checked: rekap_files(root, as_of, checked)) if whole else None,
                        manifest=manifest)
    if not books.ok:
        return MakeReport(books)
    rekap = tuple(refresh_rekap(root, output, as_of, bool(books.written), books.checked, books.alongside,
                                manifest)) if whole else ()
    if not pdf:
        return MakeReport(books, rekap)
    if find_soffice() is None:
        return MakeReport(books, rekap, no_pdf=INSTALL_HINT)
    return MakeReport(books, rekap, convert_books(output, units, jobs=jobs, progress=pdf_progress,
                                                  manifest=manifest))


@dataclass(frozen=True)
class SiteRun:
    """What `sopgen situs` did: the make before it, and the site (None when the books
    could not be made)."""

    made: MakeReport
    site: "SiteReport | None" = None


def publish(root: Path, output: Path, site: Path | None = None, as_of=None, jobs: int | None = None,
            progress: Callable[[BookResult], object] = lambda book: None,
            pdf_progress: Callable[[Path], object] = lambda pdf: None) -> SiteRun:
    """The books (and their PDFs where LibreOffice is found) brought up to date, then the
    static site from the same reading of the sources: the site never links a book older
    than its pages. Each SOP's own PDF is converted only when its .docx changed."""
    from .pdf import convert, find_soffice
    from .publish.site import build_site

    as_of = as_of or dt.date.today()
    pdf = find_soffice() is not None
    made = make(root, output, jobs=jobs, pdf=pdf, as_of=as_of, progress=progress, pdf_progress=pdf_progress)
    if not made.books.ok:
        return SiteRun(made)
    checked = made.books.checked or check(root, check_cache(output), jobs)  # None when no book was stale

    def to_pdf(documents: list[Path], pages: dict[Path, int]) -> None:
        convert(documents, pages, jobs=jobs or os.cpu_count() or 1, progress=pdf_progress)

    return SiteRun(made, build_site(checked, output, site or output / "situs", as_of, to_pdf if pdf else None))


def refresh_rekap(root: Path, output: Path, as_of, books_changed: bool,
                  checked: Checked | None = None, made: list[tuple[str, bytes]] | None = None,
                  manifest: Manifest | None = None) -> list[Path]:
    """The recap when books changed or the day did (a SOP may have come into force);
    `made`: its files, when they were already made (alongside the books)."""
    manifest = manifest or Manifest.open(output)
    current = (output / "rekap.docx").is_file() and (output / "rekap.xlsx").is_file()
    if current and not books_changed and manifest.rekap == as_of.isoformat():
        return []
    written = write_rekap(root, output, as_of, checked, made)
    manifest.rekap = as_of.isoformat()
    manifest.save()
    return written


def write_rekap(root: Path, output: Path, as_of, checked: Checked | None = None,
                made: list[tuple[str, bytes]] | None = None) -> list[Path]:
    """output/rekap.docx and rekap.xlsx from the status of every unit on `as_of`."""
    written = []
    for name, data in rekap_files(root, as_of, checked) if made is None else made:
        target = output / name
        if not target.is_file() or target.read_bytes() != data:
            write_atomic(target, data)
            written.append(target)
    return written


def rekap_files(root: Path, as_of, checked: Checked | None = None) -> list[tuple[str, bytes]]:
    """rekap.docx and rekap.xlsx, as bytes: the status of every unit on `as_of`."""
    from .report.rekap import rekap_docx, rekap_xlsx
    from .report.status import status

    checked = checked or check(root)  # the build's own reading, when it read the sources
    if checked.partial is None:
        return []
    report = status(checked.tree, checked, as_of)
    pemda = checked.partial.pemda
    return [("rekap.docx", rekap_docx(report, pemda)), ("rekap.xlsx", rekap_xlsx(report, pemda))]


def write_changes(found, before: Sources, after: Sources, dari: str, sampai: str, output: Path,
                  pdf: bool = False) -> dict[str, Path]:
    """The change report of every unit that changed, at output/perubahan/<unit>.docx (and
    .pdf); returns the path written per unit. Written whole or not at all, under the
    output folder's lock."""
    from .report.changes_docx import changes_docx

    folder = output / "perubahan"
    written: dict[str, Path] = {}
    with output_lock(output):
        for unit in found:
            if unit.empty:
                continue
            path = folder / f"{unit.id}.docx"
            write_atomic(path, changes_docx(unit, before, after, dari, sampai, _latest_date(after)))
            written[unit.id] = path
        if pdf and written:
            from .pdf import convert

            written = dict(zip(written, convert(list(written.values()))))
    return written


def _latest_date(sources: Sources) -> dt.date:
    """The newest date the sources hold: the report's date, the same for the same sources."""
    dates = [d for u in sources.units for s in u.sops for d in (s.tanggal_efektif, s.tanggal_revisi) if d]
    return max(dates, default=dt.date(2000, 1, 1))
