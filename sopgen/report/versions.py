"""A version of the sources, named as the user names it -> a folder holding it: a folder
as it is, or a git revision (tag, branch, commit) unpacked from the repository the
sources live in. Git is the git program (it is on every machine that has a repository,
Windows included); one `git archive` per revision, unpacked by Python."""

from __future__ import annotations

import contextlib
import io
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ..errors import UsageError

WORKING_TREE = "kerja"  # the name printed for the sources as they are now


def _git(sources: Path, *args: str, binary: bool = False) -> subprocess.CompletedProcess:
    git = shutil.which("git")
    if git is None:
        raise UsageError("program git tidak ditemukan; pasang git (git-scm.com), atau bandingkan dua folder:"
                         " --dari FOLDER --sampai FOLDER")
    return subprocess.run([git, "-C", str(sources), *args], capture_output=True, text=not binary,
                          stdin=subprocess.DEVNULL)


def repository(sources: Path) -> tuple[Path, str]:
    """The repository's top folder and the sources' path inside it (posix)."""
    done = _git(sources, "rev-parse", "--show-toplevel")
    if done.returncode != 0:
        raise UsageError(f"folder {sources} tidak berada di repositori git; untuk membandingkan dua"
                         " folder sebutkan --dari FOLDER (dan --sampai FOLDER)")
    top = Path(done.stdout.strip())
    inside = Path(sources).resolve().relative_to(top.resolve()).as_posix()
    return top, inside


def last_tag(sources: Path) -> str:
    repository(sources)
    done = _git(sources, "describe", "--tags", "--abbrev=0")
    if done.returncode != 0:
        raise UsageError("repositori ini belum punya tag untuk dibandingkan; beri tag pada versi yang"
                         " ditetapkan (git tag 2025) atau sebutkan --dari REVISI")
    return done.stdout.strip()


@contextlib.contextmanager
def checked_out(sources: Path, revision: str | None) -> Iterator[Path]:
    """The sources at `revision`: None for the working tree, a folder's path for that
    folder, else a git revision unpacked into a temporary folder (removed afterwards)."""
    if revision is None:
        yield sources
        return
    if Path(revision).is_dir():
        yield Path(revision)
        return
    top, inside = repository(sources)
    if _git(sources, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").returncode != 0:
        raise UsageError(f"revisi {revision!r} tidak ada di repositori {top} (dan bukan folder)")
    done = _git(top, "archive", "--format=tar", revision, "--", inside if inside != "." else ".", binary=True)
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"folder sumber {inside} tidak ada di revisi {revision!r}"
                         + (f" ({message[-1]})" if message else ""))
    with tempfile.TemporaryDirectory(prefix="sopgen-versi-") as folder:
        with tarfile.open(fileobj=io.BytesIO(done.stdout)) as archive:
            if hasattr(tarfile, "data_filter"):  # Python 3.11.4 and later
                archive.extractall(folder, filter="data")
            else:  # git's own archive: no links out of it, no absolute names
                archive.extractall(folder, members=[m for m in archive if m.isfile() or m.isdir()])
        yield Path(folder) / inside
