"""The command line: parses arguments, calls the library, prints, and picks the exit status.

Exit status: 0 done, 1 the sources have errors (or warnings with --strict), 2 the
command itself is wrong (unknown option, missing folder, file already there).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
import time
from pathlib import Path

from . import __version__, build
from .check import scaffold, schema
from .check.model import Sources
from .errors import Diagnostics, SopgenError, UsageError, display_path
from .pdf import PdfError
from .write import OutputError, output_lock

EXIT_OK, EXIT_SOURCES, EXIT_USAGE, EXIT_PDF, EXIT_OUTPUT = 0, 1, 2, 3, 4
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report a Ctrl-C

# every error the library raises, and the status it ends the command with (first match)
EXIT_CODES: tuple[tuple[type[SopgenError], int], ...] = (
    (UsageError, EXIT_USAGE),  # the command line asks for something impossible
    (PdfError, EXIT_PDF),  # LibreOffice missing, hung or wrong
    (OutputError, EXIT_OUTPUT),  # the output folder is busy, unusable, or the disk full
    (SopgenError, EXIT_SOURCES),  # the sources: a layout the book cannot draw
)


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:  # argparse has printed its message (or --help)
        return e.code if isinstance(e.code, int) else EXIT_USAGE
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = (_ClosedPipeSafe(stream) for stream in streams)
    try:
        return args.run(args)
    except SopgenError as e:
        print(f"sopgen: {e}", file=sys.stderr)
        return next(code for kind, code in EXIT_CODES if isinstance(e, kind))
    except KeyboardInterrupt:  # every file is written whole or not at all: nothing to clean
        print("\nsopgen: dihentikan (Ctrl-C); berkas yang sudah ada tetap utuh", file=sys.stderr)
        return EXIT_INTERRUPTED
    finally:
        sys.stdout, sys.stderr = streams


class _ClosedPipeSafe:
    """An output stream that goes quiet when its reader has gone (`sopgen check | head`): the command
    runs to its end and exits with its own status, errors included, never a false 0."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            self._silence()
            return len(text)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            self._silence()

    def _silence(self) -> None:
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, self._stream.fileno())  # also Python's own flush at exit
        finally:
            os.close(devnull)

    def __getattr__(self, name):
        return getattr(self._stream, name)


class _Formatter(argparse.HelpFormatter):
    def _format_usage(self, usage, actions, groups, prefix):
        return super()._format_usage(usage, actions, groups, "cara pakai: " if prefix is None else prefix)


# argparse's own messages, in the users' language
_MESSAGES = (
    (r"unrecognized arguments: (.*)", r"pilihan tidak dikenal: \1"),
    (r"argument PERINTAH: invalid choice: '(.*?)' \(choose from (.*)\)", r"perintah '\1' tidak dikenal; pilih: \2"),
    (r"argument (.*?): invalid choice: '(.*?)' \(choose from (.*)\)", r"\1: '\2' tidak dikenal; pilih: \3"),
    (r"the following arguments are required: (.*)", r"wajib disebut: \1"),
    (r"argument (.*?): expected one argument", r"\1 memerlukan satu nilai"),
    (r"argument (.*?): expected at least one argument", r"\1 memerlukan sedikitnya satu nilai"),
    (r"argument (.*?): invalid int value: '(.*)'", r"\1: '\2' bukan bilangan bulat"),
    (r"argument (.*?): invalid (\w+) value: '(.*)'", r"\1: nilai '\3' tidak dapat dipakai"),
    (r"argument (.*?): not allowed with argument (.*)", r"\1 tidak dapat dipakai bersama \2"),
    (r"argument (.*?): ignored explicit argument '(.*)'", r"\1 tidak menerima nilai '\2'"),
)


