"""A YAML file's text and one top-level key -> the same text with that key's value
replaced (or the key added): located by YAML's own parse tree, spliced into the text.

A round-trip library would re-emit the whole file (its indentation, its quoting, its
line breaks); splicing at the parser's marks keeps every byte we were not asked to change.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from ..errors import Location


class EditError(Exception):
    """The file is no YAML mapping we can edit; `location` says where."""

    def __init__(self, location: Location, message: str):
        super().__init__(message)
        self.location = location


@dataclass(frozen=True)
class Text:
    """A source file's text as read: its BOM and its line ending kept for writing back."""

    body: str
    bom: bool
    newline: str

    @classmethod
    def decode(cls, data: bytes) -> Text:
        bom = data.startswith(b"\xef\xbb\xbf")
        body = data[3:].decode("utf-8") if bom else data.decode("utf-8")
        return cls(body, bom, "\r\n" if "\r\n" in body else "\n")

    def encode(self) -> bytes:
        return (b"\xef\xbb\xbf" if self.bom else b"") + self.body.encode("utf-8")

    def replaced(self, body: str) -> Text:
        return Text(body, self.bom, self.newline)


def top_level(text: Text, path) -> yaml.MappingNode:
    try:
        node = yaml.compose(text.body, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        raise EditError(Location(path, mark.line + 1, mark.column + 1) if mark else Location(path),
                        f"bukan YAML yang dapat dibaca: {e.problem or e}") from None
    if not isinstance(node, yaml.MappingNode):
        raise EditError(Location(path), "berkas ini bukan pemetaan kunci: nilai")
    return node


def value_of(root: yaml.MappingNode, key: str) -> yaml.Node | None:
    return next((value for name, value in root.value if isinstance(name, yaml.ScalarNode) and name.value == key),
                None)


def set_scalar(text: Text, path, key: str, value: str, after: tuple[str, ...] = ()) -> tuple[Text, str | None]:
    """`key: value` at the top level, and the value it had (None where it had none).
    A scalar value is replaced where it stands, in its quotes; a missing key is added on
    its own line after the first of `after` that the file has (else at the end)."""
    root = top_level(text, path)
    node = value_of(root, key)
    body = text.body
    if node is not None:
        if not isinstance(node, yaml.ScalarNode):
            raise EditError(Location(path, node.start_mark.line + 1, node.start_mark.column + 1),
                            f"{key} harus berupa satu nilai, bukan daftar atau pemetaan")
        start, end = node.start_mark.index, node.end_mark.index
        quote = node.style if node.style in ("'", '"') else ""
        new = f"{quote}{value}{quote}"
        if start == end:  # "key:" with nothing after it
            new = " " + new if not body[start - 1:start].isspace() or body[start - 1:start] in "\r\n" else new
        return text.replaced(body[:start] + new + body[end:]), (None if node.tag.endswith(":null") else node.value)
    line = f"{key}: {value}"
    anchor = next((v for k in after if (v := value_of(root, k)) is not None), None)
    if anchor is None:
        ending = "" if body.endswith(("\n", "\r")) or not body else text.newline
        return text.replaced(body + ending + line + text.newline), None
    # the end of the anchor value's last line (a block list ends at the next key's line)
    stop = anchor.end_mark.index
    if isinstance(anchor, yaml.ScalarNode):
        stop = body.find("\n", stop)
        stop = len(body) if stop < 0 else stop + 1
    else:
        stop = body.rfind("\n", 0, stop) + 1 if body[stop - 1:stop] != "\n" else stop
    indent = " " * root.value[0][0].start_mark.column
    insert = indent + line + text.newline
    if stop == len(body) and body and not body.endswith("\n"):
        insert = text.newline + insert
    return text.replaced(body[:stop] + insert + body[stop:]), None


def append_items(text: Text, path, key: str, items: list[str]) -> Text:
    """Items added at the end of the top-level block list `key` (the key and its list
    added at the end of the file where it has none). Each item is given as YAML lines
    starting with "- ", indented here as the list's own items are."""
    root = top_level(text, path)
    node = value_of(root, key)
    body, newline = text.body, text.newline
    if node is None:
        lead = "" if body.endswith(("\n", "\r")) or not body else newline
        return text.replaced(body + lead + f"{key}:{newline}" + _lines(items, "  ", newline))
    if not isinstance(node, yaml.SequenceNode) or node.flow_style or not node.value:
        raise EditError(Location(path, node.start_mark.line + 1, node.start_mark.column + 1),
                        f"{key} harus berupa daftar blok (butir diawali '- ' di baris sendiri) agar dapat ditambah")
    stop = node.end_mark.index
    if body[stop - 1:stop] not in ("\n", ""):
        stop = body.find("\n", stop)
        stop = len(body) if stop < 0 else stop + 1
    lead = newline if stop == len(body) and not body.endswith("\n") else ""
    added = lead + _lines(items, " " * node.start_mark.column, newline)
    return text.replaced(body[:stop] + added + body[stop:])


def _lines(items: list[str], indent: str, newline: str) -> str:
    return "".join(indent + line + newline for item in items for line in item.splitlines())
