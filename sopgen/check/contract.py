"""The source-format contract as data: which keys each file kind accepts, their types and
their Indonesian descriptions.

One declaration serves three readers: the validator checks nodes against it (unknown
keys, types, required fields), ``schema`` turns it into the JSON Schema that editors use,
and the scaffold of ``sopgen new`` follows it. Rules that involve more than one key live
in ``validate``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from typing import Any

from ..errors import Diagnostics, Location
from .dates import parse_date
from .load import Mapping, Node, Scalar, Sequence
from .numbers import whole_number


@dataclass(frozen=True)
class Value:
    """A checked value and where it was written."""

    data: Any  # str, int, date, tuple[Value, ...], Fields or a target (int | str)
    location: Location


@dataclass(frozen=True, eq=False)
class Fields:
    """A checked mapping: the values of the keys that passed their type check."""

    location: Location
    values: dict[str, Value]

    def get(self, name: str) -> Value | None:
        return self.values.get(name)

    def data(self, name: str, default: Any = None) -> Any:
        value = self.values.get(name)
        return default if value is None else value.data

    def texts(self, name: str) -> tuple[str, ...]:
        """The strings of a list-of-text key (empty when absent)."""
        return tuple(item.data for item in self.data(name, ()))

    def where(self, name: str) -> Location:
        value = self.values.get(name)
        return self.location if value is None else value.location


class Prefixed:
    """Diagnostics whose messages say which item they are about ("langkah 3: ...")."""

    def __init__(self, out: Diagnostics, label: str):
        self.out, self.label = out, label

    def error(self, location: Location, message: str) -> None:
        self.out.error(location, f"{self.label}: {message}")

    def warning(self, location: Location, message: str) -> None:
        self.out.warning(location, f"{self.label}: {message}")


class Type:
    """A kind of value: checks a node and describes itself in JSON Schema."""

    noun: str  # how a message names it: 'harus berupa <noun>'

    def check(self, node: Node, name: str, out: Diagnostics) -> Value | None:
        raise NotImplementedError

    def json_schema(self) -> dict:
        raise NotImplementedError

    def wrong(self, node: Node, name: str, out: Diagnostics) -> None:
        out.error(node.location, f'"{name}" harus berupa {self.noun}, bukan {describe(node)}')


def describe(node: Node) -> str:
    """Names what the author wrote, in the words of the messages."""
    if isinstance(node, Mapping):
        return "pemetaan (kunci: nilai)"
    if isinstance(node, Sequence):
        return "daftar"
    value = node.value  # type: ignore[attr-defined]
    if isinstance(value, bool):
        return f"nilai ya/tidak ({node.text})"  # type: ignore[attr-defined]
    if isinstance(value, (int, float)):
        return f"angka ({node.text})"  # type: ignore[attr-defined]
    if isinstance(value, (dt.date, dt.datetime)):
        return f"tanggal ({node.text})"  # type: ignore[attr-defined]
    return f'teks "{node.text}"'  # type: ignore[attr-defined]


def is_empty(node: Node) -> bool:
    """Null, an empty string, or an empty list or mapping: nothing was filled in."""
    if isinstance(node, Scalar):
        return node.value is None or (isinstance(node.value, str) and not node.value.strip())
    if isinstance(node, Sequence):
        return not node.items
    return isinstance(node, Mapping) and not node.entries


class Text(Type):
    """One line or paragraph of text; numbers are kept exactly as written ("01"). Runs of
    spaces become one, except in a number left blank in places for the registry to fill
    in by hand (`keep_spaces`: "060/   /425.012/2026" keeps its three spaces)."""

    noun = "teks"

    def __init__(self, keep_spaces: bool = False):
        self.keep_spaces = keep_spaces

    def check(self, node, name, out):
        if not isinstance(node, Scalar) or isinstance(node.value, bool):
            self.wrong(node, name, out)
            return None
        if self.keep_spaces:
            return Value(node.text.strip(), node.location)
        return Value(" ".join(node.text.split()), node.location)

    def json_schema(self):
        return {"type": ["string", "number"]}


class Texts(Type):
    """A list of texts; a single text is accepted as a list of one."""

    noun = "teks atau daftar teks"

    def check(self, node, name, out):
        if isinstance(node, Scalar):
            item = Text().check(node, name, out)
            return None if item is None else Value((item,), node.location)
        if not isinstance(node, Sequence):
            self.wrong(node, name, out)
            return None
        items = []
        for item in node.items:
            if is_empty(item):
                out.error(item.location, f'butir "{name}" kosong; isi atau hapus baris ini')
                continue
            checked = Text().check(item, name, out)
            if checked is not None:
                items.append(checked)
        return Value(tuple(items), node.location)

    def json_schema(self):
        text = Text().json_schema()
        return {"anyOf": [text, {"type": "array", "items": text}]}


class Date(Type):
    """A calendar date: 2026-01-05 (as YAML writes it) or "5 Januari 2026". With `none`,
    "-" or an empty text means there is no such date (a SOP never revised), as the printed
    identity page shows it. A year outside 1945-2100 is a typing slip: a warning."""

    noun = 'tanggal (TTTT-BB-HH, mis. 2026-01-05, atau "5 Januari 2026")'
    YEARS = (1945, 2100)

    def __init__(self, none: bool = False):
        self.none = none

    def check(self, node, name, out):
        if not isinstance(node, Scalar):
            self.wrong(node, name, out)
            return None
        if self.none and isinstance(node.value, str) and node.value.strip() in ("", "-"):
            return Value(None, node.location)
        value = self._date(node, name, out)
        if value is not None and not self.YEARS[0] <= value.data.year <= self.YEARS[1]:
            out.warning(node.location, f'"{name}": tahun {value.data.year} di luar'
                        f" {self.YEARS[0]}-{self.YEARS[1]}; periksa kembali tanggalnya")
        return value

    def _date(self, node, name, out):
        if isinstance(node.value, dt.datetime):
            return Value(node.value.date(), node.location)
        if isinstance(node.value, dt.date):
            return Value(node.value, node.location)
        if isinstance(node.value, str):
            parsed = parse_date(node.value)
            if isinstance(parsed, dt.date):
                return Value(parsed, node.location)
            if parsed is not None:  # looked like a date but is not one
                out.error(node.location, f'"{name}": {parsed}')
                return None
        self.wrong(node, name, out)
        return None

    def json_schema(self):
        if self.none:
            return {"anyOf": [{"type": "string", "pattern": DATE_PATTERN},
                              {"enum": ["-", "", None]}]}
        return {"type": "string", "pattern": DATE_PATTERN}


DATE_PATTERN = (
    r"^(\d{4}-\d{1,2}-\d{1,2}|\d{1,2} (Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus"
    r"|September|Oktober|November|Desember|januari|februari|maret|april|mei|juni|juli"
    r"|agustus|september|oktober|november|desember) \d{4})$"
)


class Flag(Type):
    """Yes or no: YAML's true/false, or "ya"/"tidak" as authors write them."""

    WORDS = {"ya": True, "tidak": False}

    def __init__(self, noun: str = "ya atau tidak"):
        self.noun = noun  # what a message says was expected (a switch may also take options)

    def check(self, node, name, out):
        value = node.value if isinstance(node, Scalar) else None
        if isinstance(value, str) and value.strip().lower() in self.WORDS:
            value = self.WORDS[value.strip().lower()]
        if not isinstance(value, bool):
            self.wrong(node, name, out)
            return None
        return Value(value, node.location)

    def json_schema(self):
        return {"anyOf": [{"type": "boolean"}, {"enum": ["ya", "tidak", "Ya", "Tidak"]}]}


