"""`sopgen situs`: the static site of every SOP. Its pages parse without an error, every
link resolves inside the site and nothing is loaded from elsewhere; the search, filters
and sorting work in a browser opened from disk; a rebuild after one edit rewrites only
what shows that SOP; the QR on each identity page decodes to the SOP's page, and that
page gives the SHA-256 of the file it publishes.

Browser tests drive chromium through chromedriver as the preview's do; the end-to-end
test converts with LibreOffice. Both skip on a machine without them and fail in CI."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
import shutil
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from sopgen import build
from sopgen.cli import main
from sopgen.publish.site import RECORD, build_site, fold

from .conftest import SAMPLES, chromium, require

ADDRESS = "https://sop.probolinggokota.go.id/"
AS_OF = dt.date(2026, 12, 1)


def with_site(sources: Path, address: str = ADDRESS) -> None:
    pemda = sources / "pemda.yaml"
    pemda.write_text(pemda.read_text(encoding="utf-8") + f"situs: {address}\n", encoding="utf-8")


def publish(root: Path, output: Path, as_of: dt.date = AS_OF, convert=None):
    """Books then site, as `sopgen situs` does, without LibreOffice unless `convert`."""
    report = build.build_books(root, output)
    assert report.ok, [str(d) for d in report.diagnostics.sorted()]
    return build_site(build.check(root), output, output / "situs", as_of, convert)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("situs")
    shutil.copytree(SAMPLES, base / "sources")
    with_site(base / "sources")
    publish(base / "sources", base / "output")
    return base / "output" / "situs"


def html_pages(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.html"))


def test_every_page_parses_without_an_error(site):
    html5lib = pytest.importorskip("html5lib")
    pages = html_pages(site)
    assert len(pages) == 1 + 3 + 14 + 2  # start page, units, SOPs, two Standar Pelayanan
    for page in pages:
        parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
        parser.parse(page.read_bytes())  # strict: the first parse error raises
        assert not parser.errors, (page, parser.errors)


LINK = re.compile(r'\s(?:href|src)="([^"]*)"')


def test_every_link_resolves_inside_the_site_and_nothing_is_loaded_from_elsewhere(site):
    checked = 0
    for page in html_pages(site):
        text = page.read_text(encoding="utf-8")
        ids = set(re.findall(r'\sid="([^"]+)"', text))
        for link in LINK.findall(text):
            parts = urlsplit(link)
            assert not parts.scheme and not parts.netloc, f"{page}: {link} leaves the site"
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            assert target.is_file(), f"{page}: {link} leads nowhere"
            assert target.is_relative_to(site.resolve()), f"{page}: {link} leaves the site folder"
            if parts.fragment:
                target_ids = ids if target == page else set(
                    re.findall(r'\sid="([^"]+)"', target.read_text(encoding="utf-8")))
                assert parts.fragment in target_ids, f"{page}: {link} names no element"
            checked += 1
        assert not re.search(r"(?:url\(|@import)\s*['\"]?(?:https?:)?//", text)
    assert checked > 200
    css = (site / "aset" / "situs.css").read_text(encoding="utf-8")
    assert "http" not in css and "@import" not in css and "url(" not in css
    assert "http" not in re.sub(r"//.*", "", (site / "aset" / "cari.js").read_text(encoding="utf-8"))


def test_a_sop_page_has_its_identity_steps_flowchart_and_files(site):
    page = (site / "kecamatan-kanigaran" / "surat-keterangan-tidak-mampu.html").read_text(encoding="utf-8")
    assert "470/01/425.602/2026" in page and "Pelayanan Surat Keterangan Tidak Mampu" in page
    # the steps: a caption, column headers, each row headed by its number
    table = re.search(r'<table class="langkah">.*?</table>', page).group(0)
    assert "<caption>" in table and table.count('<th scope="col">') == 7
    assert len(re.findall(r'<th scope="row">\d+</th>', table)) == 8
    assert 'Lengkap: <a href="#langkah-4">langkah 4</a>' in table  # the decision says where it leads
    assert page.count('<svg role="img"') == 2  # its two flowchart pages
    assert "1 hari kerja 1 jam 35 menit" in page  # the longest path, as in `sopgen list`
    # its own file and its SHA-256, which is the file's
    docx = site / "unduh" / "kecamatan-kanigaran" / "surat-keterangan-tidak-mampu.docx"
    assert hashlib.sha256(docx.read_bytes()).hexdigest() in page
    assert "../unduh/kecamatan-kanigaran.docx" in page  # and the unit's book, its hash on the unit's page
    assert ADDRESS + "kecamatan-kanigaran/surat-keterangan-tidak-mampu.html" in page
    # keterkaitan naming another unit's SOP links to its page
    assert '<a href="../dispendukcapil/kartu-keluarga.html">' in page


def test_the_unit_page_and_the_standar_pelayanan(site):
    unit = (site / "dispendukcapil" / "index.html").read_text(encoding="utf-8")
    assert unit.count('<tr data-sop="dispendukcapil/') == 5
    assert 'href="standar-pelayanan.html"' in unit
    book = site / "unduh" / "dispendukcapil.docx"
    assert hashlib.sha256(book.read_bytes()).hexdigest() in unit
    standar = (site / "dispendukcapil" / "standar-pelayanan.html").read_text(encoding="utf-8")
    assert standar.count('<table class="komponen">') == 3
    assert "Jangka waktu penyelesaian" in standar and "Penerbitan Kartu Keluarga" in standar
    assert not (site / "bagian-organisasi" / "standar-pelayanan.html").exists()  # no services


def test_the_lists_for_the_ppid(site):
    data = json.loads((site / "daftar-sop.json").read_text(encoding="utf-8"))
    assert len(data["sop"]) == 14
    first = data["sop"][0]
    assert first["halaman"] == ADDRESS + "bagian-organisasi/penyusunan-sop.html"
    assert first["sha256"] == hashlib.sha256((site / first["berkas"].removeprefix(ADDRESS)).read_bytes()).hexdigest()
    raw = (site / "daftar-sop.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw  # Excel on Windows reads it as UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r["nomor"] for r in rows] == [e["nomor"] for e in data["sop"]]
    assert {r["keadaan"] for r in rows} <= {"berlaku", "perlu-ditinjau"}


def test_the_search_index_holds_names_steps_and_actors(site):
    text = (site / "aset" / "indeks.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("{"):text.rindex("}") + 1])
    entry = index["kecamatan-kanigaran/surat-keterangan-tidak-mampu"]
    assert "kepala seksi kesejahteraan sosial" in entry and "memeriksa dan memaraf" in entry
    assert fold("Pemeriksaan ÉKTP") == "pemeriksaan ektp"


def test_the_qr_on_an_identity_page_decodes_to_the_sops_page(site):
    cv2 = pytest.importorskip("cv2")
    np = pytest.importorskip("numpy")
    docx = site / "unduh" / "kecamatan-kanigaran" / "surat-masuk.docx"
    with zipfile.ZipFile(docx) as package:
        pictures = [package.read(n) for n in package.namelist() if n.startswith("word/media/")]
    found = set()
    for picture in pictures:
        image = cv2.imdecode(np.frombuffer(picture, np.uint8), cv2.IMREAD_COLOR)
        text, _, _ = cv2.QRCodeDetector().detectAndDecode(image)
        if text:
            found.add(text)
    assert found == {ADDRESS + "kecamatan-kanigaran/surat-masuk.html"}


def test_a_book_and_a_sops_own_file_with_the_qr_are_valid_ooxml(site):
    from .ooxml import validation_errors

    book = site.parent / "kecamatan-kanigaran.docx"
    assert validation_errors(book.read_bytes()) == []
    own = site / "unduh" / "kecamatan-kanigaran" / "surat-masuk.docx"
    assert validation_errors(own.read_bytes()) == []


def test_without_an_address_no_qr_is_printed(workspace):
    output = workspace / "output"
    build.build_books(workspace / "sources", output, ["kecamatan-kanigaran"])
    with zipfile.ZipFile(output / "kecamatan-kanigaran.docx") as package:
        media = [n for n in package.namelist() if n.startswith("word/media/")]
    assert len(media) == 1  # the logo alone


def test_a_wrong_address_is_an_error_at_its_line(workspace, capsys):
    with_site(workspace / "sources", "sop.probolinggokota.go.id")
    assert main(["check", "--sources", str(workspace / "sources")]) == 1
    err = capsys.readouterr().err
    line = (workspace / "sources" / "pemda.yaml").read_text(encoding="utf-8").count("\n")
    assert f"pemda.yaml:{line}:8: error: \"situs\" harus alamat web lengkap" in err


def snapshot(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {p.relative_to(folder).as_posix(): (p.stat().st_mtime_ns, p.read_bytes())
            for p in folder.rglob("*") if p.is_file() and p.name != RECORD}


def test_a_rebuild_after_one_edit_rewrites_only_what_shows_that_sop(workspace):
    root, output = workspace / "sources", workspace / "output"
    with_site(root)
    publish(root, output)
    site = output / "situs"
    before = snapshot(site)
    again = publish(root, output)
    assert again.written == () and snapshot(site) == before  # nothing changed, nothing written
    source = root / "kecamatan-kanigaran" / "surat-masuk.yaml"
    text = source.read_text(encoding="utf-8")
    assert "Menerima surat masuk" in text
    source.write_text(text.replace("Menerima surat masuk", "Menerima dan mencatat surat masuk", 1),
                      encoding="utf-8")
    report = publish(root, output)
    after = snapshot(site)
    changed = {name for name in after if after[name] != before.get(name)}
    assert {"kecamatan-kanigaran/surat-masuk.html", "unduh/kecamatan-kanigaran/surat-masuk.docx",
            "aset/indeks.js"} <= changed  # the page, the file and the search index
    assert changed <= {
        "kecamatan-kanigaran/surat-masuk.html", "unduh/kecamatan-kanigaran/surat-masuk.docx",
        "kecamatan-kanigaran/index.html", "unduh/kecamatan-kanigaran.docx",  # the unit's book and its hash
        "index.html", "aset/indeks.js", "daftar-sop.json", "daftar-sop.csv",  # the start page and its lists
    }
    assert {p.relative_to(site).as_posix() for p in report.written} == changed
    assert "mencatat surat masuk" in after["kecamatan-kanigaran/surat-masuk.html"][1].decode()


def test_a_removed_sop_leaves_the_site_and_other_files_stay(workspace):
    root, output = workspace / "sources", workspace / "output"
    publish(root, output)
    site = output / "situs"
    (site / "baca-saya.txt").write_text("milik pengelola situs", encoding="utf-8")
    (root / "bagian-organisasi" / "survei-kepuasan-masyarakat.yaml").unlink()
    unit = root / "bagian-organisasi" / "unit.yaml"
    unit.write_text(unit.read_text(encoding="utf-8").replace("  - survei-kepuasan-masyarakat\n", ""),
                    encoding="utf-8")
    report = publish(root, output)
    gone = {p.relative_to(site).as_posix() for p in report.removed}
    assert gone == {"bagian-organisasi/survei-kepuasan-masyarakat.html",
                    "unduh/bagian-organisasi/survei-kepuasan-masyarakat.docx"}
    assert (site / "baca-saya.txt").is_file()
    assert "survei-kepuasan-masyarakat" not in (site / "index.html").read_text(encoding="utf-8")


def test_the_same_sources_give_the_same_site(workspace, tmp_path):
    root = workspace / "sources"
    first = publish(root, tmp_path / "a").folder
    second = publish(root, tmp_path / "b").folder
    a, b = snapshot(first), snapshot(second)
    assert a.keys() == b.keys()
    assert [n for n in a if a[n][1] != b[n][1]] == []


def test_drafts_and_sops_due_for_review_are_marked(workspace):
    root = workspace / "sources"
    source = root / "dispendukcapil" / "kartu-keluarga.yaml"
    text = source.read_text(encoding="utf-8")
    source.write_text(re.sub(r"tanggal_efektif: .*", "tanggal_efektif: 2027-06-01", text, count=1), encoding="utf-8")
    site = publish(root, workspace / "output", as_of=dt.date(2027, 3, 1)).folder
    rows = {r["nomor"]: r["keadaan"] for r in json.loads((site / "daftar-sop.json").read_text())["sop"]}
    assert rows["470/02/425.107/2026"] == "draf" and set(rows.values()) == {"draf", "perlu-ditinjau"}
    page = (site / "dispendukcapil" / "kartu-keluarga.html").read_text(encoding="utf-8")
    assert "Draf (belum berlaku)" in page


# --- in the browser, opened from disk --------------------------------------------------------


@pytest.fixture
def browser():
    """chromium, as the preview's tests drive it, recording every request it makes."""
    session = chromium(log_requests=True)
    yield session
    session.quit()


