"""The preview server: a web server on 127.0.0.1 that checks the sources, lays out the SOP a
page asks for with the book's own layout, and tells open pages when a source changed.

- The sources are watched with watchfiles (inotify on Linux, with debouncing); every change
  checks the tree again, through a cache that reads the output folder's entries and keeps
  its own in memory, so only the saved file is parsed. Pages learn of it through
  Server-Sent Events (`/events`) and fetch their SOP's part again.
- Nothing is written. URLs name units and SOPs by the ids the check found, never by a path:
  the only files read are the sources (by the check) and a unit's own book in the output
  folder (`/buku/<unit>.docx` or `.pdf`).
- A SOP whose file has errors keeps its last valid drawing, marked as such.
"""

from __future__ import annotations

import errno
import stat
import threading
import webbrowser
from collections import OrderedDict
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from .. import build
from ..cache import Cache
from ..check.checked import Checked
from ..check.model import Sop, tte_of
from ..check.sources import SourceTree
from ..errors import Severity, UsageError, os_reason
from ..flowchart.geometry import Diagram, LayoutError, Style, landscape
from ..flowchart.layout import layout
from . import html

HEARTBEAT = 15  # seconds between keep-alive comments on an idle event stream
DIAGRAMS = 256  # layouts kept: the SOPs being edited, not every version of them
BOOK_TYPES = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
              "pdf": "application/pdf"}


class LiveSources:
    """The latest check of the sources, its version, and the last valid model of each SOP."""

    def __init__(self, root: Path, output: Path):
        self.root = root
        self.output = output
        fingerprint = build.check_cache(output).folder
        self.cache = Cache(fingerprint, read_only=True)
        self.changed = threading.Condition()
        self.version = 0
        self.last_valid: dict[tuple[str, str], Sop] = {}
        self._diagrams: OrderedDict[str, Diagram | LayoutError] = OrderedDict()  # newest last
        self.tree: SourceTree
        self.checked: Checked
        self.failure: str | None = None  # why the last check could not run, shown on every page
        checked = build.check(self.root, self.cache, jobs=1)  # the first: its failure is the command's
        self._take(checked)

    def refresh(self) -> None:
        """Check again; a check that cannot run (the folder moved away, a disk error) is
        shown on the pages, the last good state stays, and the next change tries again."""
        try:
            checked = build.check(self.root, self.cache, jobs=1)
        except UsageError as e:
            self.fail(str(e))
            return
        except (OSError, RuntimeError) as e:
            self.fail(f"sumber tidak dapat diperiksa: {os_reason(e) if isinstance(e, OSError) else e}")
            return
        self._take(checked)

    def fail(self, message: str) -> None:
        with self.changed:
            if self.failure == message:
                return
            self.failure = message
            self.version += 1
            self.changed.notify_all()

    def _take(self, checked: Checked) -> None:
        tree = checked.tree
        for unit in checked.partial.units if checked.partial else ():
            for sop in unit.sops:
                self.last_valid[unit.id, sop.key.sop] = sop
        with self.changed:
            self.tree, self.checked, self.failure = tree, checked, None
            self.version += 1
            self.changed.notify_all()

    def wait(self, version: int, timeout: float) -> int:
        """The version once it is past `version` (or the same one after `timeout`)."""
        with self.changed:
            self.changed.wait_for(lambda: self.version != version, timeout)
            return self.version

    def sop_files(self) -> dict[tuple[str, str], Path]:
        return {(u.id, p.stem): p for u in self.tree.units for p in u.sop_files}

    def current(self, key: tuple[str, str]) -> Sop | None:
        partial = self.checked.partial
        unit = next((u for u in partial.units if u.id == key[0]), None) if partial else None
        return next((s for s in unit.sops if s.key.sop == key[1]), None) if unit else None

    def diagram(self, sop: Sop) -> Diagram | LayoutError:
        """The book's layout of a SOP (kept per model: redrawing an unchanged SOP is free)."""
        partial = self.checked.partial
        pemda = partial.pemda if partial else None
        paper, font = (pemda.kertas, pemda.huruf) if pemda else ("F4", "Arial")
        unit = next((u for u in partial.units if u.id == sop.key.unit), None) if partial else None
        tte = pemda is not None and unit is not None and tte_of(pemda, unit) is not None  # as the book
        name = repr((sop, paper, font, tte))
        if name in self._diagrams:
            self._diagrams.move_to_end(name)
        else:
            try:
                self._diagrams[name] = layout(sop, landscape(paper, tte=tte), Style(font=font))
            except LayoutError as e:
                self._diagrams[name] = e
            while len(self._diagrams) > DIAGRAMS:  # every save makes a new model: the oldest go
                self._diagrams.popitem(last=False)
        return self._diagrams[name]