class Whole(Type):
    """A whole number within bounds, e.g. a size in pt."""

    def __init__(self, low: int, high: int, unit: str):
        self.low, self.high, self.unit = low, high, unit
        self.noun = f"angka bulat {low} sampai {high} ({unit})"

    def check(self, node, name, out):
        value = node.value if isinstance(node, Scalar) else None
        if isinstance(value, str) and (number := whole_number(value)) is not None:
            value = number
        if not isinstance(value, int) or isinstance(value, bool):
            self.wrong(node, name, out)
            return None
        if not self.low <= value <= self.high:
            self.out_of_range(node, name, value, out)
            return None
        return Value(value, node.location)

    def out_of_range(self, node, name, value, out):
        out.error(node.location, f'"{name}" harus {self.low} sampai {self.high} {self.unit}, bukan {value}')

    def json_schema(self):
        return {"type": "integer", "minimum": self.low, "maximum": self.high}


class Year(Whole):
    def __init__(self):
        super().__init__(1945, 2100, "tahun")
        self.noun = "angka tahun (mis. 2026)"

    def out_of_range(self, node, name, value, out):
        out.error(node.location, f'"{name}": tahun {value} tidak masuk akal')


class Choice(Type):
    def __init__(self, *options: str):
        self.options = options
        self.noun = " atau ".join(options)

    def check(self, node, name, out):
        if isinstance(node, Scalar) and isinstance(node.value, str):
            for option in self.options:
                if node.value.strip().lower() == option.lower():
                    return Value(option, node.location)
            out.error(node.location, f'"{name}" harus {self.noun}, bukan "{node.text}"')
            return None
        self.wrong(node, name, out)
        return None

    def json_schema(self):
        variants = [v for o in self.options for v in dict.fromkeys((o, o.lower(), o.upper()))]
        return {"enum": variants}


