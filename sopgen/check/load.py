"""YAML bytes -> nodes that remember the file, line and column of every key and item.

Only the safe subset of YAML is read (no Python tags). Every problem, from bytes that
are not UTF-8 to a duplicate key, becomes a diagnostic; nothing here raises for bad input.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import Diagnostics, Location, os_reason

# libyaml's parser is several times faster and keeps the same marks; the messages below
# recognise the problems of both parsers
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_BYTES = 1024 * 1024  # a SOP is a few kilobytes; anything near this is not a SOP
MAX_NODES = 100_000  # guards against alias bombs ("billion laughs")
MAX_DEPTH = 40  # the deepest real source nests about 5 levels


@dataclass(frozen=True)
class Node:
    location: Location


@dataclass(frozen=True)
class Scalar(Node):
    value: object  # as YAML resolves it: str, int, float, bool, None, date or datetime
    text: str  # exactly as written, so that a text field keeps "01" and "060/1/2026"
    quoted: bool
    # where a "#" comment follows an unquoted text on its line: "loket #2" reads as "loket"
    comment: Location | None = None


@dataclass(frozen=True)
class Sequence(Node):
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Entry:
    key: str
    key_location: Location
    value: Node


@dataclass(frozen=True, eq=False)
class Mapping(Node):
    entries: dict[str, Entry]

    def get(self, key: str) -> Entry | None:
        return self.entries.get(key)


def load_file(path: Path, diagnostics: Diagnostics, data: bytes | None = None) -> Node | None:
    """Read one YAML file (or parse `data`, its bytes as already read); None (with
    diagnostics) when it cannot be used at all."""
    where = Location(path)
    try:
        size = path.stat().st_size if data is None else len(data)
        if size > MAX_BYTES:
            diagnostics.error(
                where,
                f"berkas terlalu besar ({size // 1024} KB; paling besar {MAX_BYTES // 1024} KB);"
                " satu berkas berisi satu SOP",
            )
            return None
        data = path.read_bytes() if data is None else data
    except OSError as e:
        diagnostics.error(where, f"berkas tidak dapat dibaca: {os_reason(e)}")
        return None
    return parse(data, path, diagnostics)


def parse(data: bytes, path: Path, diagnostics: Diagnostics) -> Node | None:
    """Parse the bytes of one file into nodes; None (with diagnostics) on failure."""
    text = _decode(data, path, diagnostics)
    if text is None:
        return None
    text = text.replace("\r\n", "\n")  # Windows line endings read as Linux ones; lines and columns unchanged
    if not text.strip() or all(_is_blank_or_comment(line) for line in text.splitlines()):
        diagnostics.error(Location(path), "berkas kosong; isi berkas ini atau hapus")
        return None
    text = _BARE_DASH.sub(r'\1"-"\2', text)
    loader = None
    try:
        loader = _Loader(text)
        root = loader.get_single_node()
        if root is None:
            diagnostics.error(Location(path), "berkas kosong; isi berkas ini atau hapus")
            return None
        return _Converter(path, loader, diagnostics, text.splitlines()).convert(root)
    except yaml.MarkedYAMLError as e:
        diagnostics.error(_mark_location(path, e), _syntax_message(e, _offending(text, e)))
    except yaml.YAMLError as e:  # reader errors carry a position, not a mark
        diagnostics.error(_reader_location(path, text, e), _syntax_message(e))
    except RecursionError:
        diagnostics.error(Location(path), "struktur YAML terlalu dalam bertingkat")
    finally:
        if loader is not None:
            loader.dispose()
    return None


# `waktu: -` or `tanggal_revisi: -` as authors write them (the printed page shows "-"): a
# bare dash after a key is not valid YAML (it would open a list), so it is read as the text
# "-"; the quotes go after it, so every position before them is unchanged
_BARE_DASH = re.compile(r'^(\s*(?:- )?[A-Za-z_][\w-]*:[ \t]+)-([ \t]*(?:#.*)?)$', re.M)


def _is_blank_or_comment(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#") or stripped in ("---", "...")


def _decode(data: bytes, path: Path, diagnostics: Diagnostics) -> str | None:
    if data.startswith(b"\xef\xbb\xbf"):  # Notepad's UTF-8 signature is harmless
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        before = data[: e.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        diagnostics.error(
            Location(path, line, col),
            f"berkas bukan teks UTF-8 (byte 0x{data[e.start]:02X}); simpan ulang berkas"
            " dengan pengodean UTF-8 (di Notepad++: Encoding > Convert to UTF-8)",
        )
        return None


# what a Word document cannot hold (XML 1.0 forbids these; "\0" or "\a" in a double-quoted
# YAML string makes them) and what would print words reversed (bidirectional controls)
_ESCAPE = re.compile(r"\\(?:x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|[0abtnvfre])")
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff"
                          "\u202a-\u202e\u2066-\u2069]")


def _unprintable_message(char: str) -> str:
    code = f"U+{ord(char):04X}"
    if "\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069":
        return (f"teks memuat karakter pengarah tulisan tak terlihat ({code}) yang membuat kata"
                " tercetak terbalik; hapus karakter itu (ketik ulang teksnya)")
    return (f"teks memuat karakter kendali {code} yang tidak dapat dimuat dokumen Word"
            ' (biasanya dari escape seperti "\\0" atau "\\a" dalam tanda kutip ganda);'
            " hapus karakter itu")


class _Converter:
    """Turns PyYAML's composed nodes into ours, catching what PyYAML lets through."""

    def __init__(self, path: Path, loader, diagnostics: Diagnostics, lines: list[str]):
        self.path = path
        self.loader = loader
        self.diagnostics = diagnostics
        self.lines = lines
        self.count = 0

    def position_of(self, node: yaml.ScalarNode, char: str) -> Location | None:
        """Where in the file a character of a scalar is: typed as itself (pasted, invisible)
        or as an escape in double quotes ("\\0", "\\u202E")."""
        start, end = node.start_mark, node.end_mark
        for number in range(start.line, min(end.line, len(self.lines) - 1) + 1):
            line = self.lines[number]
            first = start.column if number == start.line else 0
            last = end.column if number == end.line else len(line)
            if (at := line.find(char, first, last)) >= 0:
                return Location(self.path, number + 1, at + 1)
            for escape in _ESCAPE.finditer(line, first, last):
                if escape.group() == "\\e":  # YAML's escape for ESC, unknown to Python
                    decoded = "\x1b"
                else:
                    try:
                        decoded = codecs.decode(escape.group(), "unicode_escape")
                    except UnicodeDecodeError:
                        continue
                if decoded == char:
                    return Location(self.path, number + 1, escape.start() + 1)
        return None

    def comment_after(self, node: yaml.ScalarNode) -> Location | None:
        """The position of a comment right after an unquoted scalar on its last line (not
        a "# periksa" note, which sopgen import sets beside a value it is unsure of)."""
        if node.style not in (None, "") or node.end_mark.line >= len(self.lines):  # C: ""
            return None
        line = self.lines[node.end_mark.line]
        rest = line[node.end_mark.column:]
        if rest.strip().startswith("#") and not rest.strip()[1:].lstrip().startswith("periksa"):
            return Location(self.path, node.end_mark.line + 1,
                            node.end_mark.column + len(rest) - len(rest.lstrip()) + 1)
        return None

    def written_tag(self, node: yaml.Node) -> str:
        """The tag written before a value ("!!int", "!foo"), if any: a node's mark starts at
        its properties (an anchor, a tag), so the tag is read from the line there."""
        mark = node.start_mark
        line = self.lines[mark.line] if mark.line < len(self.lines) else ""
        found = _WRITTEN_TAG.match(line, mark.column)
        return found.group(1) if found else ""

    def location(self, node: yaml.Node) -> Location:
        mark = node.start_mark
        return Location(self.path, mark.line + 1, mark.column + 1)

    def convert(self, node: yaml.Node, depth: int = 0) -> Node | None:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooLarge
        if depth > MAX_DEPTH:
            self.diagnostics.error(self.location(node), "struktur YAML terlalu dalam bertingkat")
            return None
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if isinstance(node, yaml.SequenceNode):
            items = (self.convert(item, depth + 1) for item in node.value)
            return Sequence(self.location(node), tuple(i for i in items if i is not None))
        return self.mapping(node, depth)

    def scalar(self, node: yaml.ScalarNode) -> Scalar | None:
        where = self.location(node)
        written = self.written_tag(node)
        if written:  # "!!bool maybe", "!!timestamp besok": a type forced on a text
            self.diagnostics.error(where, f"tanda jenis (tag) YAML {written!r} tidak didukung; hapus"
                                   f" {written!r} dan tulis nilainya saja")
            return Scalar(where, node.value, node.value, True)  # the error stops the build; the
            # key is not also reported as missing
        if node.tag.startswith("tag:yaml.org,2002:") and node.tag[18:] in _PLAIN_TAGS:
            try:
                value = self.loader.construct_object(node, deep=True)
            except (ValueError, OverflowError, yaml.YAMLError):
                value = node.value  # e.g. "2026-02-30": kept as text, the date check explains
        else:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            self.diagnostics.error(where, f"tag YAML {tag!r} tidak didukung; hapus tanda '!'")
            return None
        if isinstance(value, str) and (bad := _UNPRINTABLE.search(value)):
            self.diagnostics.error(self.position_of(node, bad.group()) or where,
                                   _unprintable_message(bad.group()))
            # kept without the character: the error stops the build, and the key is not
            # also reported as missing
            value = _UNPRINTABLE.sub("", value)
            return Scalar(where, value, _UNPRINTABLE.sub("", node.value), True)
        return Scalar(where, value, node.value, node.style in ("'", '"', "|", ">"),
                      self.comment_after(node) if isinstance(value, str) else None)

    def mapping(self, node: yaml.MappingNode, depth: int) -> Mapping:
        entries: dict[str, Entry] = {}
        for key_node, value_node in node.value:
            key_where = self.location(key_node)
            if not isinstance(key_node, yaml.ScalarNode) or key_node.value == "":
                self.diagnostics.error(key_where, "kunci harus berupa teks biasa")
                continue
            key = key_node.value
            if key in entries:
                first = entries[key].key_location
                self.diagnostics.error(
                    key_where,
                    f'kunci "{key}" ditulis dua kali (yang pertama pada baris {first.line});'
                    " hapus salah satunya",
                )
                continue
            value = self.convert(value_node, depth + 1)
            if value is not None:
                entries[key] = Entry(key, key_where, value)
        return Mapping(self.location(node), entries)