def watch(sources: LiveSources, stop: threading.Event) -> None:
    """Check again whenever a file under the sources folder changes, until `stop`. The
    watch outlives anything: a check that fails, the folder moved away (the pages say so)
    and back, or replaced by another folder of the same name (it is watched anew)."""
    from watchfiles import watch as changes

    watched_before = False
    while not stop.is_set():
        folder = _identity(sources.root)
        if folder is None:
            sources.fail(f"folder sumber {sources.root} tidak ada lagi; pratinjau menunggu folder itu kembali")
            stop.wait(0.5)
            continue
        if watched_before:
            sources.refresh()  # what changed while nothing watched (the first check is the start's)
        watched_before = True
        try:
            for changed in changes(sources.root, stop_event=stop, debounce=150, step=50,
                                   rust_timeout=500, yield_on_timeout=True):
                if _identity(sources.root) != folder:
                    break  # moved away, or another folder in its place: watch again
                if changed:
                    sources.refresh()
        except (OSError, RuntimeError):  # the folder went while the watch was set up
            stop.wait(0.5)


def _identity(folder: Path) -> tuple[int, int] | None:
    """Which folder is at this path (device and inode), or None when none is."""
    try:
        info = folder.stat()
    except OSError:
        return None
    return (info.st_dev, info.st_ino) if stat.S_ISDIR(info.st_mode) else None