class Nip(Type):
    """An 18-digit NIP, quoted or not, with or without the printed spaces."""

    noun = "NIP 18 angka dalam tanda kutip"

    def check(self, node, name, out):
        if not isinstance(node, Scalar) or isinstance(node.value, (bool, float)):
            self.wrong(node, name, out)
            return None
        return Value("".join(node.text.split()), node.location)

    def json_schema(self):
        return {
            "anyOf": [
                {"type": "string", "pattern": r"^\s*\d{8}\s*\d{6}\s*\d\s*\d{3}\s*$"},
                {"type": "integer"},
            ]
        }


class Target(Type):
    """A branch target: a step number, a step id, or `selesai`."""

    noun = 'nomor langkah, id langkah, atau "selesai"'

    def check(self, node, name, out):
        if isinstance(node, Scalar) and not isinstance(node.value, (bool, float)):
            if isinstance(node.value, int):
                return Value(node.value, node.location)
            if isinstance(node.value, str):
                return Value(node.value.strip(), node.location)
        self.wrong(node, name, out)
        return None

    def json_schema(self):
        return {"anyOf": [{"type": "integer", "minimum": 1}, {"type": "string", "minLength": 1}]}


class Targets(Type):
    """The next step, or several (a fork: work that goes on in parallel); a single target
    is accepted as a list of one."""

    noun = 'nomor langkah, id langkah, "selesai", atau daftar di antaranya'

    def check(self, node, name, out):
        if isinstance(node, Scalar):
            item = Target().check(node, name, out)
            return None if item is None else Value((item,), node.location)
        if not isinstance(node, Sequence) or not node.items:
            self.wrong(node, name, out)
            return None
        items = [Target().check(item, name, out) for item in node.items]
        return None if None in items else Value(tuple(items), node.location)

    def json_schema(self):
        target = Target().json_schema()
        return {"anyOf": [target, {"type": "array", "items": target, "minItems": 1, "uniqueItems": True}]}


@dataclass(frozen=True)
class Key:
    name: str
    type: Type
    doc: str
    required: bool = False


