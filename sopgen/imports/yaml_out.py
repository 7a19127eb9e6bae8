"""FoundSop -> the text of sources/<unit>/<sop>.yaml, in the order and shape of the source
format, with `# periksa: ...` beside every value the reader could not take with confidence
(in Bahasa Indonesia, for the author)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from ..check.citations import regulation
from ..check.dates import parse_date
from ..check.model import Official
from ..check.waktu import WaktuError, parse_waktu
from .found import FoundSop, FoundStep

SMALL_WORDS = {"dan", "atau", "pada", "di", "ke", "dari", "yang", "untuk", "serta", "dengan"}
NEGATIVE = ("tidak", "belum", "bukan", "ditolak", "tolak", "gagal", "kurang")
RELATED = re.compile(r"^(?P<nama>.+?)\s*\(Nomor\s+(?P<nomor>[^)]+)\)$")


@dataclass
class Context:
    """What the sources folder already knows: the catalogue of regulations (key -> text),
    the unit's kepala, and the SOPs by nomor (-> "unit/id") for keterkaitan."""

    catalogue: dict[str, str] = field(default_factory=dict)
    kepala: Official | None = None
    by_nomor: dict[str, str] = field(default_factory=dict)
    uncatalogued: list[str] = field(default_factory=list)  # regulations to add to the catalogue


def scalar(value) -> str:
    """A YAML scalar as YAML writes it: plain where that reads back the same, else quoted."""
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10**9)
    return text.removesuffix("\n...\n").strip()


def flow(items: list[str]) -> str:
    """A list on one line, each item quoted where a comma or colon would split it."""
    return yaml.safe_dump(list(items), allow_unicode=True, default_flow_style=True, width=10**9).strip()


def quoted(value: str) -> str:
    return yaml.safe_dump(value, allow_unicode=True, default_style='"', width=10**9).strip()


def title_case(text: str) -> str:
    """'KEPALA DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL' -> 'Kepala Dinas Kependudukan dan
    Pencatatan Sipil'; text already in mixed case is kept."""
    if any(c.islower() for c in text.split(" ", 1)[-1]):
        return text
    words = []
    for n, word in enumerate(text.split()):
        lower = word.lower()
        words.append(lower if n and lower in SMALL_WORDS else
                     word if re.fullmatch(r"[A-Z]{1,4}\.?", word) and len(word) <= 2 else lower.capitalize())
    return " ".join(words)


def write(sop: FoundSop, context: Context, schema: str | None = None) -> str:
    doubts = dict(sop.doubts)
    lines: list[str] = [f"# yaml-language-server: $schema={schema}/sop.schema.json"] if schema else []
    lines.append(f"# Diimpor dari {sop.source} oleh sopgen import; periksa setiap"
                 " baris bertanda \"# periksa\", lalu jalankan sopgen check")
    if sop.ocr == "pindai":
        lines.append("# Dokumen ini hasil pindai dan dibaca dengan OCR: teks, simbol dan panahnya dapat salah"
                     " baca; cocokkan setiap langkah dengan dokumen aslinya")
    elif sop.ocr:
        lines.append("# Bagan alir dokumen ini berupa gambar dan dibaca dengan OCR: teks, simbol dan panahnya"
                     " dapat salah baca; cocokkan setiap langkah dengan dokumen aslinya")
    elif sop.flowchart == "gambar":
        lines.append("# Bagan alir dokumen ini berupa gambar: langkah-langkahnya terbaca, tetapi simbol,"
                     " pelaksana dan panahnya harus diketik (atau dibaca dengan OCR)")

    def put(key: str, value: str, indent: str = "", doubt: str | None = None) -> None:
        comment = f"  # periksa: {doubt}" if doubt else ""
        lines.append(f"{indent}{key}: {value}{comment}")

    put("nomor", quoted(sop.nomor), doubt=doubts.get("nomor"))
    put("nama", scalar(sop.nama), doubt=doubts.get("nama"))
    for key in ("tanggal_pembuatan", "tanggal_revisi", "tanggal_efektif"):
        text = getattr(sop, key).strip()
        if key == "tanggal_revisi" and text in ("", "-"):
            put(key, "null")
            continue
        parsed = parse_date(text) if text else None
        if hasattr(parsed, "isoformat"):
            put(key, parsed.isoformat(), doubt=doubts.get(key))
        else:
            put(key, quoted(text), doubt=doubts.get(key) or f'tanggal "{text}" tidak terbaca;'
                " tulis sebagai 2026-01-31")
    _signer(sop, context, put, lines)
    _dasar_hukum(sop, context, lines)
    for key in ("kualifikasi_pelaksana", "keterkaitan", "peralatan_perlengkapan", "peringatan",
                "pencatatan_pendataan"):
        items = sop.lists.get(key, [])
        if key == "keterkaitan":
            _keterkaitan(items, context, lines)
        elif items:
            lines.append(f"{key}:")
            lines += [f"  - {scalar(item)}" for item in items]
        else:
            lines.append(f"{key}: []")
    lines.append("pelaksana:")
    lines += [f"  - {scalar(name)}" for name in sop.pelaksana]
    if len(sop.steps) == 1:
        doubts.setdefault("kegiatan", "hanya satu langkah; bagan alir sopgen dimulai dan diakhiri langkah"
                          " tersendiri (mulai, selesai): tambahkan langkahnya")
    lines.append("kegiatan:" + (f"  # periksa: {doubts['kegiatan']}" if "kegiatan" in doubts else ""))
    last = len(sop.steps)
    for step in sop.steps:
        lines += _step(step, last)
    own = [text for text in sop.lists.get("dasar_hukum", []) if text in context.uncatalogued]
    if own:  # this SOP's own; the run's list (every SOP's) is in the command's report
        lines.append("")
        lines.append("# Peraturan di dasar_hukum yang belum ada di dasar-hukum.yaml (tambahkan ke katalog):")
        lines += [f"#   - {text}" for text in own]
    return "\n".join(lines) + "\n"


