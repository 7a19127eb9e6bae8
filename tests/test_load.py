"""The loader: locations of keys and items, and every unusable file as a diagnostic."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from sopgen.check.load import MAX_BYTES, Mapping, Scalar, Sequence, load_file, parse
from sopgen.errors import Diagnostics, Location


def parsed(text: str | bytes, name: str = "x.yaml"):
    out = Diagnostics()
    data = text.encode("utf-8") if isinstance(text, str) else text
    return parse(data, Path(name), out), [str(d) for d in out.sorted()]


def test_every_key_and_item_keeps_its_line_and_column():
    node, problems = parsed("nama: A\nkegiatan:\n  - uraian: B\n    waktu: 5 menit\n  - [x, y]\n")
    assert problems == []
    assert isinstance(node, Mapping)
    assert node.get("nama").key_location == Location(Path("x.yaml"), 1, 1)
    steps = node.get("kegiatan").value
    assert isinstance(steps, Sequence)
    first = steps.items[0]
    assert first.location == Location(Path("x.yaml"), 3, 5)
    waktu = first.get("waktu").value
    assert isinstance(waktu, Scalar) and waktu.location == Location(Path("x.yaml"), 4, 12)
    assert steps.items[1].items[1].location == Location(Path("x.yaml"), 5, 9)


def test_text_keeps_what_was_written():
    node, _ = parsed("a: 01\nb: 197203151998032004\nc: yes\nd: 2026-01-05\n")
    assert [node.get(k).value.text for k in "abcd"] == ["01", "197203151998032004", "yes", "2026-01-05"]


def test_windows_line_endings_read_as_linux_ones(tmp_path):
    """Notepad saves CRLF: `waktu: -` (the printed form) and every location stay the same."""
    from sopgen import build

    from .conftest import SAMPLES, checked_samples

    crlf = tmp_path / "sources"
    shutil.copytree(SAMPLES, crlf)
    for path in crlf.rglob("*.yaml"):
        text = path.read_bytes().replace(b'waktu: "-"', b"waktu: -").replace(b"\r\n", b"\n")
        path.write_bytes(text.replace(b"\n", b"\r\n"))
    checked = build.check(crlf)
    assert not checked.diagnostics.errors, checked.diagnostics.errors[:3]
    units = {u.id: u for u in checked_samples().sources.units}
    for unit in checked.sources.units:
        assert [s.kegiatan for s in unit.sops] == [s.kegiatan for s in units[unit.id].sops]
    node, problems = parsed("nama: A\r\nkegiatan:\r\n  - uraian: B\r\n    waktu: -\r\n")
    waktu = node.get("kegiatan").value.items[0].get("waktu").value
    assert problems == [] and waktu.value == "-" and waktu.location == Location(Path("x.yaml"), 4, 12)


def test_utf8_signature_is_accepted():
    node, problems = parsed(b"\xef\xbb\xbfnama: Kecamatan\n")
    assert problems == [] and node.get("nama").value.value == "Kecamatan"


def test_non_utf8_byte_is_located():
    _, problems = parsed("nama: A\nuraian: Caf\u00e9\n".encode("latin-1"))
    assert problems == [
        "x.yaml:2:12: error: berkas bukan teks UTF-8 (byte 0xE9); simpan ulang berkas dengan"
        " pengodean UTF-8 (di Notepad++: Encoding > Convert to UTF-8)"
    ]


def test_control_character():
    _, problems = parsed("nama: A\x07\n")
    assert problems and "karakter yang tidak boleh ada" in problems[0]


def test_alias_bomb_is_refused_quickly():
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i, name in enumerate("bcdefghij"):
        prev = "abcdefghij"[i]
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 10)}]")
    _, problems = parsed("\n".join(lines) + "\n")
    assert problems and "terlalu banyak unsur" in problems[0]


def test_deep_nesting_is_refused():
    _, problems = parsed("a: " + "[" * 3000 + "]" * 3000 + "\n")
    assert problems and "terlalu dalam" in problems[0]


def test_huge_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "besar.yaml"
    with path.open("wb") as f:
        f.write(b"nama: A\n")
        f.truncate(10 * 1024 * 1024)
    out = Diagnostics()
    assert load_file(path, out) is None
    assert "terlalu besar" in out.errors[0].message
    assert os.path.getsize(path) > MAX_BYTES


def test_unreadable_path_is_a_diagnostic(tmp_path):
    out = Diagnostics()
    assert load_file(tmp_path / "tidak-ada.yaml", out) is None
    assert "tidak dapat dibaca" in out.errors[0].message


def test_symlink_leaving_sources_is_refused(tree, tmp_path):
    outside = tmp_path / "rahasia.yaml"
    outside.write_text("nomor: x\n")
    (tree.root / "unit-a" / "bocor.yaml").symlink_to(outside)
    diagnostics = tree.diagnostics()
    assert [d.message for d in diagnostics.errors if d.location.path.name == "bocor.yaml"] == [
        "tautan simbolik ini mengarah ke luar folder sumber; salin berkasnya ke dalam folder"
    ]


def test_symlinked_unit_folder_leaving_sources_is_refused(tree, tmp_path):
    (tmp_path / "luar").mkdir()
    (tree.root / "unit-luar").symlink_to(tmp_path / "luar")
    assert any("luar folder sumber" in d.message for d in tree.diagnostics().errors)


def test_symlink_inside_sources_is_fine(tree):
    (tree.root / "logo" / "lambang.png").symlink_to(tree.root / "logo" / "logo.png")
    tree.replace("pemda.yaml", "logo: logo/logo.png", "logo: logo/lambang.png")
    assert tree.diagnostics().sorted() == []


def test_logo_symlink_leaving_sources_is_refused(tree, tmp_path):
    (tmp_path / "x.png").write_bytes((tree.root / "logo" / "logo.png").read_bytes())
    (tree.root / "logo" / "x.png").symlink_to(tmp_path / "x.png")
    tree.replace("pemda.yaml", "logo: logo/logo.png", "logo: logo/x.png")
    assert any("di luar folder sumber" in d.message for d in tree.diagnostics().errors)
