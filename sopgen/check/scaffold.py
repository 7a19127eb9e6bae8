"""`sopgen new UNIT NAME` -> a commented SOP file (and unit.yaml for a new unit) to fill in.

The scaffold is valid YAML whose empty values `check` reports one by one, so an author
who fills in what is reported ends with a SOP that passes.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from ..errors import UsageError
from ..write import write_atomic
from .sources import ASSET_FOLDERS, ID_PATTERN, RESERVED_UNITS, slug

SOP_TEMPLATE = """\
# yaml-language-server: $schema={schema}/sop.schema.json
# SOP baru. Isi setiap isian yang masih kosong (""), lalu periksa dengan: sopgen check
# Panduan lengkap: docs/panduan-penyusun.md
nomor: ""                       # nomor SOP, unik di seluruh pemda, mis. "060/05/425.012/2026"
nama: {nama}
tanggal_pembuatan: {today}
tanggal_revisi: null            # isi tanggal bila SOP ini direvisi
tanggal_efektif: {today}   # tanggal mulai berlaku
# disahkan_oleh:                # bila tidak diisi, dipakai "kepala" dari unit.yaml
#   jabatan: ...
#   nama: ...
#   pangkat: ...
#   nip: "..."
dasar_hukum:                    # kunci dari dasar-hukum.yaml, atau judul peraturan lengkap
  - ""
kualifikasi_pelaksana:
  - ""
keterkaitan:                    # SOP terkait: "- sop: <unit>/<id-sop>", atau teks bebas
  - ""
peralatan_perlengkapan:
  - ""
peringatan: ""                  # akibat bila SOP ini tidak dilaksanakan
pencatatan_pendataan:
  - ""
pelaksana:                      # kolom pelaksana, dari kiri ke kanan
  - ""
  - ""
kegiatan:                       # langkah-langkah, dari atas ke bawah
  - uraian: ""                  # langkah pertama (mulai); diawali kata kerja, tanpa subjek
    pelaksana: ""               # satu nama dari daftar pelaksana di atas
    kelengkapan: ""
    waktu: ""                   # terukur: "30 menit", "1 - 2 hari", "3 hari kerja"
    output: ""
  - uraian: ""
    pelaksana: ""
    kelengkapan: ""
    waktu: ""
    output: ""
    # keputusan:                # jadikan langkah ini keputusan (belah ketupat)
    #   tidak: 1                # tujuan bila "Tidak": nomor langkah, id langkah, atau selesai
  - uraian: ""                  # langkah terakhir (selesai)
    pelaksana: ""
    kelengkapan: ""
    waktu: ""
    output: ""
"""

UNIT_TEMPLATE = """\
# yaml-language-server: $schema={schema}/unit.schema.json
# Unit baru. Isi setiap isian yang masih kosong (""), lalu periksa dengan: sopgen check
nama: ""                        # mis. Bagian Organisasi
induk: []                       # baris nama di atas unit, mis. [Sekretariat Daerah]
tahun: {year}
kepala:                         # penandatangan bawaan setiap SOP unit ini
  jabatan: ""
  nama: ""
  pangkat: ""
  nip: ""                       # 18 angka dalam tanda kutip
"""


LAYANAN_TEMPLATE = """\
# yaml-language-server: $schema={schema}/layanan.schema.json
# Layanan baru (Standar Pelayanan). Isi setiap isian yang masih kosong (""), lalu periksa
# dengan: sopgen check. Panduan: docs/panduan-penyusun.md, bagian "Standar Pelayanan"
nama: {nama}
sop: [{sop}]                  # SOP yang melaksanakan layanan ini, berurutan; SOP unit lain: <unit>/<id-sop>
jangka_waktu: ""               # janji kepada masyarakat, terukur: "1 hari kerja", "3 - 5 hari kerja"
biaya: ""                      # mis. Tidak dipungut biaya
pengaduan:                     # saluran pengaduan, saran dan masukan
  - ""