class Record(Type):
    """A mapping with known keys; unknown keys are reported with the nearest valid one."""

    noun = "pemetaan (kunci: nilai)"

    def __init__(self, *keys: Key, title: str = ""):
        self.keys = {key.name: key for key in keys}
        self.title = title

    def check(self, node, name, out, label: str = ""):
        if not isinstance(node, Mapping):
            self.wrong(node, name, out)
            return None
        if label:
            out = Prefixed(out, label)
        values: dict[str, Value] = {}
        for key, entry in node.entries.items():
            spec = self.keys.get(key)
            if spec is None:
                out.error(entry.key_location, self.unknown_key_message(key))
                continue
            if is_empty(entry.value):
                if isinstance(spec.type, Record) and not spec.required:
                    out.warning(entry.key_location, f'"{key}" kosong sehingga diabaikan; isi atau'
                                " hapus baris ini")
                continue  # a required one is reported below
            value = spec.type.check(entry.value, key, out)
            if value is not None:
                if not isinstance(entry.value, Scalar):  # a block starts on its key's line
                    value = Value(value.data, entry.key_location)
                values[key] = value
        for spec in self.keys.values():
            if spec.required and spec.name not in values:
                entry = node.get(spec.name)
                if entry is None:
                    out.error(node.location, f'"{spec.name}" wajib diisi ({spec.doc})')
                elif is_empty(entry.value):
                    out.error(entry.key_location, f'"{spec.name}" belum diisi ({spec.doc})')
        return Value(Fields(node.location, values), node.location)

    def unknown_key_message(self, key: str) -> str:
        known = list(self.keys)
        normal = re.sub(r"[\s-]+", "_", key.strip().lower())
        match = [k for k in known if k == normal] or difflib.get_close_matches(normal, known, 1, 0.6)
        if match:
            return f'kunci "{key}" tidak dikenal; mungkin maksud Anda "{match[0]}"?'
        return f'kunci "{key}" tidak dikenal di sini; kunci yang berlaku: {", ".join(known)}'

    def json_schema(self):
        properties = {}
        for key in self.keys.values():
            schema = dict(key.type.json_schema())
            if not key.required:
                schema = {"anyOf": [schema, {"type": "null"}]}
            schema["description"] = key.doc
            properties[key.name] = schema
        schema = {"type": "object", "properties": properties, "additionalProperties": False}
        required = [key.name for key in self.keys.values() if key.required]
        if required:
            schema["required"] = required
        if self.title:
            schema["description"] = self.title
        return schema


class ListOf(Type):
    """A list whose items share one type; `label` names an item in messages ("langkah {n}")."""

    def __init__(self, item: Type, label: str = "butir {n}", single: bool = False):
        self.item = item
        self.label = label
        self.single = single  # a lone item may be written without the list
        self.noun = "daftar"

    def check(self, node, name, out):
        if self.single and not isinstance(node, Sequence):
            item = self.item.check(node, name, out)
            return None if item is None else Value((item,), node.location)
        if not isinstance(node, Sequence):
            self.wrong(node, name, out)
            return None
        items = []
        for n, item in enumerate(node.items, start=1):
            if is_empty(item):
                out.error(item.location, f'butir "{name}" kosong; isi atau hapus baris ini')
                continue
            if isinstance(self.item, Record):
                checked = self.item.check(item, name, out, label=self.label.format(n=n))
            else:
                checked = self.item.check(item, name, out)
            if checked is not None:
                items.append(checked)
        return Value(tuple(items), node.location)

    def json_schema(self):
        many = {"type": "array", "items": self.item.json_schema()}
        return {"anyOf": [self.item.json_schema(), many]} if self.single else many


class ScalarOrRecord(Type):
    """A value written either as one scalar or as a small mapping: a `keterkaitan` entry
    (text, or a reference), a switch with options (`tte: ya`, or its options, which turn
    it on)."""

    def __init__(self, scalar: Type, record: Record, noun: str):
        self.scalar, self.record, self.noun = scalar, record, noun

    def check(self, node, name, out):
        if isinstance(node, Mapping):
            return self.record.check(node, name, out)
        return self.scalar.check(node, name, out)

    def json_schema(self):
        return {"anyOf": [self.scalar.json_schema(), self.record.json_schema()]}


class TextMap(Type):
    """A catalogue: any key (no spaces) mapped to a text."""

    noun = "pemetaan kunci: teks"

    def check(self, node, name, out):
        if not isinstance(node, Mapping):
            self.wrong(node, name, out)
            return None
        values = {}
        for key, entry in node.entries.items():
            if re.search(r"\s", key):
                out.error(entry.key_location, f'kunci "{key}" memuat spasi; pakai tanda hubung (-)')
                continue
            if is_empty(entry.value):
                out.error(entry.key_location, f'teks untuk "{key}" belum diisi')
                continue
            value = Text().check(entry.value, key, out)
            if value is not None:
                values[key] = Value(value.data, entry.key_location)
        return Value(Fields(node.location, values), node.location)

    def json_schema(self):
        return {
            "type": "object",
            "propertyNames": {"pattern": r"^\S+$"},
            "additionalProperties": {**Text().json_schema(), "minLength": 1},
        }


