"""Each unit's `layanan/<id>.yaml` -> its services (Layanan), checked against the SOPs that
carry them out: the SOPs it names must exist (another unit's only when named with that
unit), and the time it promises the public must cover the most time its SOPs can take,
start to end, counted in the government's working day. Where the service restates what
its SOP already says (persyaratan, produk), a difference is said."""

from __future__ import annotations

import difflib
from fractions import Fraction

from ..errors import Diagnostics
from . import contract
from .load import load_file
from .model import Layanan, Pemda, Sop, SopKey, durations_in, path_time
from .waktu import Duration, WaktuError, parse_waktu

WRITTEN = ("persyaratan", "biaya", "produk", "pengaduan", "dasar_hukum", "sarana", "kompetensi", "pengawasan",
           "jumlah_pelaksana", "jaminan_pelayanan", "jaminan_keamanan", "evaluasi_kinerja")
HEAVIEST = 3  # the steps named when a service promises less time than its SOPs take


def check_services(units, pemda: Pemda, catalogue: dict[str, str], out: Diagnostics) -> dict[str, tuple]:
    """Per unit id, its services that have no error (in file order). `units`: the
    validator's units, each with its files and its checked SOP drafts."""
    sops: dict[tuple[str, str], Sop | None] = {}
    for unit in units:
        for draft in unit.sops:
            sops[(unit.files.id, draft.key.sop)] = draft.sop
    found: dict[str, tuple] = {}
    for unit in units:
        services = []
        for path in unit.files.layanan_files:
            node = load_file(path, out)
            value = contract.LAYANAN.check(node, path.name, out) if node is not None else None
            if value is None:
                continue
            service = _service(unit.files.id, path, value.data, sops, pemda, catalogue, out)
            if service is not None:
                services.append(service)
        found[unit.files.id] = tuple(services)
    return found


def _service(unit_id: str, path, fields, sops, pemda: Pemda, catalogue, out: Diagnostics) -> Layanan | None:
    keys = []
    wrong = False
    for item in fields.data("sop", ()):
        if not str(item.data).strip():
            continue  # an empty item: the contract has said so
        key = _reference(unit_id, item, sops, out)
        wrong |= key is None
        if key is not None:
            keys.append(key)
    written = fields.get("jangka_waktu")
    if written is None or not keys and not wrong:
        return None  # left empty: the contract has said so at its line
    try:
        promised = parse_waktu(written.data, pemda.hari_kerja)
    except WaktuError as e:
        out.error(written.location, f"jangka_waktu: {e}")
        return None
    carried = [sops.get((k.unit, k.sop)) for k in keys]
    if wrong or any(sop is None for sop in carried):
        return None  # a SOP with errors of its own: its time is not known yet
    needed, heavy = _time(carried, pemda)
    if needed > promised.max:
        calendar = pemda.hari_kerja
        out.error(written.location, f'jangka waktu "{written.data}" ({promised.format(calendar)}) lebih pendek'
                  f" daripada waktu terpanjang SOP-nya, {Duration(needed, needed).format(calendar)} dari langkah"
                  f" pertama sampai terakhir (cabang terpanjang, pengulangan dihitung sekali); langkah"
                  f" terlama: {heavy}. Perpanjang jangka waktunya atau persingkat waktu langkah SOP")
    _restated(fields, carried, out)
    components = tuple((key, fields.data(key)) for key in WRITTEN if fields.get(key) is not None)
    return Layanan(path.stem, unit_id, path, fields.data("nama"), tuple(keys), written.data, promised,
                   Duration(needed, needed), components)


def _reference(unit_id: str, item, sops, out: Diagnostics) -> SopKey | None:
    """`<sop>` in the unit, or `<unit>/<sop>` anywhere; a bare id that only another unit
    has is refused: a service carried out by another unit's SOP says so."""
    text = item.data.strip().strip("/").removesuffix(".yaml")
    unit, _, sop = text.rpartition("/")
    unit = unit or unit_id
    if (unit, sop) in sops:
        return SopKey(unit, sop)
    elsewhere = sorted(u for u, s in sops if s == sop and u != unit)
    if "/" not in text and elsewhere:
        out.error(item.location, f'SOP "{sop}" tidak ada di unit ini, tetapi ada di unit {", ".join(elsewhere)};'
                  f' bila layanan ini memang dilaksanakan dengan SOP unit lain, tulis "{elsewhere[0]}/{sop}"')
        return None
    names = [f"{u}/{s}" if u != unit_id else s for u, s in sops]
    guess = difflib.get_close_matches(text, names, 1, 0.6)
    hint = f'; mungkin maksud Anda "{guess[0]}"?' if guess else ""
    out.error(item.location, f'SOP "{text}" tidak ditemukan{hint}')
    return None


def _time(carried: list[Sop], pemda: Pemda) -> tuple[Fraction, str]:
    """The SOPs one after another, each along its longest path; and its heaviest steps."""
    total = Fraction(0)
    heavy = []
    for sop in carried:
        durations = durations_in(sop, pemda.hari_kerja)
        found = path_time(sop.kegiatan, durations)
        total += found.minutes
        for index in found.heaviest(durations, HEAVIEST):
            step = sop.kegiatan[index]
            prefix = f"{sop.key.sop} " if len(carried) > 1 else ""
            heavy.append((durations[index].max, f'{prefix}langkah {index + 1} "{step.uraian[:50]}" ({step.waktu})'))
    heavy.sort(key=lambda pair: -pair[0])
    return total, "; ".join(text for _, text in heavy[:HEAVIEST])


def _restated(fields, carried: list[Sop], out: Diagnostics) -> None:
    """Persyaratan are the first step's kelengkapan and the produk the last step's output:
    a service that words them otherwise may promise what its SOP does not ask or give."""
    first, last = carried[0].kegiatan[0], carried[-1].kegiatan[-1]
    wanted = fields.get("persyaratan")
    if wanted is not None and first.kelengkapan and _words(wanted.data) != _words(first.kelengkapan):
        out.warning(wanted.location, "persyaratan berbeda dengan kelengkapan langkah pertama SOP"
                    f' {carried[0].key.sop} ({"; ".join(first.kelengkapan)}); samakan, atau hapus persyaratan'
                    " agar diambil dari SOP")
    made = fields.get("produk")
    if made is not None and last.output and _words(made.data) != _words((last.output,)):
        out.warning(made.location, f'produk berbeda dengan output langkah terakhir SOP {carried[-1].key.sop}'
                    f' ("{last.output}"); samakan, atau hapus produk agar diambil dari SOP')


def _words(items) -> set[str]:
    return {" ".join(str(getattr(i, "data", i)).casefold().split()) for i in items}