def _signer(sop: FoundSop, context: Context, put, lines: list[str]) -> None:
    signer = sop.disahkan_oleh
    kepala = context.kepala
    if kepala is not None and signer.get("nip") == (kepala.nip or "") and \
            signer.get("nama", "").casefold() == kepala.nama.casefold():
        return  # the unit's kepala signs: unit.yaml already says so, in its own spelling
    if not signer:
        lines.append("# periksa: pengesah tidak ditemukan; tanpa disahkan_oleh, kepala di unit.yaml mengesahkan")
        return
    lines.append("disahkan_oleh:")
    jabatan = signer.get("jabatan", "")
    cased = title_case(jabatan)
    put("jabatan", scalar(cased), "  ", sop.doubts.get("disahkan_oleh") or ("jabatan dicetak dengan huruf"
        " kapital; periksa huruf besar-kecilnya" if cased != jabatan else None))
    put("nama", scalar(signer.get("nama", "")), "  ", None if signer.get("nama") else "nama pengesah tidak terbaca")
    if signer.get("pangkat"):
        put("pangkat", scalar(signer["pangkat"]), "  ")
    if signer.get("nip"):
        put("nip", quoted(signer["nip"]), "  ", None if len(signer["nip"]) == 18 else "NIP harus 18 angka")


def _dasar_hukum(sop: FoundSop, context: Context, lines: list[str]) -> None:
    items = sop.lists.get("dasar_hukum", [])
    if not items:
        lines.append("dasar_hukum: []")
        return
    by_key = {}
    for key, text in context.catalogue.items():
        found = regulation(text)
        if found is not None:
            by_key.setdefault(found.key, key)
    lines.append("dasar_hukum:")
    for item in items:
        exact = next((k for k, t in context.catalogue.items() if t == item), None)
        found = regulation(item)
        key = exact or (by_key.get(found.key) if found is not None else None)
        if key is not None:
            note = "" if exact else f"  # periksa: ditulis sebagai kunci katalog; teks aslinya: {item}"
            lines.append(f"  - {key}{note}")
        else:
            lines.append(f"  - {scalar(item)}")
            if found is not None and item not in context.uncatalogued:
                context.uncatalogued.append(item)


def _keterkaitan(items: list[str], context: Context, lines: list[str]) -> None:
    if not items:
        lines.append("keterkaitan: []")
        return
    lines.append("keterkaitan:")
    for item in items:
        match = RELATED.match(item)
        ref = context.by_nomor.get("".join(match.group("nomor").split())) if match else None
        lines.append(f"  - sop: {ref}" if ref else f"  - {scalar(item)}")