# ---------------------------------------------------------------------------------------
# The file kinds. Descriptions are what an author sees when hovering a key in the editor.

OFFICIAL = Record(
    Key("jabatan", Text(), "Jabatan penandatangan, mis. Kepala Bagian Organisasi; awali"
        " dengan Plt. atau Plh. untuk pejabat pelaksana", required=True),
    Key("nama", Text(), "Nama lengkap dengan gelar, mis. Dra. SITI AMINAH, M.Si", required=True),
    Key("pangkat", Text(), "Pangkat/golongan, mis. Pembina Tingkat I (boleh dikosongkan)"),
    Key("nip", Nip(), 'NIP 18 angka dalam tanda kutip, mis. "197203151998032004"'),
    title="Pejabat yang mengesahkan",
)

SWITCH_WITH_OPTIONS = "ya, tidak, atau pemetaan pilihan (kunci: nilai)"
TTE = ScalarOrRecord(Flag(SWITCH_WITH_OPTIONS), Record(
    Key("ukuran", Whole(20, 100, "pt"), "Sisi kotak kode QR penanda tangan, dalam pt (bawaan 40;"
        " portal memakai 25 sampai 70)"),
    Key("jangkar", Text(), 'Karakter jangkar di tengah kotak QR yang dicari BSrE (tag_koordinat),'
        ' mis. "#"; tulis ya untuk "#"; bawaan: tanpa jangkar'),
    Key("medan", Flag(), "ya untuk menambahkan medan tanda tangan PDF kosong di setiap kotak"
        " QR, untuk penandatanganan di aplikasi desktop (perlu pip install sopgen[tte])"),
    title="Tanda tangan elektronik",
), SWITCH_WITH_OPTIONS)

PEMDA = Record(
    Key("nama", Text(), "Nama pemerintah daerah, baris pertama setiap kop, mis. Pemerintah Kota"
        " Probolinggo", required=True),
    Key("kota", Text(), 'Tempat penetapan keputusan ("Ditetapkan di ..."), mis. Probolinggo'),
    Key("alamat", Text(), "Alamat kantor yang dicetak pada sampul"),
    Key("logo", Text(), "Berkas logo (PNG atau JPEG), relatif terhadap folder sources/, mis."
        " logo/kota-probolinggo.png"),
    Key("kertas", Choice("F4", "A4"), "Ukuran kertas buku: F4 (215 x 330 mm, bawaan) atau A4"),
    Key("huruf", Text(), "Jenis huruf isi buku, mis. Arial"),
    Key("mengetahui", OFFICIAL, 'Pejabat yang menandatangani "Mengetahui" pada rekapitulasi,'
        " biasanya Kepala Bagian Organisasi"),
    Key("kop", Flag(), "Cetak kop (logo, nama pemerintah daerah, nama unit, alamat) di atas"
        " keputusan: ya atau tidak (bawaan: tidak)"),
    Key("tte", TTE, "Buku untuk tanda tangan elektronik (TTE): ya, atau pilihan seperti"
        ' {jangkar: "#", ukuran: 40}; bawaan: tidak (dicetak untuk tanda tangan basah)'),
    Key("hari_kerja", Record(
        Key("jam", Text(), 'Jam kerja sehari, mis. "7,5" atau 8 (bawaan 8)'),
        Key("hari", Whole(1, 7, "hari"), "Hari kerja seminggu (bawaan 5)"),
    ), "Hari kerja pemerintah daerah, untuk membandingkan waktu SOP dengan jangka waktu layanan"),
    Key("situs", Text(), "Alamat situs SOP yang diterbitkan (sopgen situs), mis."
        " https://sop.probolinggokota.go.id/; bila diisi, setiap halaman identitas memuat kode QR"
        " ke halaman SOP-nya di situs"),
    Key("perangkat_daerah", ListOf(Record(
        Key("id", Text(), "Id unit: nama foldernya di sources/, mis. dinas-kesehatan",
            required=True),
        Key("nama", Text(), "Nama perangkat daerah, mis. Dinas Kesehatan", required=True),
    ), "perangkat daerah {n}"), "Daftar seluruh perangkat daerah, agar yang belum memiliki"
        " SOP tampak pada rekapitulasi"),
    title="Pemerintah daerah: berkas sources/pemda.yaml",
)

