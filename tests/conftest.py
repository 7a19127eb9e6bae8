"""Shared fixtures: a small valid source tree that each test breaks in one place."""

from __future__ import annotations

import base64
import functools
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

# In CI the generated examples are the same on every run: a red build always means a
# change, never a newly drawn example (developers' runs keep exploring new ones).
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

from sopgen import build  # noqa: E402  (after the profile is chosen)
from sopgen.errors import Diagnostics  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sources"


@functools.cache
def checked_samples() -> build.Checked:
    """The sample sources, read and checked once per test session (modules parametrize
    over their SOPs at collection, so this is a cached call rather than a fixture)."""
    return build.check(SAMPLES)

# A 1x1 PNG: enough for the logo checks, which read the signature.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)

BASE = {
    "pemda.yaml": """\
nama: Pemerintah Kota Contoh
kota: Contoh
alamat: Jl. Merdeka No. 1
logo: logo/logo.png
kertas: F4
""",
    "dasar-hukum.yaml": """\
uu-23-2014: Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah
permenpan-35-2012: Peraturan Menteri PANRB Nomor 35 Tahun 2012 tentang Pedoman Penyusunan SOP AP
""",
    "unit-a/unit.yaml": """\
nama: Bagian Organisasi
induk: [Sekretariat Daerah]
tahun: 2026
kepala:
  jabatan: Kepala Bagian Organisasi
  nama: Dra. SITI AMINAH, M.Si
  pangkat: Pembina Tingkat I
  nip: "197203151998032004"
keputusan:
  nomor: "060/   /425.012/2026"
  tanggal: 2026-02-02
""",
    "unit-a/sop-a.yaml": """\
nomor: "060/01/425.012/2026"
nama: Penyusunan SOP
tanggal_pembuatan: 2026-01-05
tanggal_revisi: null
tanggal_efektif: 2026-02-01
dasar_hukum:
  - uu-23-2014
  - Peraturan Wali Kota Contoh Nomor 1 Tahun 2021 tentang Tata Naskah Dinas
kualifikasi_pelaksana: [Memahami tugas dan fungsi unit kerja]
keterkaitan:
  - sop: unit-b/sop-b
  - SOP Penyusunan Analisis Jabatan
peralatan_perlengkapan: [Komputer, Printer]
peringatan: Apabila SOP ini tidak dilaksanakan, penyusunan SOP tidak tertib
pencatatan_pendataan: [Buku register SOP]
pelaksana:
  - Pelaksana
  - Kepala Subbagian
  - Kepala Bagian
kegiatan:
  - uraian: Menerima usulan SOP
    pelaksana: Pelaksana
    waktu: "-"
    output: Usulan SOP
  - uraian: Menyusun konsep SOP
    pelaksana: Pelaksana
    kelengkapan: [Data tugas dan fungsi]
    waktu: 2 hari
    output: Konsep SOP
  - id: periksa
    uraian: Memeriksa konsep SOP
    pelaksana: Kepala Subbagian
    keputusan:
      tidak: 2
    waktu: 1 hari
    output: Konsep SOP terverifikasi
  - uraian: Menandatangani SOP
    pelaksana: Kepala Bagian
    waktu: 30 menit
    output: SOP ditetapkan
""",
    "unit-b/unit.yaml": """\
nama: Kecamatan Contoh
kepala:
  jabatan: Camat Contoh
  nama: BUDI SANTOSO, S.STP
  nip: "198001012005011003"
""",
    "unit-b/sop-b.yaml": """\
nomor: "470/01/425.301/2026"
nama: Surat Keterangan Tidak Mampu
tanggal_pembuatan: 2026-01-10
tanggal_efektif: 2026-01-10
pelaksana: [Pemohon, Petugas]
kegiatan:
  - uraian: Mengajukan permohonan
    pelaksana: Pemohon
    waktu: 5 menit
    output: Permohonan
  - uraian: Menerbitkan surat keterangan
    pelaksana: Petugas
    waktu: 15 menit
    output: Surat keterangan
""",
}


@dataclass
class Tree:
    root: Path

    def write(self, name: str, text: str | bytes) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, str):
            text = text.encode("utf-8")
        path.write_bytes(text)
        return path

    def replace(self, name: str, old: str, new: str) -> Path:
        path = self.root / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {name}"
        return self.write(name, text.replace(old, new, 1))

    def check(self) -> build.Checked:
        return build.check(self.root)

    def diagnostics(self) -> Diagnostics:
        return self.check().diagnostics


@pytest.fixture
def tree(tmp_path: Path) -> Tree:
    """A valid tree of two units and two SOPs under tmp_path/sources."""
    t = Tree(tmp_path / "sources")
    for name, text in BASE.items():
        t.write(name, text)
    t.write("logo/logo.png", PNG)
    return t


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A copy of the sample sources under tmp_path/sources, free to edit."""
    shutil.copytree(SAMPLES, tmp_path / "sources")
    return tmp_path


LIBREOFFICE_FIXTURES = {"pdfs", "book_pdfs"}  # module fixtures that convert with LibreOffice


def pytest_collection_modifyitems(items) -> None:
    """A test that takes a converted PDF is a LibreOffice test, as are those marked so."""
    for item in items:
        if LIBREOFFICE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.libreoffice)


def require(available: bool, reason: str) -> None:
    """Skip a test whose tool is missing on a developer's machine; in CI, where .ci/run
    installs everything, a missing tool is a failure, never a skip."""
    if available:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must provide it)")
    pytest.skip(reason)


def chromium(log_requests: bool = False):
    """Debian's chromium, headless, driven through its chromedriver (installed by
    .ci/run); `log_requests`: it records every request it makes (the performance log)."""
    found, driver = shutil.which("chromium"), shutil.which("chromedriver")
    require(found is not None and driver is not None,
            "chromium and chromedriver not installed (apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = found
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,1000"):
        options.add_argument(argument)
    if log_requests:
        options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    return webdriver.Chrome(service=Service(driver), options=options)


def xsd_folder() -> Path:
    return Path(os.environ.get("SOPGEN_XSD_DIR", ROOT.parent / "shared" / "ooxml-xsd"))


def workers_of(process, timeout: float = 30) -> set[int]:
    """The child processes a running command has started (pgrep, as soon as there are any)."""
    import subprocess
    import time

    children: set[int] = set()
    deadline = time.monotonic() + timeout
    while not children and time.monotonic() < deadline and process.poll() is None:
        found = subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True, text=True)
        children = {int(pid) for pid in found.stdout.split()}
        time.sleep(0.02)
    return children


def still_running(pids: set[int], timeout: float = 10) -> set[int]:
    """Of these processes, those still alive (not zombies) after waiting up to `timeout`."""
    import time

    deadline = time.monotonic() + timeout
    alive = set(pids)
    while alive and time.monotonic() < deadline:
        alive = {pid for pid in pids if os.path.exists(f"/proc/{pid}")
                 and "Z" not in open(f"/proc/{pid}/stat").read().split(")")[-1][:3]}
        time.sleep(0.05)
    return alive



def assert_kill_leaves_no_worker(process) -> None:
    """`kill -9` of a running command: the workers it started die with it."""
    children = workers_of(process)
    assert children, "the command started no worker"
    process.kill()
    process.wait()
    alive = still_running(children)
    assert not alive, f"workers outlived their command: {alive}"
