"""What differs between Linux, macOS and Windows, in one place: the output folder's lock,
processes that must die with sopgen, and where LibreOffice is installed.

Each facility is found by what the running Python has (`fcntl`, `msvcrt`, `os.killpg`),
never by the system's name, so a test can take a POSIX facility away and run the
commands as they run on Windows (tests/test_platform.py)."""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import subprocess
import sys
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
    (the OOM killer, `timeout -s KILL`, a cancelled CI job) cannot stop its workers; on
    Linux each asks the kernel for SIGKILL when its parent dies. Elsewhere the pool's own
    shutdown is all there is (Windows ends a pool's workers when their pipe to the parent
    breaks)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
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


def spawn(command: list[str]) -> subprocess.Popen:
    """Start a program in a process group of its own, so that it can be stopped with
    every process it starts (LibreOffice starts a second one)."""
    if hasattr(os, "killpg"):
        return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                start_new_session=True)
    flags = getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0)
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, creationflags=flags)


def stop(process: subprocess.Popen) -> None:
    """Stop a process started by `spawn` and everything it started."""
    if process.poll() is not None:
        return
    if hasattr(os, "killpg") and hasattr(signal, "SIGKILL"):
        try:
            os.killpg(process.pid, signal.SIGKILL)
            return
        except ProcessLookupError:
            return
    taskkill = shutil.which("taskkill")
    if taskkill:  # Windows: the process and its children
        subprocess.run([taskkill, "/F", "/T", "/PID", str(process.pid)], capture_output=True)
    if process.poll() is None:
        process.terminate()  # Windows' TerminateProcess, where taskkill is missing


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