DASAR_HUKUM = TextMap()

DEFINISI = Record(
    Key("istilah", Text(), "Istilah yang dijelaskan, mis. SOP AP", required=True),
    Key("arti", Text(), "Arti istilah", required=True),
)

LAYANAN = Record(
    Key("nama", Text(), "Nama layanan, mis. Penerbitan Kartu Keluarga", required=True),
    Key("sop", Texts(), "SOP yang melaksanakan layanan ini, berurutan: <id-sop> di unit ini atau"
        " <unit>/<id-sop> di unit lain (sistem, mekanisme dan prosedur)", required=True),
    Key("jangka_waktu", Text(), 'Jangka waktu penyelesaian yang dijanjikan, terukur seperti waktu'
        ' langkah, mis. "1 hari kerja", "3 - 5 hari kerja"', required=True),
    Key("persyaratan", Texts(), "Persyaratan; bila kosong diambil dari kelengkapan langkah pertama SOP"),
    Key("biaya", Text(), 'Biaya/tarif, mis. "Tidak dipungut biaya" atau "Rp10.000"'),
    Key("produk", Texts(), "Produk pelayanan; bila kosong diambil dari output langkah terakhir SOP"),
    Key("pengaduan", Texts(), "Penanganan pengaduan, saran dan masukan: saluran dan caranya"),
    Key("dasar_hukum", Texts(), "Dasar hukum; bila kosong diambil dari SOP (kunci dasar-hukum.yaml atau"
        " judul lengkap)"),
    Key("sarana", Texts(), "Sarana, prasarana dan/atau fasilitas; bila kosong diambil dari peralatan SOP"),
    Key("kompetensi", Texts(), "Kompetensi pelaksana; bila kosong diambil dari kualifikasi pelaksana SOP"),
    Key("pengawasan", Texts(), "Pengawasan internal"),
    Key("jumlah_pelaksana", Text(), 'Jumlah pelaksana, mis. "3 orang"'),
    Key("jaminan_pelayanan", Text(), "Jaminan pelayanan"),
    Key("jaminan_keamanan", Text(), "Jaminan keamanan dan keselamatan pelayanan"),
    Key("evaluasi_kinerja", Text(), "Evaluasi kinerja pelaksana"),
    title="Satu layanan (Standar Pelayanan, PermenPANRB 15/2014): berkas sources/<unit>/layanan/<id>.yaml",
)

EVALUATION = Record(
    Key("sop", Text(), "SOP yang dievaluasi: id SOP unit ini (nama berkas tanpa .yaml)", required=True),
    Key("tanggal", Date(), "Tanggal evaluasi, mis. 2026-11-20", required=True),
    Key("hasil", Choice("tetap", "direvisi", "dicabut"), "Hasil evaluasi: tetap, direvisi atau dicabut",
        required=True),
    Key("catatan", Text(), "Catatan hasil evaluasi"),
    Key("tindak_lanjut", Text(), "Tindak lanjut yang diputuskan, mis. Langkah 3 disederhanakan"),
)

