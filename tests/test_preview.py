"""`sopgen preview` and the SVG renderer: the drawing is the layout's, the page redraws
after a save, a broken save shows its diagnostic, and nothing from the sources runs as code.

The browser tests drive Debian's chromium through its chromedriver (installed by .ci/run);
on a machine without them they skip, in CI they fail."""

from __future__ import annotations

import re
import socket
import threading
import time
import xml.etree.ElementTree as ET

import pytest

from sopgen import build
from sopgen.cli import main
from sopgen.flowchart.geometry import Style, landscape
from sopgen.flowchart.layout import layout
from sopgen.flowchart.svg import UNIT, diagram_svg, page_svg
from sopgen.preview.server import LiveSources, PreviewServer, watch

from .conftest import checked_samples, chromium

SVG = "{http://www.w3.org/2000/svg}"
SOURCES = checked_samples().sources
SOPS = [(unit, sop) for unit in SOURCES.units for sop in unit.sops]


def number(text: str) -> float:
    return float(text) * UNIT


@pytest.mark.parametrize("unit,sop", SOPS, ids=[str(s.key) for _, s in SOPS])
def test_the_svg_draws_the_layout(unit, sop):
    """Every symbol at its box, every arrow through its points, on every page (to 0.01 mm)."""
    diagram = layout(sop, landscape(SOURCES.pemda.kertas), Style(font=SOURCES.pemda.huruf))
    for index, page in enumerate(diagram.pages, start=1):
        root = ET.fromstring(page_svg(diagram, page, index))
        groups = root.findall(f"{SVG}g[@class]")
        symbols = [g for g in groups if g.get("class").startswith("simbol")]
        assert [int(g.get("data-id")) for g in symbols] == [s.id for s in page.symbols]
        for group, symbol in zip(symbols, page.symbols):
            shape = group[0]
            if shape.tag == f"{SVG}rect":
                box = [number(shape.get(k)) for k in ("x", "y", "width", "height")]
            else:
                points = [tuple(map(number, p.split(","))) for p in shape.get("points").split()]
                xs, ys = [x for x, _ in points], [y for _, y in points]
                box = [min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)]
            expected = [symbol.box.x, symbol.box.y, symbol.box.w, symbol.box.h]
            assert all(abs(a - b) <= UNIT for a, b in zip(box, expected)), (symbol, box)
            assert group.get("data-kolom") == diagram.columns[symbol.column].title
            if symbol.step is not None:
                assert int(group.get("data-langkah")) == symbol.step + 1
        arrows = [g for g in groups if g.get("class") == "panah"]
        assert len(arrows) == len(page.arrows)
        for group, arrow in zip(arrows, page.arrows):
            drawn = [(number(x), number(y)) for x, y in re.findall(r"L(-?[\d.]+),(-?[\d.]+)",
                                                                    group[0].get("d"))]
            corners = [p for p in drawn if p in {(float(x), float(y)) for x, y in arrow.points}
                       or any(abs(p[0] - x) <= UNIT and abs(p[1] - y) <= UNIT for x, y in arrow.points)]
            assert len(corners) >= len(arrow.points) - 1, (arrow, drawn)
        assert len(root.findall(f"{SVG}text[@class='label']")) == len(page.labels)


