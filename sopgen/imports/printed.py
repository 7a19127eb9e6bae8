"""How an SOP AP document prints what the sources hold: the identity labels and the
flowchart's column headers in the wordings offices use, numbered list items, the signature
block. Shared by the readers of Word documents and of PDFs, which differ only in where
they find the text."""

from __future__ import annotations

import re

MAX_BYTES = 50 * 1024 * 1024  # a book of 300 SOPs is under 5 MB

IDENTITY_LABELS = {
    "nomor sop": "nomor", "no. sop": "nomor", "nomor": "nomor",
    "tanggal pembuatan": "tanggal_pembuatan", "tgl. pembuatan": "tanggal_pembuatan",
    "tanggal revisi": "tanggal_revisi", "tgl. revisi": "tanggal_revisi",
    "tanggal efektif": "tanggal_efektif", "tgl. efektif": "tanggal_efektif",
    "tanggal pengesahan": "tanggal_efektif",
    "disahkan oleh": "disahkan_oleh",
    "nama sop": "nama",
}
LIST_LABELS = {
    "dasar hukum": "dasar_hukum", "kualifikasi pelaksana": "kualifikasi_pelaksana",
    "keterkaitan": "keterkaitan", "peralatan/perlengkapan": "peralatan_perlengkapan",
    "peralatan / perlengkapan": "peralatan_perlengkapan", "peralatan dan perlengkapan":
    "peralatan_perlengkapan", "peringatan": "peringatan",
    "pencatatan dan pendataan": "pencatatan_pendataan", "pencatatan/pendataan": "pencatatan_pendataan",
}
NUMBERING = re.compile(r"^\s*(?:\d+[.)]|[a-z][.)]|[-\u2022\u2013*])\s*")


def normalized(text: str) -> str:
    """A label as the tables above know it: lower case, single spaces, no colon."""
    return " ".join(text.replace(":", " ").split()).lower()


def list_items(paragraphs: list[str]) -> list[str]:
    """The items of a printed list: numbering and bullets dropped, "-" meaning none."""
    found = []
    for paragraph in paragraphs:
        text = NUMBERING.sub("", paragraph).strip()
        if text and text != "-":
            found.append(" ".join(text.split()))
    return found


def signer(lines: list[str]) -> dict[str, str]:
    """Jabatan, nama, pangkat and NIP from the signature block, top to bottom."""
    filled = [line for line in lines if line]
    signer: dict[str, str] = {}
    nip = next((line for line in filled if line.upper().startswith("NIP")), None)
    if nip is not None:
        signer["nip"] = re.sub(r"\D", "", nip)
        filled = filled[:filled.index(nip)]
    if filled:
        signer["jabatan"] = filled[0]
    if len(filled) > 1:
        signer["nama"] = filled[1]
    if len(filled) > 2:
        signer["pangkat"] = " ".join(filled[2:])
    return signer


def column_name(label: str) -> str | None:
    """Which column a header names, in the wordings offices use ("Uraian Kegiatan",
    "Persyaratan/Kelengkapan", "Ket.")."""
    if label in ("no", "no.", "nomor"):
        return "no"
    for word, key in (("kegiatan", "kegiatan"), ("kelengkapan", "kelengkapan"), ("waktu", "waktu"),
                      ("output", "output"), ("keluaran", "output"), ("keterangan", "keterangan"),
                      ("ket.", "keterangan")):
        if word in label:
            return key
    return None
