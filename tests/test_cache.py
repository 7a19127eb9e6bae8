"""The cache under output/.sopgen-cache: a warm run gives exactly what a cold run gives
(diagnostics, model, book bytes), reads only what changed, and never trusts an entry that
a killed run, a full disk or a stray copy left behind."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sopgen import build
from sopgen.cache import FOLDER, Cache
from sopgen.check import validate
from sopgen.cli import main
from sopgen.document.book import render_book

from .conftest import SAMPLES


def outcome(checked: build.Checked) -> tuple[list[str], str]:
    """What a check gives the user and the later stages: every diagnostic, and the model."""
    return [str(d) for d in checked.diagnostics.sorted()], repr(checked.partial)


def break_in_many_ways(tree) -> None:
    """Errors and warnings of one file, and of rules across files and units."""
    tree.replace("unit-a/sop-a.yaml", "waktu: 2 hari", "waktu: secepatnya")  # error in a step
    tree.replace("unit-a/sop-a.yaml", "  - Kepala Bagian\n", "  - Kepala Bagian\n  - Sekretaris\n")
    tree.replace("unit-b/sop-b.yaml", '"470/01/425.301/2026"', '"060/01/425.012/2026"')  # nomor twice
    tree.write("unit-b/sop-c.yaml", (tree.root / "unit-b/sop-b.yaml").read_text()
               .replace('"060/01/425.012/2026"', '"470/02/425.301/2026"')
               .replace("nama: Surat Keterangan Tidak Mampu", "nama: Surat Keterangan Domisili")
               .replace("pelaksana: [Pemohon, Petugas]",
                        "pelaksana: [Pemohon, Petugas]\nketerkaitan:\n  - sop: unit-a/sop-x"))


def spy_on_reading(monkeypatch) -> list[Path]:
    """The SOP files that are read and checked (rather than taken from the cache)."""
    read: list[Path] = []
    original = validate._SopReader.__init__

    def reading(self, path, *args, **kwargs):
        read.append(path)
        original(self, path, *args, **kwargs)

    monkeypatch.setattr(validate._SopReader, "__init__", reading)
    return read


def test_a_warm_check_gives_what_a_cold_one_gives_and_reads_nothing(tree, tmp_path, monkeypatch):
    break_in_many_ways(tree)
    without = outcome(build.check(tree.root))
    assert any("secepatnya" in d for d in without[0]) and any("juga dipakai" in d for d in without[0])
    assert any("sop-x" in d for d in without[0]) and any("Sekretaris" in d for d in without[0])
    cache = Cache(tmp_path / "cache")
    read = spy_on_reading(monkeypatch)
    assert outcome(build.check(tree.root, cache)) == without  # cold: fills the cache
    assert len(read) == 3
    read.clear()
    assert outcome(build.check(tree.root, Cache(tmp_path / "cache"))) == without  # warm
    assert read == [], "a warm check takes every unchanged SOP from the cache"


def test_what_changed_is_checked_again(tree, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    build.check(tree.root, Cache(cache))
    read = spy_on_reading(monkeypatch)

    def check() -> tuple[list[str], str]:
        read.clear()
        warm = outcome(build.check(tree.root, Cache(cache)))
        seen = [p.name for p in read]
        assert warm == outcome(build.check(tree.root)), "warm and cold agree"
        read[:] = seen
        return warm

    tree.replace("unit-a/sop-a.yaml", "waktu: 2 hari", "waktu: secepatnya")
    diagnostics, _ = check()
    assert read == ["sop-a.yaml"] and any("secepatnya" in d for d in diagnostics)
    tree.replace("unit-a/sop-a.yaml", "waktu: secepatnya", "waktu: 2 hari")
    assert check()[0] == []  # the earlier text's check, from the cache
    # what a SOP's check reads besides its file: the unit's kepala (the signer of a SOP
    # without disahkan_oleh) and the catalogue of dasar hukum
    tree.replace("unit-a/unit.yaml", "nama: Dra. SITI AMINAH, M.Si", "nama: Drs. AHMAD FAUZI")
    assert "AHMAD FAUZI" in check()[1] and read == ["sop-a.yaml"]
    tree.replace("dasar-hukum.yaml", "uu-23-2014:", "uu-23-2015:")
    diagnostics, _ = check()
    assert any('dasar hukum "uu-23-2014" tidak ada' in d for d in diagnostics)


def test_damaged_misplaced_and_half_written_entries_are_not_trusted(tree, tmp_path, monkeypatch):
    break_in_many_ways(tree)
    expected = outcome(build.check(tree.root))
    cache = Cache(tmp_path / "cache")
    build.check(tree.root, cache)
    entries = sorted((tmp_path / "cache" / "check").iterdir())
    assert len(entries) == 3
    truncated, flipped, copied = entries
    shutil.copy(truncated, copied)  # another file's entry, whole, under this file's key
    truncated.write_bytes(truncated.read_bytes()[:-100])
    data = bytearray(flipped.read_bytes())
    data[-50] ^= 1
    flipped.write_bytes(bytes(data))
    (tmp_path / "cache" / "check" / f".{copied.name}.999.tmp").write_bytes(b"half")
    read = spy_on_reading(monkeypatch)
    assert outcome(build.check(tree.root, Cache(tmp_path / "cache"))) == expected
    assert len(read) == 3, "none of the three was trusted"
    read.clear()
    assert outcome(build.check(tree.root, Cache(tmp_path / "cache"))) == expected
    assert read == [], "and each was replaced by a good one"


def test_check_uses_the_output_folder_and_never_creates_it(tree, tmp_path, capsys):
    output = tmp_path / "output"
    assert main(["check", "--sources", str(tree.root), "--output", str(output)]) == 0
    assert not output.exists(), "checking writes nothing where there was no output folder"
    output.mkdir()
    assert main(["check", "--sources", str(tree.root), "--output", str(output)]) == 0
    assert len(list(output.glob(f"{FOLDER}/*/check/*"))) == 2
    assert main(["check", "--sources", str(tree.root), "--output", str(output)]) == 0
    assert capsys.readouterr().out.count("2 unit, 2 SOP valid") == 3


def test_books_are_the_same_bytes_without_the_cache_cold_and_warm(tmp_path, monkeypatch):
    sources = build.check(SAMPLES).sources
    without = {u.id: render_book(sources, u).data for u in sources.units}
    cold = {u.id: render_book(sources, u, cache=Cache(tmp_path)).data for u in sources.units}
    assert cold == without
    monkeypatch.setattr("sopgen.document.book.sop_part", None)  # no SOP may be rendered
    monkeypatch.setattr("sopgen.document.book.FORMS", {})  # nor a form
    warm = {u.id: render_book(sources, u, cache=Cache(tmp_path)).data for u in sources.units}
    assert warm == without
    kept = sum(len(u.sops) + len(u.lampiran) for u in sources.units)
    assert len(list((tmp_path / "part").iterdir())) == kept


def test_one_edit_renders_one_sop_and_the_cache_keeps_what_the_books_use(workspace, capsys):
    sources, output = workspace / "sources", workspace / "output"
    assert main(["build", "--sources", str(sources), "--output", str(output), "-q"]) == 0
    parts = lambda: {p.name for p in output.glob(f"{FOLDER}/*/part/*")}  # noqa: E731
    checks = lambda: {p.name for p in output.glob(f"{FOLDER}/*/check/*")}  # noqa: E731
    before_parts, before_checks = parts(), checks()
    assert len(before_checks) == 14 and len(before_parts) == 14 + 2  # and bagian-organisasi's forms
    path = sources / "bagian-organisasi" / "survei-kepuasan-masyarakat.yaml"
    path.write_text(path.read_text().replace("menetapkan jadwal survei", "menetapkan jadwal"))
    assert main(["build", "--sources", str(sources), "--output", str(output), "-q"]) == 0
    assert len(parts() - before_parts) == 1 and len(before_parts - parts()) == 1
    assert len(checks() - before_checks) == 1 and len(before_checks - checks()) == 1
    fresh = workspace / "fresh"
    assert main(["build", "--sources", str(sources), "--output", str(fresh), "-q"]) == 0
    for book in output.glob("*.docx"):
        assert book.read_bytes() == (fresh / book.name).read_bytes(), book.name
    (output / FOLDER / "0123456789abcdef").mkdir()  # the folder of another sopgen version
    path.write_text(path.read_text().replace("menetapkan jadwal", "menetapkan jadwal survei"))
    assert main(["build", "--sources", str(sources), "--output", str(output), "-q"]) == 0
    assert [p.name for p in (output / FOLDER).iterdir()] != ["0123456789abcdef"]
    assert len(list((output / FOLDER).iterdir())) == 1, "old versions' entries are removed"


def test_a_killed_build_leaves_no_entry_a_later_build_trusts(workspace):
    """SIGKILL while the cache fills (at the moment its first part lands); the next build
    then gives the books of a build from nothing, byte for byte."""
    sources, output = workspace / "sources", workspace / "output"

    def build_into(folder: Path) -> list[str]:
        return [sys.executable, "-m", "sopgen", "build", "--sources", str(sources), "--output",
                str(folder), "-q", "-j", "1"]

    process = subprocess.Popen(build_into(output))
    while process.poll() is None and not list(output.glob(f"{FOLDER}/*/part/*")):
        time.sleep(0.002)
    process.kill()
    process.wait()
    assert not list(output.glob("*.docx")), "killed before the first book was written"
    subprocess.run(build_into(output), check=True)
    subprocess.run(build_into(workspace / "fresh"), check=True)
    for book in (workspace / "fresh").glob("*.docx"):
        assert (output / book.name).read_bytes() == book.read_bytes(), book.name
    assert not list(output.glob(f"{FOLDER}/*/*/.*.tmp")), "leftovers are cleared"


@pytest.mark.parametrize("damage", ["truncate", "flip"])
def test_a_damaged_part_is_rendered_again(workspace, damage):
    sources, output = workspace / "sources", workspace / "output"
    assert main(["build", "--sources", str(sources), "--output", str(output), "-q"]) == 0
    expected = {p.name: p.read_bytes() for p in output.glob("*.docx")}
    for entry in output.glob(f"{FOLDER}/*/part/*"):
        data = bytearray(entry.read_bytes())
        if damage == "truncate":
            del data[len(data) // 2:]
        else:
            data[len(data) // 2] ^= 0xFF
        entry.write_bytes(bytes(data))
    for book in output.glob("*.docx"):
        book.unlink()
    assert main(["build", "--sources", str(sources), "--output", str(output), "-q"]) == 0
    assert {p.name: p.read_bytes() for p in output.glob("*.docx")} == expected


def test_checking_on_several_cores_gives_what_one_core_gives(tree, tmp_path):
    """Enough files for worker processes (build.PARALLEL_CHECK), some of them broken."""
    source = (tree.root / "unit-b/sop-b.yaml").read_text()
    for n in range(build.PARALLEL_CHECK + 6):
        text = source.replace('"470/01/425.301/2026"', f'"470/{n + 2:02d}/425.301/2026"').replace(
            "nama: Surat Keterangan Tidak Mampu", f"nama: Surat Keterangan Nomor {n}")
        if n % 10 == 3:
            text = text.replace("waktu: 5 menit", "waktu: segera")
        tree.write(f"unit-b/sop-b{n:03d}.yaml", text)
    one = outcome(build.check(tree.root, jobs=1))
    assert sum("segera" in d for d in one[0]) == 7
    assert outcome(build.check(tree.root, jobs=2)) == one
    assert outcome(build.check(tree.root, Cache(tmp_path / "cache"), jobs=2)) == one  # cold
    assert outcome(build.check(tree.root, Cache(tmp_path / "cache"), jobs=2)) == one  # warm


def test_a_read_only_cache_forgets_its_oldest_entries(monkeypatch):
    """`sopgen preview` keeps what it computes in memory: a day of saves must not grow it
    without end."""
    import sopgen.cache

    monkeypatch.setattr(sopgen.cache, "MEMORY_ENTRIES", 3)
    cache = sopgen.cache.Cache(None, read_only=True)
    for n in range(5):
        cache.put("check", f"versi-{n}", n)
    assert cache.get("check", "versi-2") == 2  # and it is now the newest
    cache.put("check", "versi-5", 5)
    assert [cache.get("check", f"versi-{n}") for n in range(6)] == [None, None, 2, None, 4, 5]


def test_check_with_an_output_folder_it_cannot_write_is_as_without(tree, tmp_path, monkeypatch, capsys):
    """`check --output` on a read-only folder (another user's, a CD, a locked share):
    the cache is only a speed-up, so check answers as it would without one. Simulated:
    this runs as a user every folder lets write."""
    import os
    import pathlib

    from sopgen.cli import main

    output = tmp_path / "output"
    assert main(["build", "--sources", str(tree.root), "--output", str(output), "-q"]) == 0
    tree.replace("unit-a/sop-a.yaml", "nama: Penyusunan SOP", "nama: Penyusunan SOP Baru")

    def refused(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    for name in ("write_bytes", "unlink", "mkdir", "rmdir"):
        monkeypatch.setattr(pathlib.Path, name, refused)
    monkeypatch.setattr(os, "replace", refused)
    assert main(["check", "--sources", str(tree.root), "--output", str(output)]) == 0
    err = capsys.readouterr().err
    assert "Traceback" not in err
