"""What a careless or hostile author can type: whatever `build` would choke on, `check`
already refuses at its line, and `build` never ends in a traceback."""

from __future__ import annotations

import zipfile

import pytest

from sopgen.cli import main

from .ooxml import validation_errors

ESCAPES = [r"\0", r"\a", r"\x01", r"\uFFFE", r"\u202E"]


@pytest.mark.parametrize("escape", ESCAPES)
@pytest.mark.parametrize("name,old,new", [
    ("unit-a/sop-a.yaml", "  - uraian: Menerima usulan SOP", '  - uraian: "Menerima usulan SOP{}"'),
    ("unit-a/unit.yaml", "nama: Bagian Organisasi", 'nama: "Bagian Organisasi{}"'),
    ("pemda.yaml", "nama: Pemerintah Kota Contoh", 'nama: "Pemerintah Kota Contoh{}"'),
    ("unit-a/sop-a.yaml", "peringatan: Apabila SOP ini tidak dilaksanakan, penyusunan SOP tidak tertib",
     'peringatan: "Apabila SOP ini tidak dilaksanakan{}, penyusunan SOP tidak tertib"'),
], ids=["uraian", "unit", "pemda", "peringatan"])
def test_text_a_document_cannot_hold_is_refused_at_its_line(tree, tmp_path, capsys, escape,
                                                             name, old, new):
    path = tree.replace(name, old, new.format(escape))
    line, column = next((n, text.index(escape) + 1) for n, text in
                        enumerate(path.read_text().splitlines(), start=1) if escape in text)
    errors = [str(d) for d in tree.diagnostics().errors]
    assert errors and all(f"{name}:{line}:{column}:" in e and "karakter" in e for e in errors), \
        "one error, at the character itself"
    output = tmp_path / "output"
    assert main(["build", "--sources", str(tree.root), "--output", str(output), "-q"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "karakter" in err


def test_a_font_name_with_an_ampersand_builds(tree, tmp_path):
    tree.replace("pemda.yaml", "kertas: F4", "kertas: F4\nhuruf: Arial & Co")
    output = tmp_path / "output"
    assert main(["build", "--sources", str(tree.root), "--output", str(output), "-q"]) == 0
    data = (output / "unit-a.docx").read_bytes()
    assert validation_errors(data) == []
    with zipfile.ZipFile(output / "unit-a.docx") as package:
        assert b"Arial &amp; Co" in package.read("word/document.xml")


def test_a_closed_pipe_keeps_the_exit_status(tree):
    """`sopgen check 2>&1 | head -1` with errors in the tree: the reader leaves early, and
    the status is still the failure's."""
    import subprocess
    import sys

    for n in range(40):  # enough diagnostics to fill the pipe after the reader has gone
        tree.write(f"unit-a/rusak-{n}.yaml", "nomor: [\n")
    command = [sys.executable, "-m", "sopgen", "check", "--sources", str(tree.root)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    process.stdout.readline()
    process.stdout.close()  # the reader has gone
    assert process.wait(timeout=60) == 1


def test_a_killed_build_leaves_no_worker_behind(tmp_path):
    """`kill -9` of a parallel build: its workers die with it instead of living on,
    reparented to PID 1, at a few hundred MB each."""
    import shutil
    import subprocess
    import sys

    from .conftest import SAMPLES, assert_kill_leaves_no_worker

    sources = tmp_path / "sources"
    shutil.copytree(SAMPLES, sources)
    command = [sys.executable, "-m", "sopgen", "build", "--sources", str(sources), "--output",
               str(tmp_path / "output"), "-q", "-j", "2"]
    assert_kill_leaves_no_worker(subprocess.Popen(command))


def test_two_runs_into_one_output_folder(tree, tmp_path, capsys):
    """While one sopgen holds the output folder, another says so and touches nothing,
    not even the temporary file the first one is writing."""
    from sopgen.platform import lock

    output = tmp_path / "output"
    output.mkdir()
    writing = output / ".unit-a.docx.abc123.tmp"
    writing.write_bytes(b"half a book")
    with open(output / ".sopgen.lock", "a+b") as held:
        assert lock(held, wait=False)
        for command in (["build", "--sources", str(tree.root), "--output", str(output)],
                        ["pdf", "--output", str(output)]):
            assert main(command) == 4  # the output folder's status
            err = capsys.readouterr().err
            assert "sedang dipakai" in err and len(err.splitlines()) == 1
        assert writing.read_bytes() == b"half a book"
    assert main(["build", "--sources", str(tree.root), "--output", str(output), "-q"]) == 0
    assert not writing.exists(), "once the folder is free, the stale temporary file goes"


def test_an_output_path_that_is_a_file_is_one_line(tree, tmp_path, capsys):
    output = tmp_path / "output"
    output.write_text("not a folder")
    assert main(["build", "--sources", str(tree.root), "--output", str(output), "-q"]) == 4
    err = capsys.readouterr().err
    assert err.startswith("sopgen: folder keluaran") and len(err.splitlines()) == 1
    assert main(["build", "--sources", str(tree.root), "--output", str(output / "x"), "-q"]) == 4
    assert "Traceback" not in capsys.readouterr().err


def test_a_source_edited_during_a_build_is_rebuilt_next_time(tree, tmp_path, monkeypatch, capsys):
    """The manifest records the hash of what the build read: an edit that lands while the
    build runs makes the next build rebuild the book."""
    from sopgen import build

    output = tmp_path / "output"
    assert main(["build", "--sources", str(tree.root), "--output", str(output), "-q"]) == 0
    original = build.check

    def check_then_edit(root, *args, **kwargs):
        checked = original(root, *args, **kwargs)  # the build has read the sources...
        tree.replace("unit-a/sop-a.yaml", "Menerima usulan SOP", "Menerima usulan SOP baru")
        return checked  # ...and the author saves an edit before the book is written

    tree.replace("unit-a/sop-a.yaml", "Menyusun konsep SOP", "Menyusun konsep SOP awal")
    monkeypatch.setattr(build, "check", check_then_edit)
    assert main(["build", "--sources", str(tree.root), "--output", str(output), "-q"]) == 0
    monkeypatch.setattr(build, "check", original)
    capsys.readouterr()
    assert main(["build", "--sources", str(tree.root), "--output", str(output)]) == 0
    assert "unit-a: 1 SOP" in capsys.readouterr().out, "the edited unit is rebuilt"


def test_a_full_disk_is_one_line_and_the_books_stay(tree, tmp_path, monkeypatch, capsys):
    import errno

    from sopgen import write

    output = tmp_path / "output"
    assert main(["build", "--sources", str(tree.root), "--output", str(output), "-q"]) == 0
    before = {p.name: p.read_bytes() for p in output.glob("*.docx")}
    tree.replace("pemda.yaml", "Jl. Merdeka No. 1", "Jl. Merdeka No. 2")  # every book changes

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(write.os, "fsync", full)
    assert main(["build", "--sources", str(tree.root), "--output", str(output), "-q"]) == 4
    err = capsys.readouterr().err
    assert "ruang disk penuh" in err and "Traceback" not in err and len(err.splitlines()) == 1
    assert {p.name: p.read_bytes() for p in output.glob("*.docx")} == before
    assert not list(output.glob(".*.tmp"))


def test_a_step_too_long_for_a_page_is_reported_by_check_at_its_line(tree, tmp_path, capsys):
    long_text = " ".join(["Memeriksa kelengkapan berkas permohonan"] * 400)
    path = tree.replace("unit-a/sop-a.yaml", "  - uraian: Menyusun konsep SOP",
                        f"  - uraian: {long_text}")
    line = next(n for n, text in enumerate(path.read_text().splitlines(), start=1)
                if long_text in text)
    errors = [str(d) for d in tree.diagnostics().errors]
    assert any(f"sop-a.yaml:{line}:13: error: langkah 2 terlalu panjang" in e for e in errors), errors
    output = tmp_path / "output"
    assert main(["build", "--sources", str(tree.root), "--output", str(output), "-q"]) == 1
    err = capsys.readouterr().err
    assert f"sop-a.yaml:{line}:13" in err and "Traceback" not in err
    assert not list(output.glob("*.docx")), "no book is written"


def test_builds_of_different_units_into_one_folder_queue_with_wait(tree, tmp_path):
    """`make -j` over units, or several CI steps sharing one folder: with --wait each run
    queues for the folder; both books are written and the manifest records both."""
    import json
    import subprocess
    import sys

    from sopgen.platform import lock

    output = tmp_path / "output"
    output.mkdir()
    with open(output / ".sopgen.lock", "a+b") as held:  # a third run holds the folder
        assert lock(held, wait=False)
        runs = [subprocess.Popen([sys.executable, "-m", "sopgen", "build", "--sources",
                                  str(tree.root), "--output", str(output), "-q", "--wait", unit])
                for unit in ("unit-a", "unit-b")]
        with pytest.raises(subprocess.TimeoutExpired):
            runs[0].wait(timeout=3)  # queued, not refused (that would exit 4 at once)
        assert runs[1].poll() is None
    assert [run.wait(timeout=120) for run in runs] == [0, 0]
    assert sorted(p.name for p in output.glob("unit-*.docx")) == ["unit-a.docx", "unit-b.docx"]
    manifest = json.loads((output / ".sopgen-manifest.json").read_text())
    assert sorted(manifest["books"]) == ["unit-a", "unit-b"]
    assert not list(output.glob(".*.tmp"))


# what the adversarial run of issue 24 found: each input `check` answered with a traceback
# (or accepted, and the build then failed); now one located Indonesian line each
ANSWERED = [  # (name, old, new, the text on the line told, words of the message)
    ("tag-timestamp", "    waktu: 2 hari", "    waktu: !!timestamp besok", "!!timestamp", ("tanda jenis",)),
    ("tag-bool", "    waktu: 2 hari", "    waktu: !!bool maybe", "!!bool", ("tanda jenis",)),
    ("tag-int", "    waktu: 2 hari", "    waktu: !!int ''", "!!int", ("tanda jenis",)),
    ("superscript-target", "      tidak: 2", '      tidak: "²"', "²", ('tujuan "²"',)),
    ("huge-number", "    waktu: 2 hari", "    waktu: " + "9" * 5000 + " menit", "9999", ("terlalu besar",)),
    ("line-break-in-value", "      tidak: 2", '      tidak: "dua\\nbaris"', "dua", ('"dua\\nbaris"',)),
    ("label-without-spaces", "      tidak: 2", "      tidak: 2\n      label_tidak: "
     "Memenuhi-persyaratan-administrasi-kependudukan", "Memeriksa konsep", ("lebih lebar", "sisipkan spasi")),
    ("parser-phrase", "    waktu: 2 hari", "    waktu: 2 hari\n   output: x", "   output: x", ("indentasi",)),
]


@pytest.mark.parametrize("case", ANSWERED, ids=[c[0] for c in ANSWERED])
def test_what_once_crashed_check_is_one_located_line(tree, tmp_path, capsys, case):
    _, old, new, marker, words = case
    path = tree.replace("unit-a/sop-a.yaml", old, new)
    line = next(n for n, text in enumerate(path.read_text().splitlines(), start=1) if marker in text)
    assert main(["check", "--sources", str(tree.root)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    located = [e for e in err.splitlines() if e.startswith(str(tree.root)) or "sop-a.yaml:" in e]
    assert any(f"sop-a.yaml:{line}:" in e and all(w in e for w in words) for e in located), err
    assert not any(w in err for w in ("expected", "found", "did not")), "the parser's English"


def test_links_that_loop_and_names_too_long_are_one_line_each(tree, capsys):
    (tree.root / "unit-a" / "sendiri.yaml").symlink_to("sendiri.yaml")
    (tree.root / "putar").symlink_to("putar")
    tree.replace("pemda.yaml", "logo: logo/logo.png", "logo: logo/" + "a" * 300 + ".png")
    assert main(["check", "--sources", str(tree.root)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.count("berputar") == 2 and "terlalu panjang" in err, err


@pytest.mark.parametrize("damage", ["truncated", "bad-checksum", "huge"])
def test_a_logo_the_book_could_not_show_is_refused_by_check(tree, tmp_path, capsys, damage):
    logo = tree.root / "logo" / "logo.png"
    data = logo.read_bytes()
    if damage == "truncated":
        logo.write_bytes(data[:40])
    elif damage == "bad-checksum":
        logo.write_bytes(data[:20] + bytes([data[20] ^ 0xFF]) + data[21:])
    else:  # 3 GB, sparse: nothing is read of it
        with logo.open("r+b") as handle:
            handle.seek(3 * 1024 ** 3)
            handle.write(b"\0")
    assert main(["check", "--sources", str(tree.root)]) == 1
    err = capsys.readouterr().err
    assert "pemda.yaml:" in err and ("rusak" in err or "terlalu besar" in err), err


def test_a_date_in_year_9999_is_warned_and_everything_still_works(tree, tmp_path, capsys):
    tree.replace("unit-a/sop-a.yaml", "tanggal_efektif: 2026-02-01", "tanggal_efektif: 9999-12-31")
    output = tmp_path / "output"
    assert main(["build", "--sources", str(tree.root), "--output", str(output), "-q"]) == 0
    assert main(["status", "--sources", str(tree.root)]) == 0
    err = capsys.readouterr().err
    assert "Traceback" not in err and "9999" in err