class _Parser(argparse.ArgumentParser):
    """argparse speaking Bahasa Indonesia: headings, usage and its error messages."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "argumen"
        self._optionals.title = "pilihan"
        self.add_argument("-h", "--help", action="help", help="menampilkan bantuan ini, lalu keluar")

    def error(self, message: str):
        for pattern, replacement in _MESSAGES:
            translated = re.sub(f"^{pattern}$", replacement, message)
            if translated != message:
                message = translated
                break
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: kesalahan: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="sopgen",
        description="Menyusun buku SOP AP (Permenpan RB 35/2012) dari berkas YAML.",
    )
    parser.add_argument("--version", action="version", version=f"sopgen {__version__}",
                        help="menampilkan versi sopgen, lalu keluar")
    commands = parser.add_subparsers(dest="command", metavar="PERINTAH", title="perintah")

    def command(name: str, run, help: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help)
        sub.set_defaults(run=run)
        return sub

    def sources_option(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--sources", type=Path, default=Path("sources"), metavar="FOLDER",
                         help="folder sumber (bawaan: sources)")

    check = command("check", _check, "memeriksa semua berkas sumber dan melaporkan kesalahannya")
    sources_option(check)
    check.add_argument("-o", "--output", type=Path, default=Path("output"), metavar="FOLDER",
                       help="folder buku (bawaan: output); hasil pemeriksaan disimpan di"
                            " dalamnya sehingga pemeriksaan berikutnya hanya membaca berkas"
                            " yang berubah")
    check.add_argument("-j", "--jobs", type=int, metavar="N",
                       help="jumlah proses pemeriksa (bawaan: jumlah inti CPU)")
    check.add_argument("--strict", action="store_true",
                       help="peringatan juga dianggap gagal")
    check.add_argument("-q", "--quiet", action="store_true", help="tanpa ringkasan bila sumber valid")

    build_cmd = command("build", _build, "menyusun buku SOP setiap unit (atau satu SOP)")
    sources_option(build_cmd)
    build_cmd.add_argument("targets", nargs="*", metavar="UNIT|SOP.yaml",
                           help="unit yang disusun (bawaan: semua); atau satu berkas SOP untuk"
                           " pratinjau, mis. sources/bagian-organisasi/penyusunan-sop.yaml")
    build_cmd.add_argument("-o", "--output", type=Path, metavar="FOLDER|BERKAS",
                           help="folder buku (bawaan: output), atau berkas pratinjau SOP")
    build_cmd.add_argument("-k", "--keep-going", action="store_true",
                           help="tetap menyusun unit yang valid bila ada kesalahan")
    build_cmd.add_argument("-q", "--quiet", action="store_true", help="tanpa baris kemajuan")
    build_cmd.add_argument("-j", "--jobs", type=int, metavar="N",
                           help="jumlah buku yang disusun bersamaan (bawaan: jumlah inti CPU)")
    build_cmd.add_argument("--pdf", action="store_true",
                           help="juga menulis PDF setiap buku bila LibreOffice terpasang")
    build_cmd.add_argument("--wait", action="store_true",
                           help="bila folder keluaran sedang dipakai sopgen lain, tunggu"
                                " giliran (untuk make -j atau beberapa job) alih-alih berhenti")

    build_cmd.add_argument("--svg", action="store_true",
                           help="untuk pratinjau satu SOP: juga menulis bagan alirnya sebagai SVG"
                                " (untuk dokumentasi dan komentar tinjauan)")

    preview = command("preview", _preview_server, "pratinjau bagan alir di peramban, diperbarui"
                      " setiap kali berkas sumber disimpan")
    sources_option(preview)
    preview.add_argument("-o", "--output", type=Path, default=Path("output"), metavar="FOLDER",
                         help="folder buku (bawaan: output): tautan ke buku yang sudah disusun")
    preview.add_argument("--port", type=int, default=8765, metavar="N",
                         help="port di 127.0.0.1 (bawaan: 8765)")
    preview.add_argument("--open", action="store_true", help="membuka pratinjau di peramban")

    pdf_cmd = command("pdf", _pdf, "menulis PDF buku yang sudah disusun (perlu LibreOffice)")
    pdf_cmd.add_argument("units", nargs="*", metavar="UNIT", help="unit (bawaan: semua)")
    pdf_cmd.add_argument("-o", "--output", type=Path, default=Path("output"), metavar="FOLDER",
                         help="folder buku (bawaan: output)")
    pdf_cmd.add_argument("--pdfa", action="store_true", help="PDF/A-2b untuk arsip")
    pdf_cmd.add_argument("-j", "--jobs", type=int, metavar="N",
                         help="jumlah LibreOffice yang berjalan bersamaan (bawaan: jumlah inti CPU)")
    pdf_cmd.add_argument("-q", "--quiet", action="store_true", help="tanpa baris kemajuan")
    pdf_cmd.add_argument("--wait", action="store_true",
                         help="bila folder keluaran sedang dipakai sopgen lain, tunggu giliran")

    situs = command("situs", _situs, "menerbitkan semua SOP sebagai situs statis yang dapat dicari"
                    " (tanpa server), setelah buku dan PDF-nya dimutakhirkan")
    sources_option(situs)
    situs.add_argument("-o", "--output", type=Path, metavar="FOLDER",
                       help="folder situs (bawaan: FOLDER-BUKU/situs)")
    situs.add_argument("--buku", type=Path, default=Path("output"), metavar="FOLDER-BUKU",
                       help="folder buku (bawaan: output)")
    situs.add_argument("--as-of", default=None, metavar="TANGGAL",
                       help='tanggal keadaan SOP (berlaku, draf, perlu ditinjau): 2026-11-28 atau'
                            ' "28 November 2026" (bawaan: hari ini)')
    situs.add_argument("-j", "--jobs", type=int, metavar="N", help="jumlah proses (bawaan: jumlah inti CPU)")
    situs.add_argument("-q", "--quiet", action="store_true", help="tanpa baris kemajuan")
    situs.add_argument("--wait", action="store_true",
                       help="bila folder keluaran sedang dipakai sopgen lain, tunggu giliran")

    status_cmd = command("status", _status, "keadaan SOP setiap perangkat daerah")
    sources_option(status_cmd)
    status_cmd.add_argument("--as-of", default=None, metavar="TANGGAL",
                            help='tanggal keadaan: 2026-11-28 atau "28 November 2026"'
                                 " (bawaan: hari ini)")
    status_cmd.add_argument("--json", action="store_true", help="keluaran JSON")
    status_cmd.add_argument("--unit", metavar="UNIT", help="rincian per SOP satu unit")

    listing = command("list", _list, "mendaftar unit dan SOP-nya")
    sources_option(listing)

    importing = command("import", _import, "membuat berkas sumber SOP dari dokumen SOP AP yang"
                        " sudah ada (PDF, Word .docx, Excel .xlsx)")
    sources_option(importing)
    importing.add_argument("files", nargs="+", type=Path, metavar="DOKUMEN",
                           help="dokumen PDF, Word (.docx) atau Excel (.xlsx) berisi satu SOP atau satu buku"
                                " SOP, atau folder berisi dokumen-dokumen itu")
    importing.add_argument("--unit", required=True, metavar="UNIT",
                           help="folder unit tujuan, mis. bagian-organisasi")
    importing.add_argument("--force", action="store_true", help="menimpa berkas SOP yang sudah ada")

    schema_cmd = command("schema", _schema, "menulis JSON Schema berkas sumber (untuk editor)")
    schema_cmd.add_argument("-o", "--output", type=Path, default=Path("schema"), metavar="FOLDER",
                            help="folder tujuan (bawaan: schema)")

    perubahan = command("perubahan", _perubahan, "laporan perubahan SOP di antara dua versi sumber"
                        " (dari git atau dua folder)")
    sources_option(perubahan)
    perubahan.add_argument("units", nargs="*", metavar="UNIT", help="unit (bawaan: semua)")
    perubahan.add_argument("--dari", metavar="REVISI|FOLDER",
                           help="versi lama: tag, cabang atau commit git, atau folder sumber (bawaan: tag terakhir)")
    perubahan.add_argument("--sampai", metavar="REVISI|FOLDER",
                           help="versi baru (bawaan: berkas sumber saat ini)")
    perubahan.add_argument("--json", action="store_true", help="keluaran JSON, tanpa menulis laporan")
    perubahan.add_argument("-o", "--output", type=Path, default=Path("output"), metavar="FOLDER",
                           help="folder keluaran (bawaan: output); laporan di FOLDER/perubahan/")
    perubahan.add_argument("--pdf", action="store_true", help="juga menulis PDF laporannya (perlu LibreOffice)")
    perubahan.add_argument("--tulis-riwayat", action="store_true",
                           help="menambahkan rancangan butir riwayat: ke setiap berkas SOP yang berubah,"
                                " untuk disunting penyusun")

    revisi = command("revisi", _revisi, "menerbitkan ulang SOP: mengisi tanggal_revisi (dan"
                     " tanggal_efektif) SOP yang dipilih tanpa mengubah isi lain berkasnya")
    sources_option(revisi)
    revisi.add_argument("targets", nargs="+", metavar="UNIT|SOP",
                        help="unit (semua SOP-nya), unit/sop, atau berkas SOP")
    revisi.add_argument("--tanggal", required=True, metavar="TANGGAL",
                        help='tanggal revisi: 2025-01-02 atau "2 Januari 2025"')
    revisi.add_argument("--efektif", metavar="TANGGAL", help="juga tanggal efektif yang baru")

    new = command("new", _new, "membuat kerangka berkas SOP baru untuk diisi")
    sources_option(new)
    new.add_argument("words", nargs="+", metavar="[layanan] UNIT NAMA",
                     help='id unit (nama folder) dan nama SOP, mis. bagian-organisasi "Penyusunan Analisis'
                          ' Jabatan"; atau layanan, id unit dan nama layanan, mis. layanan dispendukcapil'
                          ' "Penerbitan Kartu Keluarga"')
    return parser


def _report(diagnostics: Diagnostics) -> None:
    for diagnostic in diagnostics.sorted():
        print(diagnostic, file=sys.stderr)


def _load(root: Path, output: Path | None = None, jobs: int | None = None
          ) -> tuple[Sources | None, Diagnostics]:
    checked = build.check(root, build.check_cache(output) if output else None, jobs)
    return checked.sources, checked.diagnostics


def _check(args) -> int:
    sources, diagnostics = _load(args.sources, args.output, args.jobs)
    _report(diagnostics)
    errors, warnings = len(diagnostics.errors), len(diagnostics.warnings)
    failed = errors > 0 or (args.strict and warnings > 0)
    if not args.quiet or failed:
        counts = f"{errors} kesalahan, {warnings} peringatan"
        if sources is not None:
            sops = sum(len(u.sops) for u in sources.units)
            verdict = "gagal (--strict)" if failed else "valid"
            print(f"{args.sources}: {len(sources.units)} unit, {sops} SOP {verdict}; {counts}")
        else:
            print(f"{args.sources}: {counts}", file=sys.stderr)
    return EXIT_SOURCES if failed else EXIT_OK


def _list(args) -> int:
    sources, diagnostics = _load(args.sources)
    if sources is None:
        _report(diagnostics)
        return EXIT_SOURCES
    from .check.model import longest_time

    calendar = sources.pemda.hari_kerja

    def longest(sop) -> str:
        return "paling lama " + longest_time(sop, calendar).format(calendar)

    for unit in sources.units:
        print(f"{unit.id}: {unit.nama} ({len(unit.sops)} SOP, {len(unit.layanan)} layanan)")
        rows = [
            (sop.nomor, sop.nama, f"{len(sop.kegiatan)} langkah",
             f"{len(sop.pelaksana)} pelaksana", sop.total_waktu.format(), longest(sop))
            for sop in unit.sops
        ]
        widths = [max((len(row[i]) for row in rows), default=0) for i in range(6)]
        for row in rows:
            cells = [cell.ljust(width) if i < 2 else cell.rjust(width)
                     for i, (cell, width) in enumerate(zip(row, widths))]
            print("  " + "  ".join(cells).rstrip())
    return EXIT_OK


def _build(args) -> int:
    previews = [t for t in args.targets if t.endswith(".yaml")]
    if previews:
        if len(args.targets) != 1:
            raise UsageError("pratinjau menerima tepat satu berkas SOP")
        return _preview(Path(previews[0]), args.output, args.svg)
    if args.svg:
        raise UsageError("--svg hanya untuk pratinjau satu SOP: sopgen build sources/<unit>/<sop>.yaml --svg")
    output = args.output or Path("output")
    with output_lock(output, wait=args.wait):
        return _build_books(args, output)


def _build_books(args, output: Path) -> int:
    def progress(book) -> None:
        if not args.quiet:
            seconds = f"{book.seconds:.1f}".replace(".", ",")
            print(f"{book.unit}: {book.sops} SOP, {book.pages} halaman, {seconds} s -> {book.path}")

    start = time.perf_counter()
    made = build.make(args.sources, output, args.targets or None, args.keep_going, args.jobs, args.pdf,
                      progress=progress, pdf_progress=_pdf_progress(args.quiet))
    report = made.books
    _report(report.diagnostics)
    seconds = f"{time.perf_counter() - start:.1f}".replace(".", ",")
    if report.failed:
        print(f"tidak disusun karena kesalahan: {', '.join(report.failed)}"
              + ("" if args.keep_going else "; tidak ada buku yang ditulis"), file=sys.stderr)
    if not args.quiet or not report.ok:
        print(f"{len(report.written)} buku ditulis, {len(report.current)} sudah mutakhir,"
              f" {len(report.failed)} gagal ({seconds} s)")
    if not report.ok:
        return EXIT_SOURCES
    for path in made.rekap if not args.quiet else ():
        print(f"ditulis: {path}")
    if made.no_pdf:
        print(made.no_pdf, file=sys.stderr)
    if made.pdfs is not None:
        _pdf_summary(made.pdfs, args.quiet, start)
    return EXIT_OK


def _pdf(args) -> int:
    with output_lock(args.output, wait=args.wait):
        return _convert(args.output, args.units or None, args.pdfa, args.jobs, args.quiet)


def _convert(output: Path, units, pdfa: bool, jobs, quiet: bool) -> int:
    start = time.perf_counter()
    report = build.convert_books(output, units, pdfa=pdfa, jobs=jobs, progress=_pdf_progress(quiet))
    _pdf_summary(report, quiet, start)
    return EXIT_OK


def _pdf_progress(quiet: bool):
    def progress(pdf: Path) -> None:  # as each PDF lands, not all at the end
        if not quiet:
            print(f"ditulis: {pdf}", flush=True)
    return progress


def _pdf_summary(report, quiet: bool, start: float) -> None:
    for warning in report.warnings:
        print(f"peringatan: {warning}", file=sys.stderr)
    seconds = f"{time.perf_counter() - start:.1f}".replace(".", ",")
    if not quiet:
        print(f"{len(report.written)} PDF ditulis, {len(report.current)} sudah mutakhir ({seconds} s)")


def _preview_server(args) -> int:
    from .preview.server import serve

    serve(args.sources, args.output, args.port, args.open, ready=lambda line: print(line, flush=True))
    print("pratinjau dihentikan")
    return EXIT_OK


def _preview(path: Path, output: Path | None, svg: bool = False) -> int:
    preview = build.build_sop(path, output, svg)
    _report(preview.diagnostics)
    if preview.elsewhere:
        print(f"({preview.elsewhere} kesalahan lain di berkas lain; jalankan: sopgen check)",
              file=sys.stderr)
    if preview.written is None:
        print(f"{path}: tidak dapat disusun", file=sys.stderr)
        return EXIT_SOURCES
    for written in (preview.written, preview.svg):
        if written is not None:
            print(f"ditulis: {written}")
    return EXIT_OK


def _date_option(option: str, text: str) -> dt.date:
    """A date option in either form the sources accept, or a usage error that shows both."""
    from .check.dates import parse_date

    parsed = parse_date(text.strip())
    if isinstance(parsed, dt.date):
        return parsed
    reason = f"{parsed}; " if parsed else ""
    raise UsageError(f'{option} "{text}" bukan tanggal: {reason}tulis 2026-11-28 atau'
                     ' "28 November 2026"')


def _situs(args) -> int:
    as_of = _date_option("--as-of", args.as_of) if args.as_of else None
    start = time.perf_counter()

    def progress(book) -> None:
        if not args.quiet:
            print(f"{book.unit}: {book.sops} SOP, {book.pages} halaman -> {book.path}", flush=True)

    with output_lock(args.buku, wait=args.wait):
        run = build.publish(args.sources, args.buku, args.output, as_of, args.jobs, progress,
                            _pdf_progress(args.quiet))
    report = run.made.books
    _report(report.diagnostics)
    if run.site is None:
        print(f"situs tidak ditulis: sumber berisi kesalahan ({', '.join(report.failed)})", file=sys.stderr)
        return EXIT_SOURCES
    if not run.site.pdf:
        print("LibreOffice tidak ditemukan: setiap SOP diterbitkan sebagai .docx saja, tanpa PDF",
              file=sys.stderr)
    site = run.site
    seconds = f"{time.perf_counter() - start:.1f}".replace(".", ",")
    if not args.quiet:
        for path in site.removed:
            print(f"dihapus: {path}")
        print(f"situs: {site.pages} halaman, {len(site.written)} berkas ditulis ({seconds} s) ->"
              f" {site.folder / 'index.html'}")
    return EXIT_OK


def _status(args) -> int:
    import json

    from .report.status import as_json, status

    as_of = _date_option("--as-of", args.as_of) if args.as_of else dt.date.today()
    checked = build.check(args.sources)
    report = status(checked.tree, checked, as_of)
    if args.json:
        print(json.dumps(as_json(report), indent=1, ensure_ascii=False))
        return EXIT_OK
    units = [u for u in report.units if not args.unit or u.id == args.unit]
    if args.unit and not units:
        raise UsageError(f"unit tidak dikenal: {args.unit}")
    print(f"Keadaan SOP per {report.tanggal:%Y-%m-%d}")
    header = ("unit", "SOP", "berlaku", "draf", "ditinjau", "perubahan", "keadaan")
    table = [header] + [(u.id, str(u.jumlah), str(u.berlaku), str(u.draf), str(u.perlu_ditinjau),
                         f"{u.perubahan_terakhir:%Y-%m-%d}" if u.perubahan_terakhir else "-",
                         u.keadaan) for u in units]
    if not args.unit:
        table.append(("JUMLAH", *(str(report.total(n)) for n in
                                  ("jumlah", "berlaku", "draf", "perlu_ditinjau")), "",
                      f"{len(report.tanpa_sop)} tanpa SOP"))
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        print("  ".join(c.ljust(w) if i in (0, 6) else c.rjust(w)
                        for i, (c, w) in enumerate(zip(row, widths))).rstrip())
    for unit in units if args.unit else ():
        for sop in unit.sops:
            state = "berlaku" if sop.berlaku else "draf"
            due = ", perlu ditinjau" if sop.perlu_ditinjau else ""
            print(f"  {sop.nomor}  {sop.nama}: {sop.langkah} langkah, {sop.pelaksana} pelaksana,"
                  f" {sop.keputusan} keputusan, {sop.waktu}; {state}{due}")
            for problem in sop.masalah:
                print(f"      {problem}")
    return EXIT_OK


def _schema(args) -> int:
    for path in schema.write_schemas(args.output):
        print(path)
    return EXIT_OK


def _import(args) -> int:
    from .imports.command import import_documents

    report = import_documents(args.files, args.unit, args.sources, args.force, dt.date.today(),
                              progress=_progress_bar if sys.stderr.isatty() else None)
    for document in report.documents:
        if document.skipped:
            print(f"dilewati: {document.problem}", file=sys.stderr)
        elif document.problem:
            print(f"gagal: {document.problem}", file=sys.stderr)
        else:
            picture = f", {document.pictures} bagan alir berupa gambar" if document.pictures else ""
            print(f"{document.path}: {document.sops} SOP, {document.steps} langkah, {document.actors} pelaksana,"
                  f" {document.doubts} isian diperiksa{picture}")
    for path in report.written:
        print(f"ditulis: {path}")
    if report.uncatalogued:
        print(f"{len(report.uncatalogued)} peraturan belum ada di dasar-hukum.yaml (didaftar di akhir"
              " berkasnya):")
        for text in report.uncatalogued:
            print(f"  - {text}")
    read = [d for d in report.documents if not d.problem]
    print(f"\nRingkasan: {len(report.documents)} dokumen, {len(read)} terbaca,"
          f" {len(report.skipped)} tanpa SOP, {len(report.failed)} gagal;"
          f" {sum(d.sops for d in read)} SOP, {sum(d.steps for d in read)} langkah,"
          f" {sum(d.pictures for d in read)} bagan alir berupa gambar")
    print(f"{report.doubts} isian bertanda \"# periksa\"; periksa, lalu jalankan: sopgen check"
          f" --sources {args.sources}")
    return EXIT_USAGE if report.failed else EXIT_OK


def _progress_bar(done: int, total: int, path: Path) -> None:
    width = 30
    filled = width * done // max(total, 1)
    end = "\n" if done == total else ""
    print(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {path.name[:40]:<40}", end=end,
          file=sys.stderr, flush=True)


def _perubahan(args) -> int:
    import json

    from .report import changes, versions

    dari = args.dari or versions.last_tag(args.sources)
    with versions.checked_out(args.sources, dari) as old_folder, \
            versions.checked_out(args.sources, args.sampai) as new_folder:
        checked = []
        for name, folder in ((dari, old_folder), (args.sampai or versions.WORKING_TREE, new_folder)):
            sources, diagnostics = _load(folder)
            if sources is None or diagnostics.errors:
                _report(Diagnostics(diagnostics.errors))
                print(f"versi {name}: sumbernya tidak valid ({len(diagnostics.errors)} kesalahan);"
                      " perbaiki atau pilih versi lain", file=sys.stderr)
                return EXIT_SOURCES
            checked.append(sources)
        before, after = checked
        known = {u.id for u in before.units} | {u.id for u in after.units}
        unknown = [u for u in args.units if u not in known]
        if unknown:
            raise UsageError(f"unit {', '.join(unknown)} tidak ada di kedua versi")
        found = changes.compare(before, after, args.units or None)
        sampai = args.sampai or versions.WORKING_TREE
        if args.tulis_riwayat:
            return _tulis_riwayat(found, args.sampai)
        if args.json:
            print(json.dumps(changes.as_json(found, dari, sampai), ensure_ascii=False, indent=2))
            return EXIT_OK
        written = build.write_changes(found, before, after, dari, sampai, args.output, pdf=args.pdf)
    for unit in found:
        summary = (f"{len(unit.ditambah)} ditambah, {len(unit.diubah)} diubah, {len(unit.dihapus)} dihapus"
                   if not unit.empty else "tidak berubah")
        print(f"{unit.id}: {summary}" + (f" -> {written[unit.id]}" if unit.id in written else ""))
    return EXIT_OK


def _tulis_riwayat(found, sampai: str | None) -> int:
    from .edit.riwayat import write_drafts

    if sampai is not None:
        raise UsageError("--tulis-riwayat menulis ke berkas sumber saat ini: jangan sebutkan --sampai")
    count = 0
    for unit in found:
        for change in unit.diubah:
            added = write_drafts(change)
            if added:
                count += 1
                print(f"{display_path(change.after.path)}: {added} butir riwayat ditambahkan")
    print(f"{count} SOP mendapat rancangan riwayat; sunting isinya, lalu jalankan sopgen check")
    return EXIT_OK


def _revisi(args) -> int:
    from .check.sources import discover
    from .edit import revisi

    tanggal = _date_option("--tanggal", args.tanggal)
    efektif = _date_option("--efektif", args.efektif) if args.efektif else None
    if efektif is not None and efektif < tanggal:
        raise UsageError("--efektif tidak boleh sebelum --tanggal")
    diagnostics = Diagnostics()
    tree = discover(args.sources, diagnostics)
    files = revisi.targets(tree, args.targets)
    done = revisi.revise(files, tanggal, efektif, diagnostics)
    if diagnostics.errors:
        _report(Diagnostics(diagnostics.errors))
        print(f"tidak ada berkas yang diubah: {len(diagnostics.errors)} kesalahan", file=sys.stderr)
        return EXIT_SOURCES
    for revised in done:
        changes = "; ".join(f"{key} {before or '-'} -> {after}" for key, before, after in revised.changes)
        print(f"{display_path(revised.path)}: {changes}")
    unchanged = len(files) - len(done)
    print(f"{len(done)} SOP diubah" + (f", {unchanged} sudah bertanggal itu" if unchanged else ""))
    return EXIT_OK


def _new(args) -> int:
    words = args.words
    if len(words) == 3 and words[0] == "layanan":
        created = scaffold.new_layanan(args.sources, words[1], words[2])
    elif len(words) == 2:
        created = scaffold.new_sop(args.sources, words[0], words[1], dt.date.today())
    else:
        raise UsageError('tulis: sopgen new UNIT "Nama SOP", atau sopgen new layanan UNIT "Nama Layanan"')
    for path in created:
        print(f"dibuat: {path}")
    print(f"Isi berkasnya, lalu jalankan: sopgen check --sources {args.sources}")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