class _TooLarge(yaml.YAMLError):
    def __str__(self) -> str:
        return "too many nodes"


_PLAIN_TAGS = {"str", "int", "float", "bool", "null", "timestamp"}
_WRITTEN_TAG = re.compile(r"(?:&\S+[ \t]+)?(![^ \t]*)")


def _mark_location(path: Path, error: yaml.MarkedYAMLError) -> Location:
    mark = error.problem_mark or error.context_mark
    if "end of stream" in str(error.problem) and error.context_mark is not None:
        mark = error.context_mark  # where the unclosed quote opened, not the end of the file
    if mark is None:
        return Location(path)
    return Location(path, mark.line + 1, mark.column + 1)


def _reader_location(path: Path, text: str, error: yaml.YAMLError) -> Location:
    position = getattr(error, "position", None)
    if position is None:
        return Location(path)
    before = text[:position]
    return Location(path, before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1)


def _offending(text: str, error: yaml.MarkedYAMLError) -> str:
    """The character the parser stopped at (libyaml does not name it)."""
    mark = error.problem_mark
    index = getattr(mark, "index", None)
    return text[index] if index is not None and 0 <= index < len(text) else ""


# what the YAML parser says (a phrase of its problem) -> what the author is told, first match
SYNTAX_MESSAGES = (
    (("expected a single document", "but found another document"),
     "berkas hanya boleh berisi satu dokumen YAML (hapus '---' yang kedua)"),
    (("maximum nesting depth",), "struktur YAML terlalu dalam bertingkat"),
    (("sequence entries are not allowed",),
     'tanda "-" di sini dibaca sebagai awal daftar; bila maksudnya teks, apit dengan tanda kutip,'
     ' mis. waktu: "-"'),
    (("mapping values are not allowed",),
     "tanda ':' tidak diharapkan di sini; apit teks yang memuat ': ' dengan tanda kutip, atau"
     " periksa indentasi"),
    (("could not find expected ':'",), "kurang tanda ':' setelah kunci, atau baris sebelumnya belum selesai"),
    (("found undefined alias",), "alias YAML (*nama) merujuk jangkar (&nama) yang tidak ada"),
    (("expected <block",), "indentasi tidak konsisten; samakan jumlah spasi di awal baris yang sejajar"),
    (("did not find expected '-' indicator",),
     "indentasi daftar tidak konsisten; setiap butir diawali '- ' yang sejajar"),
    (("found unknown escape character",),
     "karakter escape (\\) tidak dikenal dalam teks bertanda kutip ganda; pakai kutip tunggal"),
    (("found duplicate anchor",), "jangkar YAML (&nama) dipakai dua kali"),
    (("did not find expected key",),
     "baris ini tidak sejajar dengan kunci di atasnya, atau teks sebelumnya belum selesai;"
     " periksa indentasi dan tanda kutip"),
    (("did not find expected node content",),
     "nilai tidak ditemukan di sini; teks yang diawali tanda baca harus diapit tanda kutip"),
    (("did not find expected ',' or ']'",), "daftar dalam kurung [ ] belum ditutup atau kurang koma"),
    (("did not find expected ',' or '}'",), "isian dalam kurung { } belum ditutup atau kurang koma"),
    (("found unexpected end of stream",), "berkas berakhir sebelum teks atau daftar selesai"),
    (("expected alphabetic or numeric character",),
     "nama jangkar atau alias (&nama, *nama) hanya boleh huruf dan angka; bila tanda & atau *"
     " bagian dari teks, apit teksnya dengan tanda kutip"),
    (("expected <document start>", "did not find expected <document start>"),
     "ada isi sesudah akhir dokumen ('...'); hapus tanda itu atau isi sesudahnya"),
    (("expected a comment or a line break",),
     "sesudah tanda | atau > hanya boleh ada komentar; tulis teksnya mulai baris berikutnya"),
    (("directive",), "direktif YAML (baris diawali %) tidak didukung; hapus baris itu"),
    (("tag",), "tanda jenis YAML (!...) tidak didukung; hapus tanda itu"),
    (("expected a mapping", "expected a sequence"), "struktur YAML tidak lengkap; periksa indentasi"),
    (("found unexpected ':'",), "tanda ':' tidak diharapkan di sini; apit teks yang memuat ':' dengan tanda kutip"),
    (("found a mapping", "found a block", "block mapping", "block sequence", "block collection"),
     "indentasi tidak konsisten; samakan jumlah spasi di awal baris yang sejajar"),
    (("escape",), "karakter escape (\\) tidak dikenal dalam teks bertanda kutip ganda; pakai kutip tunggal"),
    (("unacceptable character", "special characters are not allowed", "control characters"),
     "berkas memuat karakter yang tidak boleh ada"),
)


