"""What an import read of one SOP, before it is written as YAML: each value as printed,
and beside it what the author must check (`doubts`, written as `# periksa: ...`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import SopgenError


@dataclass
class FoundStep:
    nomor: int  # its place in the SOP, from 1 (the printed number may skip or be missing)
    uraian: str
    pelaksana: list[str]
    kind: str  # "terminator", "proses", "keputusan"
    kelengkapan: list[str]
    waktu: str
    output: str
    keterangan: str
    targets: list[int] = field(default_factory=list)  # step numbers its arrows lead to
    branches: list[tuple[int, str]] = field(default_factory=list)  # a decision's (target, label)
    doubts: dict[str, str] = field(default_factory=dict)  # key -> what to check
    symbols: list[str] = field(default_factory=list)  # the kinds drawn in its row, left to right
    printed: str = ""  # the number printed in its row ("" where none is)
    decider: str = ""  # the actor of a decision's diamond, where the row has other actors' boxes


@dataclass
class FoundSop:
    source: str  # the document and where in it, for messages
    nomor: str = ""
    nama: str = ""
    tanggal_pembuatan: str = ""
    tanggal_revisi: str = ""
    tanggal_efektif: str = ""
    disahkan_oleh: dict[str, str] = field(default_factory=dict)  # jabatan, nama, pangkat, nip
    lists: dict[str, list[str]] = field(default_factory=dict)  # dasar_hukum, keterkaitan, ...
    pelaksana: list[str] = field(default_factory=list)
    steps: list[FoundStep] = field(default_factory=list)
    doubts: dict[str, str] = field(default_factory=dict)
    flowchart: str = "vektor"  # vektor (drawn), gambar (a picture), tidak ada
    ocr: str = ""  # read with OCR (sopgen.imports.pixels): "pindai" a scan, "gambar" its flowchart picture
    sheet: str = ""  # a workbook's sheet it was read from

    def identity_read(self) -> None:
        """After the identity page: what it lacked is for the author to fill in."""
        for key in ("nomor", "nama", "tanggal_pembuatan", "tanggal_efektif"):
            if not getattr(self, key):
                self.doubts.setdefault(key, "tidak ditemukan di halaman identitas; isi dari dokumen aslinya")
        for key in LISTS:
            self.lists.setdefault(key, [])


LISTS = ("dasar_hukum", "kualifikasi_pelaksana", "keterkaitan", "peralatan_perlengkapan",
         "peringatan", "pencatatan_pendataan")


class Unreadable(SopgenError):
    """A document that holds no SOP that can be read: the message says why, in Indonesian."""


class NoSop(Unreadable):
    """A document read whole that holds no SOP table (a recap, a letter, a decree): in a
    folder it is passed over, not a failure."""