jumlah_pelaksana: ""           # mis. 4 orang
# Bila kosong, diambil dari SOP: persyaratan, produk, dasar_hukum, sarana, kompetensi
# pengawasan: [...]
# jaminan_pelayanan: ...
# jaminan_keamanan: ...
# evaluasi_kinerja: ...
"""


def check_unit_name(unit: str, example: str) -> None:
    """A unit's folder name as the sources accept it, or a usage error with an example."""
    if not ID_PATTERN.match(unit):
        raise UsageError(f'nama unit "{unit}" hanya boleh memuat huruf kecil, angka dan tanda'
                         f' hubung, mis. "{slug(unit) or "nama-unit"}"')
    if unit in ASSET_FOLDERS or unit in RESERVED_UNITS:
        raise UsageError(f'"{unit}" bukan nama unit: folder {unit}/ ' + (
            "hanya untuk gambar" if unit in ASSET_FOLDERS else f"dipakai untuk {RESERVED_UNITS[unit]}")
            + f"; sebutkan folder unit, mis. {example}")


def new_sop(root: Path, unit: str, name: str, today: dt.date) -> list[Path]:
    """Create the SOP file (and the unit folder with its unit.yaml when new)."""
    if not root.is_dir():
        raise UsageError(f"folder sumber {root} tidak ada")
    check_unit_name(unit, 'sopgen new bagian-organisasi "Nama SOP"')
    sop_id = slug(name)
    if not sop_id:
        raise UsageError("nama SOP harus memuat huruf atau angka")
    folder = root / unit
    sop_path = folder / f"{sop_id}.yaml"
    if sop_path.exists():
        raise UsageError(f"{sop_path} sudah ada; pilih nama lain atau sunting berkas itu")
    schema = schema_reference(root, folder)
    created = []
    unit_path = folder / "unit.yaml"
    if not unit_path.exists():
        write_atomic(unit_path, UNIT_TEMPLATE.format(schema=schema, year=today.year).encode())
        created.append(unit_path)
    text = SOP_TEMPLATE.format(schema=schema, nama=_yaml_text(name), today=today.isoformat())
    write_atomic(sop_path, text.encode("utf-8"))
    created.append(sop_path)
    return created


def new_layanan(root: Path, unit: str, name: str) -> list[Path]:
    """Create a service's file in an existing unit, its SOP prefilled where the unit has
    one of the same name."""
    if not root.is_dir():
        raise UsageError(f"folder sumber {root} tidak ada")
    check_unit_name(unit, 'sopgen new layanan dispendukcapil "Penerbitan Kartu Keluarga"')
    folder = root / unit
    if not (folder / "unit.yaml").is_file():
        raise UsageError(f"unit {unit} belum ada di {root}; buat SOP-nya lebih dahulu: sopgen new {unit} \"Nama SOP\"")
    service_id = slug(name)
    if not service_id:
        raise UsageError("nama layanan harus memuat huruf atau angka")
    path = folder / "layanan" / f"{service_id}.yaml"
    if path.exists():
        raise UsageError(f"{path} sudah ada; pilih nama lain atau sunting berkas itu")
    sop = service_id if (folder / f"{service_id}.yaml").is_file() else '""'
    text = LAYANAN_TEMPLATE.format(schema=schema_reference(root, path.parent), nama=_yaml_text(name), sop=sop)
    write_atomic(path, text.encode("utf-8"))
    return [path]


def schema_reference(root: Path, folder: Path) -> str:
    """Where the JSON Schemas are, relative to the new file: they sit beside sources/, and
    are written there when missing (an author's own project, made with the installed
    sopgen, has none), so that the editor's line always points at a file."""
    from .schema import write_schemas

    schemas = root.resolve().parent / "schema"
    if not (schemas / "sop.schema.json").is_file():
        write_schemas(schemas)
    return Path(os.path.relpath(schemas, folder.resolve())).as_posix()


def _yaml_text(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
