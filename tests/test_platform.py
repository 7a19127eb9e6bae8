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

from .conftest import SAMPLES, assert_kill_leaves_no_worker, still_running, workers_of

WINDOWS_LIKE = textwrap.dedent("""
    import ctypes, fcntl, os, signal, sys, types
    # the standard library modules that take a present msvcrt for Windows itself
    import concurrent.futures.process, multiprocessing.connection, subprocess
    # Windows' msvcrt.locking(fd, LK_NBLCK, n): n bytes from the file position, held by
    # the process until it unlocks or ends, another's attempt fails with OSError. Emulated
    # with POSIX record locks, which keep the same rules between processes.
    def locking(fd, mode, nbytes, _lockf=fcntl.lockf, _flags=fcntl.LOCK_EX | fcntl.LOCK_NB):
        assert mode == msvcrt.LK_NBLCK, mode
        try:
            _lockf(fd, _flags, nbytes, os.lseek(fd, 0, os.SEEK_CUR))
        except OSError:
            raise PermissionError(13, "Permission denied") from None
    msvcrt = types.ModuleType("msvcrt")
    msvcrt.LK_NBLCK, msvcrt.locking = 2, locking
    sys.modules["msvcrt"] = msvcrt
    sys.modules["fcntl"] = None  # "import fcntl" fails, as on Windows
    del os.killpg
    del signal.SIGKILL
    def no_libc(name, *args, **kwargs):
        if name is None:
            raise TypeError("expected str, bytes or os.PathLike object, not NoneType")
        return real(name, *args, **kwargs)
    real, ctypes.CDLL = ctypes.CDLL, no_libc
""")
# the process that keeps LibreOffice (sopgen.platform.spawn) runs in the same mode
KEEPER = WINDOWS_LIKE + "import sopgen.platform\nsopgen.platform.keep()\n"
PRELUDE = WINDOWS_LIKE + f"import sopgen.platform\nsopgen.platform.KEEPER = [sys.executable, '-c', {KEEPER!r}]\n"


def windows_like_command(code: str) -> list[str]:
    return [sys.executable, "-c", PRELUDE + textwrap.dedent(code)]