UNIT = Record(
    Key("nama", Text(), "Nama unit atau perangkat daerah, mis. Bagian Organisasi", required=True),
    Key("induk", Texts(), "Baris nama antara pemerintah daerah dan unit, mis. [Sekretariat"
        " Daerah]"),
    Key("tahun", Year(), "Tahun yang dicetak pada sampul buku, mis. 2026"),
    Key("alamat", Text(), "Alamat unit; bila kosong dipakai alamat pada pemda.yaml"),
    Key("kepala", OFFICIAL, "Kepala unit: penandatangan bawaan setiap SOP unit ini"),
    Key("keputusan", Record(
        Key("nomor", Text(keep_spaces=True), 'Nomor keputusan; spasi kosong untuk registrasi manual tetap'
            ' dipertahankan, mis. "060/   /425.012/2026"', required=True),
        Key("tanggal", Date(), "Tanggal penetapan keputusan", required=True),
        Key("jabatan", Text(), "Jabatan penetap seperti dicetak pada judul dan tanda tangan,"
            " bila susunan bawaan (jabatan kepala, induk, daerah) kurang tepat, mis. Kepala"
            " Dinas Kependudukan dan Pencatatan Sipil Kota Probolinggo"),
        Key("tentang", Text(), "Judul keputusan sesudah TENTANG, bila berbeda dari bawaan"
            ' "Standar Operasional Prosedur Administrasi Pemerintahan di Lingkungan <unit>"'),
        Key("gelar", Flag(), "ya untuk mencetak gelar penanda tangan keputusan; bawaan: tanpa"
            " gelar, sebagaimana naskah dinas penetapan (Permendagri 1/2023 Pasal 44)"),
        Key("srikandi", Flag(), "ya untuk menulis juga keputusan ini sebagai <unit>.srikandi.docx"
            " dengan penanda SRIKANDI (${nomor_naskah}, ${tanggal_naskah}, ${ttd_pengirim},"
            " ${nama_pengirim}, ${nip_pengirim}) untuk diregistrasi dan ditandatangani di SRIKANDI"),
    ), "Keputusan kepala unit yang menetapkan buku SOP ini (boleh dikosongkan)"),
    Key("penjelasan", Record(
        Key("ruang_lingkup", Text(), "Ruang lingkup SOP unit ini"),
        Key("ringkasan", Text(), "Ringkasan isi buku"),
        Key("definisi", ListOf(DEFINISI, "definisi {n}"), "Daftar istilah dan artinya"),
    ), "Penjelasan singkat penggunaan (boleh dikosongkan)"),
    Key("urutan", Texts(), "Urutan SOP dalam buku: daftar id SOP (nama berkas tanpa .yaml)"),
    Key("lampiran", Texts(), "Formulir yang dilampirkan pada buku: monitoring (enam bulanan)"
        " dan/atau evaluasi (tahunan)"),
    Key("tte", TTE, "Buku unit ini untuk tanda tangan elektronik: ya, tidak, atau pilihan;"
        " bawaan: seperti pada pemda.yaml"),
    Key("standar_pelayanan", Record(
        Key("nomor", Text(keep_spaces=True), 'Nomor keputusan standar pelayanan, mis. "000.8.3/   /425.107/2026"',
            required=True),
        Key("tanggal", Date(), "Tanggal penetapan", required=True),
    ), "Keputusan kepala unit yang menetapkan Standar Pelayanan dari layanan/ (boleh dikosongkan: nomor dan"
        " tanggal dicetak titik-titik)"),
    Key("evaluasi", ListOf(EVALUATION, "evaluasi {n}"), "Register evaluasi SOP: setiap SOP yang"
        " dievaluasi, tanggal, hasil dan tindak lanjutnya; dicetak sebagai Kertas Kerja Evaluasi SOP"
        " dan dihitung dalam rekap"),
    title="Unit kerja: berkas sources/<unit>/unit.yaml",
)

DECISION = Record(
    Key("ya", Target(), 'Tujuan bila "Ya": nomor langkah, id langkah, atau selesai'
        " (bawaan: langkah berikutnya)"),
    Key("tidak", Target(), 'Tujuan bila "Tidak": nomor langkah, id langkah, atau selesai',
        required=True),
    Key("label_ya", Text(), 'Label cabang ya (bawaan "Ya"), mis. Lengkap'),
    Key("label_tidak", Text(), 'Label cabang tidak (bawaan "Tidak"), mis. Tidak lengkap'),
    Key("oleh", Text(), "Pelaksana yang memutuskan, bila langkah ini dikerjakan beberapa"
        " pelaksana: pelaksana lainnya mengerjakan kotak proses di baris yang sama, lalu panahnya"
        " menuju belah ketupat"),
    title="Menjadikan langkah ini simbol keputusan (belah ketupat)",
)

