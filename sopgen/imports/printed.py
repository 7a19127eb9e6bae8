"""How an SOP AP document prints what the sources hold: the identity labels and the
flowchart's column headers in the wordings offices use (any case), numbered list items,
the signature block. Shared by every reader, which differ only in where they find text."""

from __future__ import annotations

import re

MAX_BYTES = 50 * 1024 * 1024  # a book of 300 SOPs is under 5 MB

_TANGGAL = r"(?:tanggal|tgl\.?)"
IDENTITY_PATTERNS = (
    (re.compile(r"^(?:nomor|no\.?)\s*sop(?:\s*ap)?$"), "nomor"),
    (re.compile(r"^(?:nama|judul)\s*sop(?:\s*ap)?$"), "nama"),
    (re.compile(rf"^{_TANGGAL}\s*pembuatan$"), "tanggal_pembuatan"),
    (re.compile(rf"^{_TANGGAL}\s*revisi$"), "tanggal_revisi"),
    (re.compile(rf"^{_TANGGAL}\s*(?:efektif|pengesahan|berlaku|penetapan)$"), "tanggal_efektif"),
    (re.compile(r"^disahkan\s*oleh$"), "disahkan_oleh"),
)
LIST_PATTERNS = (
    (re.compile(r"^dasar\s*hukum"), "dasar_hukum"),
    (re.compile(r"^(?:kualifikasi|kualitas)\s*pelaksana"), "kualifikasi_pelaksana"),  # both are printed
    (re.compile(r"^keterkaitan"), "keterkaitan"),
    (re.compile(r"^peralatan\s*(?:/|dan)?\s*perlengkapan"), "peralatan_perlengkapan"),
    (re.compile(r"^peringatan"), "peringatan"),
    (re.compile(r"^pencatatan\s*(?:/|dan)?\s*pendataan"), "pencatatan_pendataan"),
)
BULLETS = "-\u2022\u2013\u25cf\u25aa\u00b7*\uf0b7\uf0a7"  # hyphen, dots, and Symbol-font bullets
# an item's number: "1.", "1,", "1)", "(1)", a bullet, or a bare "1" before a capitalised
# word ("1 Undang-Undang ...", as typewritten lists and many scans print them) that is no
# unit of a quantity or a time ("5 Hari", "2 Lembar")
_BARE = r"\d{1,2}(?=\s+[A-Z])(?!\s+(?:Menit|Jam|Hari|Minggu|Bulan|Tahun|Lembar|Berkas|Buah|Orang|Eksemplar|Set|Unit)\b)"
NUMBERING = re.compile(rf"^\s*(?:\d{{1,2}}\s?[.,)]|{_BARE}|\(\d{{1,2}}\)|[a-z][.)]|[{BULLETS}])\s*")
ITEM_START = re.compile(rf"^(?:\d{{1,2}}\s?[.,)]|{_BARE}|\(\d{{1,2}}\)|[{BULLETS}])(?:\s|$)")
ACTIVITY = re.compile(r"^(?:uraian\s*)?(?:kegiatan|aktivitas|aktifitas|prosedur)(?:\s*/\s*kegiatan)?$"
                      r"|^uraian(?:\s*prosedur|\s*kegiatan)?$")


def normalized(text: str) -> str:
    """A label as the tables above know it: lower case, single spaces, no colon."""
    return " ".join(text.replace(":", " ").split()).lower()


def label_key(text: str) -> str:
    """A label with its punctuation loosened: "NOMOR SOP :" -> "nomor sop",
    "Peralatan/ Perlengkapan" -> "peralatan/perlengkapan", "TGL. EFEKTIF" -> "tgl. efektif"."""
    text = normalized(text)
    text = re.sub(r"\s*/\s*", "/", text)
    return text.strip(" .")


def _field(patterns, text: str) -> str | None:
    key = label_key(text)
    return next((name for pattern, name in patterns if pattern.match(key)), None)


def identity_key(text: str) -> str | None:
    """The identity field a label names ("NOMOR SOP AP", "Tgl. Efektif", "Judul SOP")."""
    return _field(IDENTITY_PATTERNS, text)


def list_key(text: str) -> str | None:
    """The list a label heads ("DASAR HUKUM :", "Peralatan/ Perlengkapan")."""
    return _field(LIST_PATTERNS, text)


def list_items(paragraphs: list[str]) -> list[str]:
    """The items of a printed list: numbering and bullets dropped, "-" meaning none."""
    found = []
    for paragraph in paragraphs:
        text = NUMBERING.sub("", paragraph).strip()
        if text and text != "-":
            found.append(" ".join(text.split()))
    return found


def join_lines(first: str, then: str) -> str:
    """Two lines of one wrapped text: a word broken after its hyphen ("Undang-" / "Undang")
    is joined without the space."""
    if not first:
        return then
    if re.search(r"[A-Za-z]-$", first) and then[:1].isalpha():
        return first + then
    return f"{first} {then}"


def joined(lines: list[str]) -> str:
    text = ""
    for line in lines:
        text = join_lines(text, line)
    return " ".join(text.split())


def signer(lines: list[str], blocks: list[list[str]] | None = None) -> dict[str, str]:
    """Jabatan, nama, pangkat and NIP from the signature block, top to bottom. With
    `blocks` (the lines grouped where the signature's space parts them), the first block
    is the jabatan however many lines it wraps over, and the name follows the gap."""
    if blocks and len(blocks) >= 2:
        first, rest = blocks[0], [line for block in blocks[1:] for line in block]
        filled = [joined(first)] + [line for line in rest if line]
    else:
        filled = [line for line in lines if line]
    signer: dict[str, str] = {}
    nip = next((line for line in filled if re.match(r"^NIP\b", line.strip(), re.IGNORECASE)), None)
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
    "Persyaratan/Kelengkapan", "Sumber Data", "Ket.")."""
    label = label_key(label)
    if label in ("no", "nomor", "no urut"):
        return "no"
    if ACTIVITY.match(label):
        return "kegiatan"
    for words, key in ((("kelengkapan", "persyaratan", "perlengkapan", "input", "sumber data", "masukan"),
                        "kelengkapan"),
                       (("waktu",), "waktu"), (("output", "keluaran", "hasil"), "output"),
                       (("keterangan", "ket"), "keterangan")):
        # "Ket." is Keterangan, but "Ketua Tim ..." names an actor: abbreviations whole
        if any(label == w or (len(w) > 3 and label.startswith(w)) for w in words):
            return key
    return None