def windows_like(code: str, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run(windows_like_command(code), capture_output=True, text=True, timeout=timeout,
                          cwd=Path(__file__).parents[1])


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


def _fake_soffice(tmp_path: Path, children: bool) -> Path:
    """A LibreOffice that never finishes; with `children`, it starts a second process as
    soffice starts soffice.bin. Each process is named by the fake's path (pgrep -f)."""
    fake = tmp_path / "soffice"
    helper = f"subprocess.Popen([sys.executable, {str(fake)!r}, 'anak'])\n" if children else ""
    fake.write_text(f"#!{sys.executable}\nimport subprocess, sys, time\n"
                    f"if sys.argv[1:] != ['anak']:\n    {helper or 'pass'}\ntime.sleep(600)\n")
    fake.chmod(0o755)
    return fake


def _running(fake: Path, count: int, timeout: float = 30) -> set[int]:
    """The processes running the fake LibreOffice, once there are `count` of them."""
    import time
    deadline = time.monotonic() + timeout
    found: set[int] = set()
    while len(found) < count and time.monotonic() < deadline:
        found = set()
        for pid in subprocess.run(["pgrep", "-f", str(fake)], capture_output=True, text=True).stdout.split():
            try:
                argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if argv[1:2] == [str(fake).encode()]:  # not the command whose code names it
                found.add(int(pid))
        time.sleep(0.05)
    return found


@pytest.mark.parametrize("mode", ["posix", "windows-like"])
def test_a_killed_pdf_run_leaves_no_libreoffice_behind(tmp_path, mode):
    """`kill -9` of sopgen while LibreOffice converts: LibreOffice and the process it
    started end too, instead of running on with the output folder's files open."""
    fake = _fake_soffice(tmp_path, children=mode == "posix")  # Windows' taskkill /T is not here
    docx = tmp_path / "buku.docx"
    docx.write_bytes(b"PK")
    code = f"""
        import os
        os.environ["SOPGEN_SOFFICE"] = {str(fake)!r}
        from pathlib import Path
        from sopgen.pdf import convert
        convert([Path({str(docx)!r})], timeout=600)
    """
    command = windows_like_command(code) if mode == "windows-like" else [
        sys.executable, "-c", textwrap.dedent(code)]
    run = subprocess.Popen(command, cwd=Path(__file__).parents[1])
    soffice = _running(fake, count=2 if mode == "posix" else 1)
    assert len(soffice) == (2 if mode == "posix" else 1), "LibreOffice was not started"
    run.kill()
    run.wait()
    alive = still_running(soffice)
    assert not alive, f"LibreOffice outlived sopgen: {alive}"


def test_a_killed_build_leaves_no_worker_behind_without_the_kernels_help(tmp_path):
    """Where the kernel cannot end a worker with its parent (Windows, macOS: no
    PR_SET_PDEATHSIG), each worker watches its parent and ends with it."""
    root, output = sources(tmp_path), tmp_path / "keluaran"
    build = subprocess.Popen(windows_like_command(f"""
        from sopgen.cli import main
        main(["build", "--sources", {str(root)!r}, "--output", {str(output)!r}, "-q", "-j", "2"])
    """), cwd=Path(__file__).parents[1])
    assert_kill_leaves_no_worker(build)


def test_the_output_lock_holds_with_windows_file_locking(tmp_path):
    """A second build into a folder that a first one holds stops with one line; once the
    first is killed, Windows lets its lock go and the next build runs."""
    root, output = sources(tmp_path), tmp_path / "keluaran"
    holder = subprocess.Popen(windows_like_command(f"""
        import time
        from pathlib import Path
        from sopgen.write import output_lock
        with output_lock(Path({str(output)!r})):
            print("dipegang", flush=True)
            time.sleep(600)
    """), stdout=subprocess.PIPE, text=True, cwd=Path(__file__).parents[1])
    try:
        assert holder.stdout.readline().strip() == "dipegang"
        second = windows_like(f"""
            import sys
            from sopgen.cli import main
            sys.exit(main(["build", "--sources", {str(root)!r}, "--output", {str(output)!r}, "-q"]))
        """)
        assert second.returncode == 4, second.stderr
        assert "sedang dipakai" in second.stderr and len(second.stderr.splitlines()) == 1
        assert not list(output.glob("*.docx"))
    finally:
        holder.kill()
        holder.wait()
    third = windows_like(f"""
        import sys
        from sopgen.cli import main
        sys.exit(main(["build", "--sources", {str(root)!r}, "--output", {str(output)!r}, "-q"]))
    """)
    assert third.returncode == 0, third.stderr
    assert (output / "dispendukcapil.docx").is_file()


def test_a_full_disk_while_a_pdf_is_written_is_one_line_and_leaves_nothing(tmp_path, monkeypatch):
    """The PDF is moved into the output folder and renamed over the previous one: a disk
    that fills up in between leaves the previous PDF and no temporary file, and says so in
    Indonesian (a LibreOffice that writes a one-page PDF stands in for the real one)."""
    import errno

    from sopgen import pdf as pdf_module
    from sopgen.pdf import PdfError, convert

    fake = tmp_path / "soffice"
    fake.write_text(f"#!{sys.executable}\nimport sys, pathlib\n"
                    "out = pathlib.Path(sys.argv[sys.argv.index('--outdir') + 1]); out.mkdir(parents=True)\n"
                    "for doc in sys.argv[sys.argv.index('--outdir') + 2:]:\n"
                    "    (out / (pathlib.Path(doc).stem + '.pdf')).write_bytes(b'%PDF-1.4 palsu')\n")
    fake.chmod(0o755)
    monkeypatch.setenv("SOPGEN_SOFFICE", str(fake))
    books = tmp_path / "keluaran"
    books.mkdir()
    docx = books / "buku.docx"
    docx.write_bytes(b"PK")
    (books / "buku.pdf").write_bytes(b"%PDF lama")

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pdf_module.os, "replace", full)
    with pytest.raises(PdfError) as failed:
        convert([docx])
    assert "ruang disk penuh" in str(failed.value) and "No space" not in str(failed.value)
    assert (books / "buku.pdf").read_bytes() == b"%PDF lama"
    assert not list(books.glob(".*.tmp"))