def _step(step: FoundStep, last: int) -> list[str]:
    doubts = step.doubts
    lines = [f"  - uraian: {scalar(step.uraian)}"]

    def put(key: str, value: str, doubt: str | None = None) -> None:
        lines.append(f"    {key}: {value}" + (f"  # periksa: {doubt}" if doubt else ""))

    actors = step.pelaksana
    put("pelaksana", scalar(actors[0]) if len(actors) == 1 else flow(actors), doubts.get("pelaksana"))
    if step.kelengkapan:
        kelengkapan = step.kelengkapan
        put("kelengkapan", scalar(kelengkapan[0]) if len(kelengkapan) == 1 else flow(kelengkapan))
    waktu_doubt = None
    if step.waktu.strip() != "-":
        try:
            parse_waktu(step.waktu)
        except WaktuError:
            waktu_doubt = f'waktu "{step.waktu}" tidak terukur; tulis berapa lama, mis. "30 menit"'
    put("waktu", quoted(step.waktu) if step.waktu.strip() in ("-", "") else scalar(step.waktu),
        waktu_doubt or (None if step.waktu else "waktu kosong"))
    put("output", scalar(step.output), None if step.output else "output kosong")
    if step.keterangan:
        put("keterangan", scalar(step.keterangan))
    following = step.nomor + 1
    if step.kind == "keputusan" and step.nomor in (1, last):
        which = "pertama" if step.nomor == 1 else "terakhir"
        branches = ", ".join(f'"{label}" ke langkah {target}' for target, label in step.branches)
        lines.append(f"    # periksa: baris ini memuat belah ketupat ({branches or 'tanpa cabang'}), tetapi langkah"
                     f" {which} digambar sebagai mulai/selesai; jadikan keputusannya langkah tersendiri")
    elif step.kind == "keputusan":
        lines += _decision(step, following)
    elif step.nomor != last:
        if step.targets and step.targets != [following]:
            # several arrows out of a box: the flow forks into work done in parallel
            targets = ", ".join(map(str, step.targets))
            put("lanjut", targets if len(step.targets) == 1 else f"[{targets}]")
        elif not step.targets:
            lines.append("    # periksa: tidak ada panah yang keluar dari langkah ini; langkah"
                         " berikutnya dianggap lanjutannya" + (" (OCR)" if "lanjut" in step.doubts else ""))
    return lines


def _decision(step: FoundStep, following: int) -> list[str]:
    """ya / tidak from the labels: "Ya" and "Tidak" as printed; else a label that begins
    with a no-word is the tidak branch; else the branch to the next step is ya."""
    # a branch to a box in the diamond's own row cannot be a target: the box is no step
    branches = [(target, label) for target, label in step.branches if target != step.nomor]
    oleh = [f"      oleh: {scalar(step.decider)}"] if len(step.pelaksana) > 1 and step.decider else []
    if len(branches) != 2:
        same_row = " (satu cabang menuju kotak di baris yang sama; jadikan langkah tersendiri)" \
            if len(branches) < len(step.branches) else ""
        return [f"    keputusan:  # periksa: keputusan dengan {len(branches)} cabang{same_row}; tulis ya dan"
                " tidak" + (f" ({step.doubts['keputusan']})" if "keputusan" in step.doubts else ""), *oleh,
                "      tidak: " + (str(branches[0][0]) if branches else "selesai")]
    def is_no(label: str) -> bool:
        return label.strip().lower().startswith(NEGATIVE)
    (a, label_a), (b, label_b) = branches
    doubt = None
    if label_a.lower() == "ya" or label_b.lower() == "tidak" or (is_no(label_b) and not is_no(label_a)):
        (ya, label_ya), (tidak, label_tidak) = (a, label_a), (b, label_b)
    elif label_b.lower() == "ya" or label_a.lower() == "tidak" or (is_no(label_a) and not is_no(label_b)):
        (ya, label_ya), (tidak, label_tidak) = (b, label_b), (a, label_a)
    else:
        first_is_next = a == following
        (ya, label_ya), (tidak, label_tidak) = ((a, label_a), (b, label_b)) if first_is_next or b != following \
            else ((b, label_b), (a, label_a))
        doubt = (f'label cabang "{label_a}" dan "{label_b}" tidak menyebut ya/tidak; periksa'
                 " cabang mana yang ya")
    doubt = doubt or step.doubts.get("keputusan")
    lines = ["    keputusan:" + (f"  # periksa: {doubt}" if doubt else ""), *oleh]
    if ya != following:
        lines.append(f"      ya: {ya}")
    lines.append(f"      tidak: {tidak}")
    if label_ya and label_ya != "Ya":
        lines.append(f"      label_ya: {scalar(label_ya)}")
    if label_tidak and label_tidak != "Tidak":
        lines.append(f"      label_tidak: {scalar(label_tidak)}")
    return lines