STEP = Record(
    Key("id", Text(), "Nama pendek langkah untuk dirujuk oleh cabang, mis. periksa"),
    Key("uraian", Text(), "Uraian kegiatan, diawali kata kerja tanpa subjek, mis. Memeriksa"
        " berkas permohonan", required=True),
    Key("pelaksana", Texts(), "Pelaksana langkah: satu nama dari daftar pelaksana SOP, atau"
        " daftar nama untuk pekerjaan paralel", required=True),
    Key("kelengkapan", Texts(), "Mutu baku: kelengkapan (masukan) langkah ini"),
    Key("waktu", Text(), 'Mutu baku: waktu terukur, mis. "30 menit", "1 - 2 hari",'
        ' "3 hari kerja"; "-" hanya untuk langkah pertama dan terakhir', required=True),
    Key("output", Text(), "Mutu baku: keluaran langkah ini", required=True),
    Key("keterangan", Text(), "Keterangan tambahan"),
    Key("keputusan", DECISION, "Menjadikan langkah ini keputusan (belah ketupat) dengan"
        " cabang ya/tidak"),
    Key("lanjut", Targets(), "Langkah berikutnya bila bukan langkah sesudahnya: nomor"
        " langkah, id langkah, atau selesai; daftar beberapa langkah bila alur bercabang ke"
        " pekerjaan paralel, mis. [5, 11]"),
)

RELATED = Record(
    Key("sop", Text(), "SOP terkait: <unit>/<id-sop>, mis. bagian-organisasi/evaluasi-sop,"
        " atau <id-sop> dalam unit yang sama", required=True),
)
TEXT_OR_REFERENCE = ScalarOrRecord(Text(), RELATED, "teks atau pemetaan (kunci: nilai)")

HISTORY = Record(
    Key("yang_diubah", Text(), "Bagian SOP yang diubah, mis. Langkah 3, Dasar hukum", required=True),
    Key("isi_perubahan", Text(), "Isi perubahannya, mis. Waktu pemeriksaan menjadi 30 menit",
        required=True),
    Key("tanggal_berlaku", Date(), "Tanggal perubahan itu berlaku, mis. 2027-01-04", required=True),
)

SOP = Record(
    Key("nomor", Text(), 'Nomor SOP, unik di seluruh pemerintah daerah, mis.'
        ' "060/01/425.012/2026"', required=True),
    Key("nama", Text(), "Nama SOP, unik di dalam unit", required=True),
    Key("tanggal_pembuatan", Date(), "Tanggal pembuatan, mis. 2026-01-05", required=True),
    Key("tanggal_revisi", Date(none=True), 'Tanggal revisi; kosongkan, tulis null atau "-" bila'
        " belum pernah direvisi"),
    Key("tanggal_efektif", Date(), "Tanggal mulai berlaku; tidak sebelum tanggal pembuatan",
        required=True),
    Key("disahkan_oleh", OFFICIAL, "Pejabat yang mengesahkan; bila kosong dipakai kepala unit"),
    Key("dasar_hukum", Texts(), "Dasar hukum: kunci dari dasar-hukum.yaml atau teks lengkap"
        " peraturan"),
    Key("kualifikasi_pelaksana", Texts(), "Kualifikasi pelaksana"),
    Key("keterkaitan", ListOf(TEXT_OR_REFERENCE, single=True), "SOP terkait: '- sop: <unit>/<id-sop>'"
        " atau teks bebas"),
    Key("peralatan_perlengkapan", Texts(), "Peralatan dan perlengkapan"),
    Key("peringatan", Texts(), "Peringatan: akibat bila SOP tidak dilaksanakan"),
    Key("pencatatan_pendataan", Texts(), "Pencatatan dan pendataan"),
    Key("pelaksana", Texts(), "Kolom pelaksana dari kiri ke kanan (paling banyak 16; lebih dari 8 nama ditulis tegak)",
        required=True),
    Key("kegiatan", ListOf(STEP, "langkah {n}"), "Langkah-langkah kegiatan, dari atas ke"
        " bawah", required=True),
    Key("riwayat", ListOf(HISTORY, "riwayat {n}"), "Riwayat perubahan SOP ini, dicetak sebagai tabel"
        " Riwayat Perubahan sesudah bagan alirnya (rekaman historis perubahan)"),
    title="Satu SOP: berkas sources/<unit>/<id-sop>.yaml",
)
