"""Where a problem is and what it is: Location, Diagnostic, and the collector of a run.

Every user mistake becomes a Diagnostic that formats itself as
``path:line:col: error: <pesan>``; the library collects them and never prints.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path


@dataclass(frozen=True, order=True)
class Location:
    """A 1-based line and column in a file (line 1, column 1 when only the file is known)."""

    path: Path
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{display_path(self.path)}:{self.line}:{self.col}"


def display_path(path: Path) -> str:
    """The path as the user typed it: relative to the working directory when inside it."""
    path = Path(path)
    if path.is_absolute():
        try:
            return str(path.relative_to(Path.cwd()))
        except ValueError:
            return str(path)
    return str(path)


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"


_ONE_LINE = str.maketrans({"\n": "\\n", "\r": "\\r", "\t": "\\t", "\u2028": " ", "\u2029": " ",
                          "\x0b": " ", "\x0c": " ", "\x1c": " ", "\x1d": " ", "\x1e": " ", "\x85": " "})


@dataclass(frozen=True)
class Diagnostic:
    severity: Severity
    message: str
    location: Location

    def __str__(self) -> str:
        # one line, whatever the message quotes: a line break from a source value would
        # leave the rest of the message without its path:line:col
        message = self.message.translate(_ONE_LINE)
        return f"{self.location}: {self.severity.value}: {message}"

    def sort_key(self) -> tuple:
        loc = self.location
        return (str(loc.path), loc.line, loc.col, self.severity.value, self.message)


@dataclass
class Diagnostics:
    """All problems of one run, in the order they were found; sorted when read."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, location: Location, message: str) -> None:
        self.items.append(Diagnostic(Severity.ERROR, message, location))

    def warning(self, location: Location, message: str) -> None:
        self.items.append(Diagnostic(Severity.WARNING, message, location))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.sorted() if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.sorted() if d.severity is Severity.WARNING]

    def has_errors(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.items)

    def sorted(self) -> list[Diagnostic]:
        unique = dict.fromkeys(self.items)  # one mistake seen twice is reported once
        return sorted(unique, key=Diagnostic.sort_key)


class SopgenError(Exception):
    """A failure the user can act on; the CLI maps it to an exit status."""


class UsageError(SopgenError):
    """The command line asks for something that cannot be done (exit status 2)."""


# what the system says of a file operation, in the words of the users' messages (its own
# text is English on most machines)
OS_REASONS = {
    errno.ENOENT: "berkas atau folder tidak ada", errno.ENOSPC: "ruang disk penuh",
    errno.EDQUOT: "kuota disk habis", errno.EACCES: "tidak ada izin", errno.EPERM: "tidak ada izin",
    errno.EROFS: "sistem berkas hanya dapat dibaca", errno.ENOTDIR: "jalurnya melewati berkas",
    errno.EISDIR: "sudah ada folder dengan nama itu", errno.EEXIST: "sudah ada berkas dengan nama itu",
    errno.ENAMETOOLONG: "nama berkas atau jalurnya terlalu panjang",
    errno.ELOOP: "tautan simbolik berputar", errno.EBUSY: "sedang dipakai program lain",
    errno.ENOTEMPTY: "folder tidak kosong", errno.EMFILE: "terlalu banyak berkas terbuka",
    errno.EIO: "galat baca-tulis perangkat", errno.EINVAL: "nama atau jalur tidak sah",
}


def os_reason(error: OSError) -> str:
    """What went wrong with a file, in Indonesian."""
    if error.errno in OS_REASONS:
        return OS_REASONS[error.errno]
    return f"galat sistem berkas (kode {error.errno})" if error.errno else "galat sistem berkas"
