"""sopgen where the POSIX-only facilities are not, as on Windows; and Ctrl-C.

No Windows machine runs here. What Windows lacks is taken away from a Python before
sopgen is imported (the platform test mode): no `fcntl` (nor `msvcrt`, which only
Windows has), no `os.killpg`, no `signal.SIGKILL`, and `ctypes.CDLL(None)` raising
TypeError as it does there. The commands must then run as on Linux. What the mode
cannot show (Windows' own file locking and process groups) is said in the README."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sopgen.cli import main

from .conftest import SAMPLES, still_running, workers_of

WINDOWS_LIKE = textwrap.dedent("""
    import ctypes, os, signal, sys
    sys.modules["fcntl"] = None  # "import fcntl" fails, as on Windows
    sys.modules["msvcrt"] = None
    del os.killpg
    del signal.SIGKILL
    def no_libc(name, *args, **kwargs):
        if name is None:
            raise TypeError("expected str, bytes or os.PathLike object, not NoneType")
        return real(name, *args, **kwargs)
    real, ctypes.CDLL = ctypes.CDLL, no_libc
""")


def windows_like(code: str, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", WINDOWS_LIKE + textwrap.dedent(code)], capture_output=True,
                          text=True, timeout=timeout, cwd=Path(__file__).parents[1])


def sources(tmp_path: Path) -> Path:
    root = tmp_path / "sumber dengan spasi"  # as under C:\\Users\\Nama Pengguna\\Documents
    shutil.copytree(SAMPLES, root)
    return root


def test_the_commands_run_without_posix_facilities(tmp_path):
    root, output = sources(tmp_path), tmp_path / "keluaran"
    done = windows_like("""
        import fcntl as absent
    """)
    assert done.returncode != 0 and "import of fcntl halted" in done.stderr, "the mode takes fcntl away"
    done = windows_like(f"""
        from sopgen.cli import main
        for command in (["--help"], ["check", "--sources", {str(root)!r}],
                        ["build", "--sources", {str(root)!r}, "--output", {str(output)!r}, "-q", "-j", "2"],
                        ["status", "--sources", {str(root)!r}]):
            code = main(command)
            assert code == 0, (command, code)
        print("selesai")
    """)
    assert done.returncode == 0 and "selesai" in done.stdout, done.stderr
    assert "Traceback" not in done.stderr
    assert {p.name for p in output.glob("*.docx")} >= {"bagian-organisasi.docx", "dispendukcapil.docx"}


def test_a_hung_libreoffice_is_stopped_without_process_groups(tmp_path):
    fake = tmp_path / "soffice"
    fake.write_text(f"#!{sys.executable}\nimport time\ntime.sleep(600)\n")  # one process, named by its path
    fake.chmod(0o755)
    docx = tmp_path / "buku.docx"
    docx.write_bytes(b"PK")
    done = windows_like(f"""
        import os
        os.environ["SOPGEN_SOFFICE"] = {str(fake)!r}
        from pathlib import Path
        from sopgen.pdf import PdfError, convert
        try:
            convert([Path({str(docx)!r})], timeout=2)
        except PdfError as e:
            print("pesan:", e)
    """)
    assert "tidak selesai dalam 2 detik" in done.stdout, done.stderr
    leftovers = subprocess.run(["pgrep", "-f", str(fake)], capture_output=True)
    assert leftovers.stdout == b"", "the hung LibreOffice is stopped"


def test_a_book_open_in_word_is_one_line_and_the_previous_book_stays(tmp_path, monkeypatch, capsys):
    """Windows refuses to replace a file another program holds open: simulated by
    refusing the rename onto the book."""
    root, output = sources(tmp_path), tmp_path / "keluaran"
    assert main(["build", "--sources", str(root), "--output", str(output), "-q"]) == 0
    book = output / "dispendukcapil.docx"
    before = book.read_bytes()
    (root / "dispendukcapil" / "unit.yaml").write_text(
        (root / "dispendukcapil" / "unit.yaml").read_text(encoding="utf-8").replace("tahun: 2026", "tahun: 2027"),
        encoding="utf-8")
    real = os.replace

    def held_open(source, target):
        if Path(target) == book:
            raise PermissionError(13, "The process cannot access the file because it is being used")
        return real(source, target)

    monkeypatch.setattr(os, "replace", held_open)
    assert main(["build", "--sources", str(root), "--output", str(output), "-q"]) != 0
    err = capsys.readouterr().err
    assert "dispendukcapil.docx" in err and "sedang dibuka program lain" in err and "Traceback" not in err
    assert book.read_bytes() == before
    assert not list(output.glob(".*.tmp"))


@pytest.mark.skipif(not hasattr(signal, "SIGINT") or sys.platform == "win32", reason="sends SIGINT")
def test_ctrl_c_ends_a_build_with_one_line_and_no_worker_left(tmp_path):
    root, output = sources(tmp_path), tmp_path / "keluaran"
    build = subprocess.Popen([sys.executable, "-m", "sopgen", "build", "--sources", str(root), "--output",
                              str(output), "-q", "-j", "2"], stderr=subprocess.PIPE, text=True,
                             start_new_session=True)  # its own group: Ctrl-C reaches the whole group
    children = workers_of(build)
    assert children, "the build started no worker"
    os.killpg(build.pid, signal.SIGINT)  # what the terminal does on Ctrl-C
    _, err = build.communicate(timeout=60)
    assert build.returncode == 130
    assert err.strip().splitlines() == ["sopgen: dihentikan (Ctrl-C); berkas yang sudah ada tetap utuh"], err
    alive = still_running(children)
    assert not alive, f"workers outlived the build: {alive}"
    assert not list(output.glob(".*.tmp")) if output.exists() else True
