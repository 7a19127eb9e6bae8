"""What differs between Linux, macOS and Windows, in one place: the output folder's lock,
processes that must die with sopgen, and where LibreOffice is installed.

Each facility is found by what the running Python has (`fcntl`, `msvcrt`, `os.killpg`),
never by the system's name, so a test can take a POSIX facility away and run the
commands as they run on Windows (tests/test_platform.py)."""

from __future__ import annotations

import ctypes
import multiprocessing
import multiprocessing.connection
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None
try:
    import msvcrt
except ImportError:  # Linux, macOS
    msvcrt = None


def lock(handle, wait: bool) -> bool:
    """Hold an open file's lock for this process (the kernel lets go when the process
    ends, however it ends); False when another process holds it and `wait` is not set."""
    if fcntl is not None:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False
    if msvcrt is not None:
        handle.seek(0)
        while True:
            try:
                msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
                return True
            except OSError:
                if not wait:
                    return False
                time.sleep(0.2)
    return True  # a Python with neither: one run at a time is the user's to keep


def prepare_worker(parent: int) -> None:
    """In a worker process: leave Ctrl-C to the parent (which stops the pool and says so
    in one line), and end when the build ends, however it ends. A build killed outright
    (the OOM killer, `timeout -s KILL`, a cancelled CI job, Task Manager) cannot stop its
    workers, so each watches its parent itself: a thread waits on multiprocessing's
    parent sentinel (a pipe on Linux and macOS, the process handle on Windows) and ends
    the worker when it fires. On Linux the kernel is also asked for SIGKILL when the
    parent dies, which needs no thread to get a turn."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    watched = multiprocessing.parent_process()
    if watched is not None:
        threading.Thread(target=_end_with_parent, args=(watched.sentinel,), daemon=True).start()
    kill = getattr(signal, "SIGKILL", None)
    if kill is None or not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, kill, 0, 0, 0)  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError, TypeError):
        return
    if os.getppid() != parent:  # the parent died before the request took hold
        os._exit(1)


def _end_with_parent(sentinel) -> None:
    multiprocessing.connection.wait([sentinel])
    os._exit(1)


def spawn(command: list[str], log) -> subprocess.Popen:
    """Start a program that is stopped with every process it starts (LibreOffice starts
    a second one) when `stop` is called, and also when sopgen itself dies, however it
    dies. A keeper process stands between: it starts the program in a process group of
    its own and waits on its standard input, a pipe from sopgen; when the pipe closes
    (`stop`, or sopgen's end, which the system closes for it on every platform), it
    stops the group. The program's output goes to `log` (an open file: a pipe read by
    `communicate` would close that input), its exit code passes through the keeper."""
    return subprocess.Popen(KEEPER + ["--", *command], stdin=subprocess.PIPE, stdout=log, stderr=log,
                            env=_importable())


def stop(process: subprocess.Popen) -> None:
    """Stop a program started by `spawn` and everything it started: closing the keeper's
    input tells it to stop the program's group; a keeper that does not answer is killed."""
    if process.poll() is not None:
        return
    try:
        process.stdin.close()
        process.wait(timeout=STOP_WAIT)
    except (OSError, subprocess.TimeoutExpired):
        process.kill()


STOP_WAIT = 10  # seconds for a keeper to stop its program's group
# how the keeper is started: this module, in the Python running sopgen
KEEPER = [sys.executable, "-c", "from sopgen.platform import keep; keep()"]


def _importable() -> dict[str, str]:
    """The environment, with this package importable by the keeper however sopgen runs
    (installed, from a checkout, or from a path a wrapper added)."""
    here = str(Path(__file__).resolve().parents[1])
    path = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": here + (os.pathsep + path if path else "")}


def keep(argv: list[str] | None = None) -> None:
    """The keeper's main: run the command after "--" in a group of its own, exit with
    its code, and stop the whole group as soon as standard input closes."""
    argv = sys.argv[1:] if argv is None else argv
    command = argv[argv.index("--") + 1:]
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is sopgen's to handle
    try:
        child = _start_group(command)
    except OSError as e:
        sys.stderr.write(f"{command[0]}: {e}\n")
        os._exit(127)
    threading.Thread(target=_stop_on_close, args=(child,), daemon=True).start()
    os._exit(child.wait())


def _stop_on_close(child: subprocess.Popen) -> None:
    try:
        while sys.stdin.buffer.read(4096):
            pass
    except OSError:
        pass
    _stop_group(child)


def _start_group(command: list[str]) -> subprocess.Popen:
    if hasattr(os, "killpg"):
        return subprocess.Popen(command, stdin=subprocess.DEVNULL, start_new_session=True)
    flags = getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0)
    return subprocess.Popen(command, stdin=subprocess.DEVNULL, creationflags=flags)


def _stop_group(child: subprocess.Popen) -> None:
    if child.poll() is not None:
        return
    if hasattr(os, "killpg") and hasattr(signal, "SIGKILL"):
        try:
            os.killpg(child.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        return
    taskkill = shutil.which("taskkill")
    if taskkill:  # Windows: the process and its children
        subprocess.run([taskkill, "/F", "/T", "/PID", str(child.pid)], capture_output=True)
    if child.poll() is None:
        child.terminate()  # Windows' TerminateProcess, where taskkill is missing


def soffice_places() -> list[Path]:
    """Where LibreOffice installs itself beside PATH: Program Files on Windows, the
    application bundle on macOS."""
    places = []
    for variable in ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)"):
        folder = os.environ.get(variable)
        if folder:
            places.append(Path(folder) / "LibreOffice" / "program" / "soffice.exe")
    places.append(Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"))
    return places


def install_hint() -> str:
    """How to install LibreOffice and the fonts on this system."""
    if sys.platform == "win32":
        return ("pasang LibreOffice dari https://www.libreoffice.org/download/ (atau: winget install"
                " TheDocumentFoundation.LibreOffice), atau sebutkan soffice.exe di SOPGEN_SOFFICE")
    if sys.platform == "darwin":
        return ("pasang LibreOffice dari https://www.libreoffice.org/download/ (atau: brew install"
                " --cask libreoffice), atau sebutkan soffice di SOPGEN_SOFFICE")
    return "pasang dengan: apt-get install libreoffice-writer-nogui fonts-liberation2"