class Handler(BaseHTTPRequestHandler):
    sources: LiveSources  # set on the subclass made for each server
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args) -> None:  # noqa: A002 - the base class's name
        pass  # the terminal shows the address, not every request

    def do_GET(self) -> None:  # noqa: N802 - the base class's name
        if self.headers.get("Host", "") not in self.server.hosts:
            # a page on another site reaching this server through a name it made resolve to
            # 127.0.0.1 (DNS rebinding) names that site, not the address printed
            body = html.page("Ditolak", "<p>Pratinjau hanya menjawab alamat yang dicetak saat"
                             " dijalankan.</p>").encode()
            self._send(HTTPStatus.FORBIDDEN, "text/html; charset=utf-8", body)
            return
        url = urlsplit(self.path)
        parts = [unquote(p) for p in url.path.split("/") if p]
        try:
            if not parts:
                self._send(HTTPStatus.OK, "text/html; charset=utf-8", self._index().encode())
            elif parts[0] == "sop" and len(parts) == 3:
                fragment = "bagian" in parse_qs(url.query)
                self._sop((parts[1], parts[2]), fragment)
            elif parts == ["events"]:
                self._events()
            elif parts[0] == "buku" and len(parts) == 2:
                self._book(parts[1])
            else:
                self._not_found()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the page was closed

    def _send(self, status: HTTPStatus, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        self.wfile.write(body)

    def _failure(self) -> str:
        failure = self.sources.failure
        return f'<p class="gagal" role="alert">{html.escape(failure)}</p>' if failure else ""

    def _not_found(self) -> None:
        body = html.page("Tidak ditemukan", '<p>Halaman tidak ditemukan. <a href="/">Kembali</a></p>')
        self._send(HTTPStatus.NOT_FOUND, "text/html; charset=utf-8", body.encode())

    def _index(self) -> str:
        sources = self.sources
        checked = sources.checked
        pemda = checked.partial.pemda.nama if checked.partial else str(sources.root)
        errors_by_file: dict[Path, int] = {}
        for d in checked.diagnostics.errors:
            path = Path(d.location.path).resolve()
            errors_by_file[path] = errors_by_file.get(path, 0) + 1
        names = {u.id: u.nama for u in checked.partial.units} if checked.partial else {}
        units = []
        for unit in sources.tree.units:
            rows = []
            for path in unit.sop_files:
                sop = sources.current((unit.id, path.stem))
                rows.append(html.SopRow(
                    unit.id, path.stem, sop.nomor if sop else "", sop.nama if sop else path.name,
                    errors_by_file.get(path.resolve(), 0), len(sop.kegiatan) if sop else None,
                    sop.total_waktu.format() if sop else None))
            books = {kind: kind for kind in BOOK_TYPES if (sources.output / f"{unit.id}.{kind}").is_file()}
            units.append((unit.id, names.get(unit.id, unit.id), rows, books))
        return html.page(f"Pratinjau SOP {pemda}",
                         self._failure() + html.index(pemda, units, len(checked.diagnostics.errors)))

    def _sop(self, key: tuple[str, str], fragment: bool) -> None:
        sources = self.sources
        version = sources.version
        path = sources.sop_files().get(key)
        if path is None:
            self._not_found()
            return
        own = path.resolve()
        diagnostics = [d for d in sources.checked.diagnostics.sorted()
                       if Path(d.location.path).resolve() == own]
        errors = [d for d in diagnostics if d.severity is Severity.ERROR]
        elsewhere = len(sources.checked.diagnostics.errors) - len(errors)
        sop = sources.current(key)
        stale = sop is None and key in sources.last_valid
        shown = sop or sources.last_valid.get(key)
        diagram = sources.diagram(shown) if shown else None
        if isinstance(diagram, LayoutError):
            diagnostics.append(_layout_problem(path, diagram))
            diagram = None
        title = f"{shown.nomor} {shown.nama}" if shown else path.name
        body = self._failure() + html.sop_part(title, diagnostics, shown, diagram, stale, elsewhere)
        if not fragment:
            body = html.page(title, f'<p><a href="/">&larr; semua SOP</a></p><div id="isi">{body}</div>',
                             live=True, version=version)
        self._send(HTTPStatus.OK, "text/html; charset=utf-8", body.encode())

    def _events(self) -> None:
        """Server-Sent Events: the version of the sources, each time it changes."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        version = self.sources.version
        while not self.server.stopping.is_set():
            now = self.sources.wait(version, HEARTBEAT)
            if now != version:
                version = now
                self.wfile.write(f"data: {version}\n\n".encode())
            else:
                self.wfile.write(b": tetap\n\n")
            self.wfile.flush()

    def _book(self, name: str) -> None:
        unit, _, kind = name.rpartition(".")
        if kind not in BOOK_TYPES or unit not in {u.id for u in self.sources.tree.units}:
            self._not_found()
            return
        path = self.sources.output / f"{unit}.{kind}"
        if not path.is_file():
            self._not_found()
            return
        self._send(HTTPStatus.OK, BOOK_TYPES[kind], path.read_bytes())


def _layout_problem(path: Path, error: LayoutError):
    from ..errors import Diagnostic, Location

    return Diagnostic(Severity.ERROR, str(error), Location(path))


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True  # an open event stream never holds up the end

    def __init__(self, sources: LiveSources, port: int):
        if not 0 <= port <= 65535:
            raise UsageError(f"port {port} tidak ada; pilih angka 1024-65535, mis. 8765")
        handler = type("SourcesHandler", (Handler,), {"sources": sources})
        self.stopping = threading.Event()
        try:
            super().__init__(("127.0.0.1", port), handler)
        except OSError as e:
            if e.errno == errno.EADDRINUSE:
                raise UsageError(f"port {port} sudah dipakai program lain; pilih port lain, mis."
                                 f" sopgen preview --port {port + 1}") from None
            raise UsageError(f"pratinjau tidak dapat dibuka di port {port}: {os_reason(e)}") from None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"

    @property
    def hosts(self) -> set[str]:
        """The Host headers a request from the printed address (or localhost) carries."""
        port = self.server_address[1]
        return {f"127.0.0.1:{port}", f"localhost:{port}"}

    def stop(self) -> None:
        self.stopping.set()
        with self.RequestHandlerClass.sources.changed:
            self.RequestHandlerClass.sources.changed.notify_all()  # event streams end now
        self.shutdown()


def serve(root: Path, output: Path, port: int, open_browser: bool, ready=print) -> None:
    """Run the preview until Ctrl-C."""
    if not root.is_dir():
        raise UsageError(f"folder sumber {root} tidak ada")
    sources = LiveSources(root, output)
    server = PreviewServer(sources, port)
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(sources, stop), daemon=True)
    watcher.start()
    ready(f"pratinjau berjalan di {server.url} (hentikan dengan Ctrl-C)")
    if open_browser:
        webbrowser.open(server.url)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.stopping.set()
        server.server_close()
        watcher.join(timeout=2)
