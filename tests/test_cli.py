"""The command line: exit statuses, output, and the commands an author uses."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest
import yaml

from sopgen.check import scaffold
from sopgen.cli import main

from .conftest import SAMPLES


def run(capsys, *args):
    status = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return status, out, err


def test_check_valid_sources(capsys, tree):
    status, out, err = run(capsys, "check", "--sources", tree.root)
    assert status == 0 and err == ""
    assert "2 unit, 2 SOP valid; 0 kesalahan, 0 peringatan" in out


def test_check_reports_errors_and_exits_1(capsys, tree):
    tree.replace("unit-a/sop-a.yaml", "waktu: 2 hari", "waktu: secepatnya")
    status, out, err = run(capsys, "check", "--sources", tree.root)
    assert status == 1
    line = next(li for li in err.splitlines() if "secepatnya" in li)
    assert line.endswith("sop-a.yaml:28:12: error: langkah 2: waktu \"secepatnya\" tidak terukur;"
                         ' tuliskan berapa lama, mis. "30 menit", "1 - 2 hari", "3 hari kerja"'
                         ' atau "1 minggu"')
    assert "1 kesalahan, 0 peringatan" in err


def test_strict_makes_warnings_fail(capsys, tree):
    tree.replace("unit-a/sop-a.yaml", "  - Kepala Bagian\nkegiatan", "  - Kepala Bagian\n  - Sekda\nkegiatan")
    assert run(capsys, "check", "--sources", tree.root)[0] == 0
    status, out, err = run(capsys, "check", "--sources", tree.root, "--strict")
    assert status == 1 and "warning:" in err and "gagal (--strict)" in out


def test_usage_errors_exit_2(capsys, tmp_path):
    status, _, err = run(capsys, "check", "--sources", tmp_path / "tidak-ada")
    assert status == 2 and "tidak ada" in err
    assert main(["check", "--tidak-ada"]) == 2  # argparse's own refusal, as a status
    assert main([]) == 2


@pytest.mark.parametrize("argv, said", [
    (["check", "--tidak-ada"], "pilihan tidak dikenal: --tidak-ada"),
    (["bogus"], "perintah 'bogus' tidak dikenal"),
    (["import"], "wajib disebut: DOKUMEN, --unit"),
    (["build", "-j", "x"], "-j/--jobs: 'x' bukan bilangan bulat"),
])
def test_argparse_speaks_indonesian(capsys, argv, said):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "cara pakai: sopgen" in err and f"kesalahan: {said}" in err
    assert not any(word in err for word in ("usage:", "error:", "invalid", "required"))


@pytest.mark.parametrize("argv", [["--help"], ["build", "--help"], ["import", "--help"]])
def test_help_speaks_indonesian(capsys, argv):
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "cara pakai:" in out and "pilihan:" in out
    assert not any(word in out for word in ("usage:", "options:", "show this help", "positional arguments"))


def test_one_exit_code_per_kind_of_failure():
    from sopgen.cli import EXIT_CODES
    from sopgen.errors import SopgenError, UsageError
    from sopgen.flowchart.geometry import LayoutError
    from sopgen.pdf import PdfError
    from sopgen.write import OutputBusy, WriteError

    def status(error):
        return next(code for kind, code in EXIT_CODES if isinstance(error, kind))

    assert [status(e("x")) for e in (LayoutError, UsageError, PdfError, OutputBusy, WriteError)] == [
        1, 2, 3, 4, 4]
    assert EXIT_CODES[-1][0] is SopgenError, "every library error has a status"


def test_ten_independent_mistakes_in_one_run(capsys, tree):
    edits = [
        ("unit-a/sop-a.yaml", "nama: Penyusunan SOP", "nma: Penyusunan SOP"),
        ("unit-a/sop-a.yaml", "tanggal_efektif: 2026-02-01", "tanggal_efektif: 2026-02-30"),
        ("unit-a/sop-a.yaml", "  - uu-23-2014", "  - uu-32-2004"),
        ("unit-a/sop-a.yaml", "waktu: 2 hari", "waktu: segera"),
        ("unit-a/sop-a.yaml", "tidak: 2", "tidak: perbaiki"),
        ("unit-a/sop-a.yaml", "pelaksana: Kepala Bagian\n", "pelaksana: Kabag\n"),
        ("unit-a/unit.yaml", '"197203151998032004"', '"19720315199803200X"'),
        ("unit-b/sop-b.yaml", "waktu: 15 menit", "waktu: 15"),
        ("unit-b/unit.yaml", "nama: Kecamatan Contoh", "nama: [Kecamatan]"),
        ("pemda.yaml", "kertas: F4", "kertas: Folio"),
    ]
    for name, old, new in edits:
        tree.replace(name, old, new)
    status, _, err = run(capsys, "check", "--sources", tree.root)
    assert status == 1
    errors = [line for line in err.splitlines() if ": error: " in line]
    for name, _, new in edits:
        text = (tree.root / name).read_text()
        line = text[: text.index(new)].count("\n") + 1
        assert any(f"{name}:{line}:" in e for e in errors), (name, line, err)
    assert len(errors) >= 10
    assert errors == sorted(errors, key=lambda e: (e.split(":")[0], int(e.split(":")[1])))


def test_list_shows_units_and_sops(capsys):
    status, out, _ = run(capsys, "list", "--sources", SAMPLES)
    assert status == 0
    assert "bagian-organisasi: Bagian Organisasi" in out
    row = next(li for li in out.splitlines() if "060/01/425.012/2026" in li)
    assert "langkah" in row and "pelaksana" in row and ("hari kerja" in row or "jam" in row)


def test_list_refuses_broken_sources(capsys, tree):
    tree.replace("unit-a/sop-a.yaml", "waktu: 2 hari", "waktu: nanti")
    status, out, err = run(capsys, "list", "--sources", tree.root)
    assert status == 1 and out == "" and "nanti" in err


def test_schema_writes_one_file_per_kind(capsys, tmp_path):
    status, out, _ = run(capsys, "schema", "--output", tmp_path)
    assert status == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "dasar-hukum.schema.json", "layanan.schema.json", "pemda.schema.json", "sop.schema.json",
        "unit.schema.json"]


def test_new_scaffold_reports_what_to_fill_then_passes(capsys, tree):
    status, out, _ = run(capsys, "new", "--sources", tree.root, "unit-a", "Evaluasi SOP (Tahunan)")
    assert status == 0
    path = tree.root / "unit-a" / "evaluasi-sop-tahunan.yaml"
    assert path.is_file() and "evaluasi-sop-tahunan.yaml" in out
    text = path.read_text()
    assert text.startswith("# yaml-language-server: $schema=../../schema/sop.schema.json")
    schema = json.loads((tree.root.parent / "schema" / "sop.schema.json").read_text())  # an author's
    assert "kegiatan" in schema["properties"], "own project gets the schema the line points at"
    status, _, err = run(capsys, "check", "--sources", tree.root)
    assert status == 1 and '"nomor" belum diisi' in err and "evaluasi-sop-tahunan.yaml" in err

    data = yaml.safe_load(text)  # an author filling in every blank
    data.update(nomor="060/09/425.012/2026", peringatan="Bila tidak dilaksanakan, SOP usang",
                dasar_hukum=["uu-23-2014"], kualifikasi_pelaksana=["Memahami SOP"],
                keterkaitan=[{"sop": "sop-a"}], peralatan_perlengkapan=["Komputer"],
                pencatatan_pendataan=["Register"], pelaksana=["Pelaksana", "Kepala Bagian"])
    for n, step in enumerate(data["kegiatan"]):
        step.update(uraian=f"Mengerjakan tahap {n + 1}", pelaksana=data["pelaksana"][n % 2],
                    kelengkapan="Berkas", waktu="1 hari", output=f"Hasil {n + 1}")
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    status, out, err = run(capsys, "check", "--sources", tree.root)
    # made today, after the unit's decree: the book's decree must be issued again
    assert status == 0 and len(err.splitlines()) == 1 and "sesudah tanggal keputusan" in err, err
    tree.replace("unit-a/unit.yaml", "tanggal: 2026-02-02", f"tanggal: {data['tanggal_efektif']}")
    status, out, err = run(capsys, "check", "--sources", tree.root)
    assert (status, err) == (0, "")


def test_new_creates_a_unit_and_refuses_to_overwrite(capsys, tree):
    status, _, _ = run(capsys, "new", "--sources", tree.root, "unit-c", "Surat Masuk")
    assert status == 0 and (tree.root / "unit-c" / "unit.yaml").is_file()
    status, _, err = run(capsys, "new", "--sources", tree.root, "unit-c", "Surat Masuk")
    assert status == 2 and "sudah ada" in err
    status, _, err = run(capsys, "new", "--sources", tree.root, "Unit D", "Surat Masuk")
    assert status == 2 and "unit-d" in err


def test_scaffold_names_today(tmp_path):
    (tmp_path / "sources").mkdir()
    paths = scaffold.new_sop(tmp_path / "sources", "unit-a", "Cuti", dt.date(2026, 3, 4))
    assert "tanggal_pembuatan: 2026-03-04" in paths[-1].read_text()


def test_installed_command_runs_without_traceback(tmp_path):
    broken = tmp_path / "sources"
    broken.mkdir()
    (broken / "pemda.yaml").write_bytes(b"\xff\xfe\x00")
    result = subprocess.run([sys.executable, "-m", "sopgen", "check", "--sources", str(broken)],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "UTF-8" in result.stderr