def test_svg_escapes_the_sources_text(tree):
    tree.replace("unit-b/sop-b.yaml", "uraian: Mengajukan permohonan",
                 'uraian: "Mengajukan <script>alert(1)</script> & \\"permohonan\\""')
    sources = build.check(tree.root).sources
    sop = sources.units[1].sops[0]
    svg = diagram_svg(layout(sop, landscape("F4"), Style()))
    ET.fromstring(svg)  # well-formed
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_build_svg_writes_the_flowchart_beside_the_preview(tree, tmp_path, capsys):
    target = tmp_path / "out" / "sop-a.docx"
    assert main(["build", str(tree.root / "unit-a/sop-a.yaml"), "-o", str(target), "--svg"]) == 0
    svg = target.with_suffix(".svg")
    root = ET.fromstring(svg.read_text())
    assert len(root.findall(f"{SVG}g[@class='halaman']")) == 1
    assert "ditulis:" in capsys.readouterr().out
    assert main(["build", "--sources", str(tree.root), "--svg"]) == 2


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_port_in_use_is_a_clear_message(tree, tmp_path, capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        status = main(["preview", "--sources", str(tree.root), "--output", str(tmp_path / "o"),
                       "--port", str(port)])
    assert status == 2
    assert f"port {port} sudah dipakai" in capsys.readouterr().err


@pytest.fixture
def server(tree, tmp_path):
    """The preview of the test tree, on a free port, with its watcher; stopped after."""
    sources = LiveSources(tree.root, tmp_path / "output")
    preview = PreviewServer(sources, 0)
    stop = threading.Event()
    threads = [threading.Thread(target=preview.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True),
               threading.Thread(target=watch, args=(sources, stop), daemon=True)]
    for thread in threads:
        thread.start()
    time.sleep(0.3)  # the watcher's inotify is in place
    yield preview
    stop.set()
    preview.stop()
    preview.server_close()


@pytest.fixture
def browser():
    session = chromium()
    yield session
    session.quit()


def wait_for(condition, seconds: float = 2.0):
    """The condition's value once it is true, or fail after `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {seconds} s")
        time.sleep(0.05)


def test_the_start_page_lists_units_and_sops(server, browser, tree):
    browser.get(server.url)
    rows = browser.find_elements("css selector", "tr.sop")
    assert [r.get_attribute("data-sop") for r in rows] == ["unit-a/sop-a", "unit-b/sop-b"]
    assert "valid" in rows[0].text and "Penyusunan SOP" in rows[0].text and "4" in rows[0].text


def test_the_sop_page_draws_each_step_in_its_column_and_redraws_after_a_save(server, browser, tree):
    browser.get(server.url + "sop/unit-a/sop-a")
    sop = build.check(tree.root).sources.units[0].sops[0]
    diagram = layout(sop, landscape("F4"), Style())
    pages = browser.find_elements("css selector", "svg.halaman")
    assert len(pages) == len(diagram.pages)
    steps = browser.find_elements("css selector", "g.simbol[data-langkah]")
    assert len(steps) == len(sop.kegiatan)
    for group in steps:
        step = sop.kegiatan[int(group.get_attribute("data-langkah")) - 1]
        assert group.get_attribute("data-kolom") == step.pelaksana[0]
    assert len(browser.find_elements("css selector", "g.panah")) == sum(len(p.arrows) for p in diagram.pages)
    assert len(browser.find_elements("css selector", "g.simbol.decision")) == 1

    # a fifth step, saved on disk: the open page redraws within 2 s, without a reload
    marker = browser.execute_script("window.sameDocument = true; return document.body.dataset.versi")
    tree.replace("unit-a/sop-a.yaml", "    output: SOP ditetapkan\n", "    output: SOP ditetapkan\n"
                 "  - uraian: Mendistribusikan SOP\n    pelaksana: Pelaksana\n    waktu: 1 hari\n"
                 "    output: SOP terdistribusi\n")
    wait_for(lambda: len(browser.find_elements("css selector", "g.simbol[data-langkah]")) == 5)
    assert browser.execute_script("return window.sameDocument") is True
    assert browser.execute_script("return document.body.dataset.versi") != marker

    # a broken save: the diagnostic with its line, and the last good drawing, marked
    tree.replace("unit-a/sop-a.yaml", "waktu: 1 hari", "waktu: secepatnya")
    diagnostic = wait_for(lambda: [e.text for e in browser.find_elements("css selector", ".diagnosa.error")])
    assert re.search(r"sop-a\.yaml:\d+:\d+: error: .*secepatnya", diagnostic[0])
    assert browser.find_elements("css selector", ".lama")
    assert len(browser.find_elements("css selector", "g.simbol[data-langkah]")) == 5


def test_text_from_the_sources_never_runs(server, browser, tree):
    tree.replace("unit-b/sop-b.yaml", "nama: Surat Keterangan Tidak Mampu",
                 'nama: "Surat <img src=x onerror=\\"window.pwned=1\\"><script>window.pwned=2</script>"')
    tree.replace("unit-b/sop-b.yaml", "uraian: Mengajukan permohonan",
                 'uraian: "<script>window.pwned=3</script>Mengajukan"')
    time.sleep(0.6)  # the watcher has checked the new text
    for url in (server.url, server.url + "sop/unit-b/sop-b"):
        browser.get(url)
        time.sleep(0.3)
        assert browser.execute_script("return window.pwned") is None
    assert "<script>window.pwned=2</script>" in browser.find_element("css selector", "h1").text


def test_only_known_units_books_are_served(server, tree, tmp_path):
    from urllib.error import HTTPError
    from urllib.request import urlopen

    output = tmp_path / "output"
    output.mkdir()
    (output / "unit-a.docx").write_bytes(b"PK book")
    assert urlopen(server.url + "buku/unit-a.docx").read() == b"PK book"
    for path in ("buku/unit-c.docx", "buku/..%2Fsources%2Fpemda.yaml", "sop/unit-a/..%2F..%2Fpemda",
                 "buku/unit-a.yaml", "../../etc/passwd"):
        with pytest.raises(HTTPError) as refused:
            urlopen(server.url + path)
        assert refused.value.code == 404


def test_ctrl_c_stops_the_preview_cleanly_and_it_wrote_nothing(tree, tmp_path):
    import signal
    import subprocess
    import sys

    output = tmp_path / "output"
    assert main(["build", "--sources", str(tree.root), "--output", str(output), "-q"]) == 0
    before = {p: p.read_bytes() for p in [*output.rglob("*"), *tree.root.rglob("*")] if p.is_file()}
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "sopgen", "preview", "--sources", str(tree.root),
                                "--output", str(output), "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert f"http://127.0.0.1:{port}/" in process.stdout.readline()
        from urllib.request import urlopen

        assert b"unit-a.docx" in urlopen(f"http://127.0.0.1:{port}/").read()  # its book is linked
        assert b"<svg" in urlopen(f"http://127.0.0.1:{port}/sop/unit-a/sop-a").read()
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=10)
    assert process.returncode == 0 and "pratinjau dihentikan" in out and "Traceback" not in err
    after = {p: p.read_bytes() for p in [*output.rglob("*"), *tree.root.rglob("*")] if p.is_file()}
    assert after == before, "the preview reads; it never writes"


def test_the_svg_draws_each_cell_in_the_lines_its_row_was_measured_for():
    """A text that just fills its column (within the half point the layout keeps as
    safety) was measured as two lines but drawn as one: the SVG draws the lines the
    layout counted, so every cell fills its row as the row's height says."""
    import dataclasses

    from sopgen.flowchart.geometry import PT
    from sopgen.measure import text_width, wrap

    unit, sop = SOPS[0]
    setup, style = landscape(SOURCES.pemda.kertas), Style(font=SOURCES.pemda.huruf)
    column = next(c for c in layout(sop, setup, style).columns if c.key == "kegiatan")
    usable = column.width - 2 * style.cell_margin
    # one line of words and a last word of letters of three widths, as wide as the cell's
    # room less at most half a point
    words = "Petugas memeriksa kelengkapan berkas permohonan dan mencatat nomor register surat".split()
    start = " ".join(w for n, w in enumerate(words * 4) if text_width(" ".join((words * 4)[:n + 1]), style.size)
                     < usable - 15 * PT)
    edge = next(text for r in range(30) for t in range(30) for i in range(30)
                for text in [f"{start} {'r' * r}{'t' * t}{'i' * i}"]
                if usable - PT // 2 < text_width(text, style.size) <= usable)
    steps = list(sop.kegiatan)
    steps[1] = dataclasses.replace(steps[1], uraian=edge)
    diagram = layout(dataclasses.replace(sop, kegiatan=tuple(steps)), setup, style)
    for index, page in enumerate(diagram.pages, start=1):
        root = ET.fromstring(page_svg(diagram, page, index))
        for row in page.rows:
            drawn = root.find(f"{SVG}g/{SVG}text[@class='kegiatan'][@data-langkah='{row.step + 1}']")
            lines = [span.text or "" for span in drawn]
            assert style.pad_top + len(lines) * style.line + style.pad_bottom <= row.height
            if row.step == 1:
                assert " ".join(lines) == edge
                assert len(lines) == len(wrap(edge, usable - PT // 2, style.size))


def test_a_request_naming_another_host_is_refused(server, tmp_path):
    """DNS rebinding: a page of another site reaches 127.0.0.1 under its own name; the
    preview answers only the address it printed (and localhost)."""
    import http.client

    output = tmp_path / "output"
    output.mkdir()
    (output / "unit-a.docx").write_bytes(b"PK book")
    port = server.server_address[1]
    for host, status in ((f"127.0.0.1:{port}", 200), (f"localhost:{port}", 200),
                         (f"penyerang.example:{port}", 403), ("127.0.0.1", 403), ("", 403)):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        connection.putrequest("GET", "/buku/unit-a.docx", skip_host=True)
        if host:
            connection.putheader("Host", host)
        connection.endheaders()
        response = connection.getresponse()
        body = response.read()
        assert response.status == status, host
        assert (body == b"PK book") == (status == 200)
        connection.close()


def test_a_port_out_of_range_is_one_line(tree, tmp_path, capsys):
    assert main(["preview", "--sources", str(tree.root), "--output", str(tmp_path / "o"), "--port", "99999"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "99999" in err and len(err.strip().splitlines()) == 1


def test_the_preview_keeps_watching_after_a_failure_and_a_folder_moved_away_and_back(server, tree):
    """A check that fails, or the sources folder moved away, is said on the page; once the
    folder is back, an edit is shown again (the watch once died for good)."""
    from urllib.request import urlopen

    def page() -> str:
        return urlopen(server.url + "sop/unit-a/sop-a").read().decode()

    sources = server.RequestHandlerClass.sources
    away = tree.root.with_name("pindah")
    tree.root.rename(away)
    assert wait_for(lambda: sources.failure and "tidak ada lagi" in sources.failure, 5)
    assert "tidak ada lagi" in page()
    away.rename(tree.root)
    assert wait_for(lambda: sources.failure is None, 5)
    tree.replace("unit-a/sop-a.yaml", "nama: Penyusunan SOP", "nama: Penyusunan SOP Kembali")
    assert wait_for(lambda: "Penyusunan SOP Kembali" in page(), 5)