def visible(session) -> list[str]:
    return [row.get_attribute("data-sop") for row in session.find_elements("css selector", "#daftar-sop tbody tr")
            if row.is_displayed()]


def test_search_finds_a_sop_by_a_word_of_its_name_and_by_an_actor(site, browser):
    from selenium.webdriver.common.keys import Keys

    browser.get((site / "index.html").as_uri())
    assert len(visible(browser)) == 14
    box = browser.find_element("css selector", "input[type=search]")
    box.send_keys("keramaian")
    assert visible(browser) == ["kecamatan-kanigaran/rekomendasi-izin-keramaian"]
    assert browser.find_element("id", "jumlah").text == "1 dari 14 SOP ditemukan"
    box.clear()
    box.send_keys("kesejahteraan sosial")  # Kepala Seksi Kesejahteraan Sosial, an actor
    found = visible(browser)
    assert "kecamatan-kanigaran/surat-keterangan-tidak-mampu" in found and len(found) < 14
    assert all(s.startswith("kecamatan-kanigaran/") for s in found)
    box.clear()
    box.send_keys("tidak ada sop seperti ini" + Keys.ENTER)
    assert visible(browser) == []
    assert not [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def test_filters_and_sorting(site, browser):
    from selenium.webdriver.support.ui import Select

    browser.get((site / "index.html").as_uri())
    Select(browser.find_element("id", "saring-unit")).select_by_value("dispendukcapil")
    assert len(visible(browser)) == 5 and all(s.startswith("dispendukcapil/") for s in visible(browser))
    Select(browser.find_element("id", "saring-keadaan")).select_by_value("draf")
    assert visible(browser) == []
    Select(browser.find_element("id", "saring-keadaan")).select_by_value("berlaku")
    assert len(visible(browser)) == 5
    Select(browser.find_element("id", "urut")).select_by_value("nama")
    names = [row.find_elements("css selector", "td")[1].text for row in
             browser.find_elements("css selector", "#daftar-sop tbody tr") if row.is_displayed()]
    assert names == sorted(names, key=str.lower) and len(names) == 5
    # the choice is in the address: a link to it opens the same list
    assert "unit=dispendukcapil" in browser.current_url
    browser.get(browser.current_url)
    assert len(visible(browser)) == 5


def test_pages_work_without_javascript_and_by_keyboard(site, browser):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    browser.get((site / "index.html").as_uri())
    focused = []
    for _ in range(3):
        ActionChains(browser).send_keys(Keys.TAB).perform()
        element = browser.switch_to.active_element
        focused.append(element.get_attribute("class") or element.get_attribute("type") or element.tag_name)
    # the skip link first, the site's name, then the search box
    assert focused == ["lompat", "a", "search"], focused
    ActionChains(browser).send_keys("ktp").perform()
    assert "dispendukcapil/ktp-el" in visible(browser) and len(visible(browser)) < 14
    ActionChains(browser).send_keys(Keys.TAB).perform()
    assert browser.switch_to.active_element.get_attribute("id") == "saring-unit"
    # every request the pages made stayed on disk (chromium's own record of its requests)
    for page in ("index.html", "kecamatan-kanigaran/surat-keterangan-tidak-mampu.html",
                 "dispendukcapil/standar-pelayanan.html"):
        browser.get_log("performance")
        browser.get((site / page).as_uri())
        requests = [event["params"]["request"]["url"] for entry in browser.get_log("performance")
                    for event in [json.loads(entry["message"])["message"]]
                    if event["method"] == "Network.requestWillBeSent"]
        assert requests and all(r.startswith("file:") for r in requests), requests
    # the list itself is in the HTML: the form is hidden until its script runs
    html = (site / "index.html").read_text(encoding="utf-8")
    assert '<form id="cari-sop" class="cari" role="search" hidden>' in html
    assert html.count('<tr data-sop="') == 14
    for page in ("kecamatan-kanigaran/index.html", "kecamatan-kanigaran/surat-masuk.html"):
        assert "<script" not in (site / page).read_text(encoding="utf-8")


def test_a_phone_sized_window_needs_no_sideways_scrolling(site, browser):
    browser.set_window_size(390, 844)
    for page in ("index.html", "kecamatan-kanigaran/surat-keterangan-tidak-mampu.html",
                 "dispendukcapil/standar-pelayanan.html"):
        browser.get((site / page).as_uri())
        wide = browser.execute_script("return document.documentElement.scrollWidth")
        window = browser.execute_script("return document.documentElement.clientWidth")
        assert wide <= window, page  # wide tables scroll inside their own region


# --- end to end, with LibreOffice ---------------------------------------------------------------


@pytest.mark.libreoffice
def test_sopgen_situs_publishes_each_sop_as_pdf_with_its_hash_and_qr(workspace, capsys):
    from sopgen.pdf import find_soffice

    require(find_soffice() is not None, "LibreOffice not installed")
    cv2 = pytest.importorskip("cv2")
    np = pytest.importorskip("numpy")
    import pymupdf

    root = workspace / "sources"
    with_site(root)
    shutil.rmtree(root / "bagian-organisasi")  # fewer pages to convert; no other unit names it
    pemda = root / "pemda.yaml"
    assert main(["situs", "--sources", str(root), "--buku", str(workspace / "output"), "-q"]) == 0
    site = workspace / "output" / "situs"
    pdf = site / "unduh" / "kecamatan-kanigaran" / "surat-keterangan-tidak-mampu.pdf"
    page = (site / "kecamatan-kanigaran" / "surat-keterangan-tidak-mampu.html").read_text(encoding="utf-8")
    assert hashlib.sha256(pdf.read_bytes()).hexdigest() in page
    unit = (site / "kecamatan-kanigaran" / "index.html").read_text(encoding="utf-8")
    assert hashlib.sha256((site / "unduh" / "kecamatan-kanigaran.pdf").read_bytes()).hexdigest() in unit
    document = pymupdf.open(pdf)
    assert document.page_count == 3  # identity page and two flowchart pages, as in the book
    pixels = document[0].get_pixmap(dpi=200)
    image = np.frombuffer(pixels.samples, np.uint8).reshape(pixels.height, pixels.width, pixels.n)
    text, _, _ = cv2.QRCodeDetector().detectAndDecode(image[:, :, :3].copy())
    assert text == ADDRESS + "kecamatan-kanigaran/surat-keterangan-tidak-mampu.html"
    assert pemda.is_file()
    # run again: nothing converted, nothing written
    capsys.readouterr()
    assert main(["situs", "--sources", str(root), "--buku", str(workspace / "output")]) == 0
    out = capsys.readouterr().out
    assert "0 berkas ditulis" in out and "ditulis: " not in out