def _syntax_message(error: yaml.YAMLError, char: str = "") -> str:
    if isinstance(error, _TooLarge):
        return "berkas memuat terlalu banyak unsur (alias YAML yang berlipat ganda?)"
    problem = str(getattr(error, "problem", None) or error).strip()
    context = str(getattr(error, "context", None) or "")
    if isinstance(error, yaml.reader.ReaderError):
        return f"berkas memuat karakter yang tidak boleh ada (kode #x{error.character:04x})"
    if "'\\t'" in problem or "\\t" in problem or "tab character" in problem or (
            "cannot start any token" in problem and char == "\t"):
        return "karakter tab tidak boleh dipakai untuk indentasi; gunakan spasi"
    if "found unexpected end of stream" in problem and "quoted" in context:
        return "tanda kutip dibuka tetapi tidak ditutup"
    if "cannot start any token" in problem:
        char = problem.split("'")[1] if "'" in problem else (char or "ini")
        return f'teks yang diawali karakter "{char}" harus diapit tanda kutip'
    for phrases, message in SYNTAX_MESSAGES:
        if any(phrase in problem for phrase in phrases):
            return message
    # a phrase of the parser's not met yet: told in Indonesian all the same (its English
    # text would be the only untranslated words a user ever reads)
    return "sintaks YAML tidak valid di sini; periksa indentasi, tanda ':' dan tanda kutip"

