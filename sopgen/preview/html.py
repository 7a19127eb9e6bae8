"""The preview's pages as HTML text: the start page (every unit and SOP with its status)
and the page of one SOP (its diagnostics, identity data and flowchart pages as SVG).

Every text that comes from the sources goes through `escape`; the only script is the
page's own, which listens for changes and reloads the SOP's part of the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from urllib.parse import quote

from ..check.dates import format_date
from ..check.model import Sop, longest_time
from ..errors import Diagnostic
from ..flowchart.geometry import Diagram
from ..flowchart.svg import page_svg

STYLE = """
body { font-family: "Liberation Sans", Arial, sans-serif; margin: 1.5em; color: #111; }
h1 { font-size: 1.3em; } h2 { font-size: 1.1em; margin-top: 1.5em; }
p.gagal { background: #fde2e1; border-left: 4px solid #b3261e; padding: .5em .8em; }
table.daftar { border-collapse: collapse; } table.daftar td, table.daftar th {
  border: 1px solid #bbb; padding: 0.2em 0.6em; text-align: left; vertical-align: top; }
.valid { color: #176117; } .salah { color: #a11; font-weight: bold; }
.diagnosa { font-family: monospace; white-space: pre-wrap; margin: 0.2em 0; }
.diagnosa.error { color: #a11; } .diagnosa.warning { color: #8a5a00; }
.lama { background: #fff3cd; border: 1px solid #e0b000; padding: 0.5em; }
dl.identitas { display: grid; grid-template-columns: max-content auto; gap: 0.2em 1em; }
dl.identitas dt { font-weight: bold; } dl.identitas dd { margin: 0; }
svg.halaman { display: block; width: 100%; height: auto; margin: 1em 0; background: #fff;
  box-shadow: 0 0 4px #999; }
body { background: #f4f4f4; }
"""

SCRIPT = """
const source = new EventSource("/events");
source.onmessage = async (event) => {
  const response = await fetch(location.pathname + "?bagian=1", {cache: "no-store"});
  if (response.ok) {
    document.getElementById("isi").innerHTML = await response.text();
    document.body.dataset.versi = event.data;
  }
};
"""


@dataclass(frozen=True)
class SopRow:
    """One SOP on the start page."""

    unit: str
    sop: str
    nomor: str
    nama: str
    errors: int
    steps: int | None
    waktu: str | None


def page(title: str, body: str, live: bool = False, version: int = 0) -> str:
    script = f"<script>{SCRIPT}</script>" if live else ""
    return (f'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f'<style>{STYLE}</style></head><body data-versi="{version}">{body}{script}</body></html>')


def index(pemda: str, units: list[tuple[str, str, list[SopRow], dict[str, str]]], errors: int) -> str:
    """The start page: per unit its SOPs (status, steps, total time) and its books."""
    parts = [f"<h1>Pratinjau SOP {escape(pemda)}</h1>"]
    if errors:
        parts.append(f'<p class="salah">{errors} kesalahan di berkas sumber; jalankan sopgen check'
                     " untuk daftar lengkapnya</p>")
    for unit_id, nama, rows, books in units:
        links = " ".join(f'<a href="/buku/{quote(unit_id)}.{kind}">{kind.upper()}</a>' for kind in books)
        parts.append(f'<h2 id="{escape(unit_id)}">{escape(nama)} <small>({escape(unit_id)})'
                     f"</small> {links}</h2>")
        parts.append('<table class="daftar"><tr><th>Nomor</th><th>Nama SOP</th><th>Keadaan</th>'
                     "<th>Langkah</th><th>Waktu</th></tr>")
        for row in rows:
            state = ('<span class="valid">valid</span>' if not row.errors else
                     f'<span class="salah">{row.errors} kesalahan</span>')
            parts.append(
                f'<tr class="sop" data-sop="{escape(row.unit)}/{escape(row.sop)}">'
                f"<td>{escape(row.nomor)}</td>"
                f'<td><a href="/sop/{quote(row.unit)}/{quote(row.sop)}">{escape(row.nama)}</a></td>'
                f"<td>{state}</td><td>{'' if row.steps is None else row.steps}</td>"
                f"<td>{escape(row.waktu or '')}</td></tr>")
        parts.append("</table>")
    return "".join(parts)


def sop_part(title: str, diagnostics: list[Diagnostic], sop: Sop | None, diagram: Diagram | None,
             stale: bool, elsewhere: int) -> str:
    """The part of a SOP's page that is redrawn at every change."""
    parts = [f"<h1>{escape(title)}</h1>"]
    if diagnostics:
        parts.append('<div class="diagnosa-daftar">')
        parts += [f'<p class="diagnosa {d.severity.value}">{escape(str(d))}</p>' for d in diagnostics]
        parts.append("</div>")
    if elsewhere:
        parts.append(f"<p>({elsewhere} kesalahan lain di berkas lain; jalankan sopgen check)</p>")
    if stale:
        parts.append('<p class="lama">Gambar di bawah adalah versi terakhir yang valid; perbaiki'
                     " kesalahan di atas untuk melihat perubahan terbaru.</p>")
    if sop is None or diagram is None:
        parts.append("<p>Belum ada bagan alir: berkas ini belum pernah valid sejak pratinjau"
                     " dimulai.</p>")
        return "".join(parts)
    parts.append(_identity(sop))
    parts.append(f'<h2>Bagan alir ({len(diagram.pages)} halaman)</h2>')
    parts += [page_svg(diagram, p, n) for n, p in enumerate(diagram.pages, start=1)]
    return "".join(parts)


def _identity(sop: Sop) -> str:
    signer = sop.disahkan_oleh
    rows = [
        ("Nomor SOP", sop.nomor), ("Nama SOP", sop.nama),
        ("Tanggal Pembuatan", format_date(sop.tanggal_pembuatan)),
        ("Tanggal Revisi", format_date(sop.tanggal_revisi)),
        ("Tanggal Efektif", format_date(sop.tanggal_efektif)),
        ("Disahkan oleh", ", ".join(x for x in (signer.jabatan, signer.nama, signer.nip_cetak) if x)),
        ("Pelaksana", ", ".join(sop.pelaksana)),
        ("Total waktu", sop.total_waktu.format()),
        ("Waktu terpanjang", f"{longest_time(sop).format()} (jalur terpanjang, setiap pengulangan"
                             " dihitung sekali; batas bawah jangka waktu layanan)"),
    ]
    lists = [("Dasar Hukum", sop.dasar_hukum),
             ("Kualifikasi Pelaksana", sop.kualifikasi_pelaksana),
             ("Keterkaitan", tuple(r.text for r in sop.keterkaitan)),
             ("Peralatan/Perlengkapan", sop.peralatan_perlengkapan),
             ("Peringatan", sop.peringatan),
             ("Pencatatan dan Pendataan", sop.pencatatan_pendataan)]
    items = [f"<dt>{escape(k)}</dt><dd>{escape(v or '-')}</dd>" for k, v in rows]
    items += [f"<dt>{escape(k)}</dt><dd>{_list(v)}</dd>" for k, v in lists]
    return f'<dl class="identitas">{"".join(items)}</dl>'


def _list(items: tuple[str, ...]) -> str:
    if not items:
        return "-"
    return "<ol>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ol>"
