"""What the site shows -> its pages as HTML text: the start page (every SOP, with the search
form), a unit's page, a SOP's page and a unit's Standar Pelayanan.

Pages are plain HTML5 in Bahasa Indonesia that work without JavaScript; the start page's
search is the only script. Every link is relative, so the site works from a web host,
a shared folder or a disk; nothing is loaded from elsewhere. Every text from the sources
goes through `escape`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape
from urllib.parse import quote

from ..check.dates import format_date
from ..check.model import Sop
from ..document.qr import sop_page, unit_page
from ..flowchart.geometry import Diagram
from ..flowchart.svg import page_svg

STATES = {"berlaku": "Berlaku", "perlu-ditinjau": "Berlaku, perlu ditinjau", "draf": "Draf (belum berlaku)"}


@dataclass(frozen=True)
class Download:
    """A published file: its path under the site, its size and SHA-256."""

    path: str
    label: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Row:
    """One SOP in the lists."""

    unit: str
    unit_nama: str
    sop: str
    nomor: str
    nama: str
    keadaan: str  # a key of STATES
    efektif: dt.date
    waktu: str  # the longest the SOP can take (its longest path), as people write times


@dataclass(frozen=True)
class Site:
    """What every page shares: the government's name and the date the states are for."""

    pemda: str
    tanggal: str  # "6 Desember 2026"
    alamat: str | None  # the site's public address, when pemda.yaml gives it


def page(site: Site, root: str, title: str, crumbs: list[tuple[str, str]], body: str,
         script: str = "", dated: bool = False) -> str:
    """A whole page; `root` leads from it to the site's root ("" or "../"). Only the start
    page says the day its states are for: a SOP's page changes when the SOP does, not
    every day."""
    day = f"Keadaan per {escape(site.tanggal)}. " if dated else ""
    trail = "".join(f'<li><a href="{href}">{escape(text)}</a></li>' for href, text in crumbs)
    trail += f'<li aria-current="page">{escape(title)}</li>'
    return (
        '<!DOCTYPE html>\n<html lang="id"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)} | SOP {escape(site.pemda)}</title>"
        f'<link rel="stylesheet" href="{root}aset/situs.css"></head><body>'
        '<a class="lompat" href="#isi">Langsung ke isi</a>'
        f'<header><p class="situs"><a href="{root}index.html">SOP {escape(site.pemda)}</a></p>'
        f'<nav aria-label="Lokasi halaman"><ol class="jejak">{trail}</ol></nav></header>'
        f'<main id="isi" tabindex="-1"><h1>{escape(title)}</h1>{body}</main>'
        f"<footer><p>{day}Disusun dengan sopgen dari sumber yang sama"
        " dengan buku SOP resmi.</p></footer>"
        f"{script}</body></html>\n")


def index(site: Site, units: list[tuple[str, str, int]], rows: list[Row]) -> str:
    """The start page: the search form (shown by its script), every SOP in one table that
    works without it, the units, and the lists for the PPID."""
    options = "".join(f'<option value="{escape(u)}">{escape(n)}</option>' for u, n, _ in units)
    states = "".join(f'<option value="{k}">{escape(v)}</option>' for k, v in
                     (("berlaku", "Berlaku"), ("perlu-ditinjau", "Perlu ditinjau"), ("draf", "Draf")))
    form = (
        '<form id="cari-sop" class="cari" role="search" hidden>'
        '<p><label for="cari">Cari SOP</label>'
        '<input type="search" id="cari" name="q" autocomplete="off"'
        ' placeholder="nomor, nama, kegiatan atau pelaksana"></p>'
        '<p><label for="saring-unit">Perangkat daerah</label><select id="saring-unit" name="unit">'
        f'<option value="">Semua</option>{options}</select></p>'
        '<p><label for="saring-keadaan">Keadaan</label><select id="saring-keadaan" name="keadaan">'
        f'<option value="">Semua</option>{states}</select></p>'
        '<p><label for="urut">Urutkan</label><select id="urut" name="urut">'
        '<option value="unit">Perangkat daerah</option><option value="nomor">Nomor SOP</option>'
        '<option value="nama">Nama SOP</option><option value="efektif">Tanggal efektif terbaru</option>'
        "</select></p></form>"
        '<noscript><p>Pencarian memerlukan JavaScript; daftar lengkap SOP ada di bawah.</p></noscript>')
    unit_list = "".join(f'<li><a href="{unit_page(u)}">{escape(n)}</a> ({count} SOP)</li>'
                        for u, n, count in units)
    body = (
        f"<p>Standar Operasional Prosedur Administrasi Pemerintahan (SOP AP) yang ditetapkan"
        f" perangkat daerah {escape(site.pemda)}, sesuai Peraturan Menteri PANRB Nomor 35 Tahun 2012.</p>"
        f"{form}"
        f'<p id="jumlah" aria-live="polite">{len(rows)} SOP</p>'
        f"{sop_table(rows, with_unit=True, table_id='daftar-sop')}"
        f'<h2 id="perangkat-daerah">Perangkat daerah</h2><ul>{unit_list}</ul>'
        '<h2 id="unduh">Daftar SOP untuk PPID dan JDIH</h2>'
        '<p><a href="daftar-sop.csv">daftar-sop.csv</a> (untuk lembar kerja) ·'
        ' <a href="daftar-sop.json">daftar-sop.json</a> (untuk aplikasi)</p>')
    script = '<script src="aset/indeks.js"></script><script src="aset/cari.js"></script>'
    return page(site, "", "Daftar SOP", [], body, script, dated=True)


def sop_table(rows: list[Row], with_unit: bool, table_id: str, root: str = "") -> str:
    head = "<th scope=\"col\">Perangkat daerah</th>" if with_unit else ""
    lines = []
    for row in rows:
        unit_cell = f"<td>{escape(row.unit_nama)}</td>" if with_unit else ""
        lines.append(
            f'<tr data-sop="{escape(row.unit)}/{escape(row.sop)}" data-unit="{escape(row.unit)}"'
            f' data-keadaan="{_state_tokens(row.keadaan)}" data-efektif="{row.efektif.isoformat()}">'
            f"<td>{escape(row.nomor)}</td>"
            f'<td><a href="{root}{sop_page(row.unit, row.sop)}">{escape(row.nama)}</a></td>{unit_cell}'
            f'<td><span class="keadaan {row.keadaan}">{escape(STATES[row.keadaan])}</span></td>'
            f"<td>{escape(format_date(row.efektif))}</td><td>{escape(row.waktu)}</td></tr>")
    return (f'<div class="gulir" role="region" aria-label="Daftar SOP" tabindex="0">'
            f'<table id="{table_id}" class="daftar"><thead><tr><th scope="col">Nomor SOP</th>'
            f'<th scope="col">Nama SOP</th>{head}<th scope="col">Keadaan</th>'
            '<th scope="col">Tanggal efektif</th><th scope="col">Waktu paling lama</th></tr></thead>'
            f"<tbody>{''.join(lines)}</tbody></table></div>")


def unit(site: Site, nama: str, rows: list[Row], books: list[Download], standar: bool) -> str:
    body = [f"<p>{len(rows)} SOP.</p>", sop_table(rows, with_unit=False, table_id="daftar-sop", root="../")]
    if standar:
        body.append('<h2>Standar Pelayanan</h2><p><a href="standar-pelayanan.html">Standar Pelayanan'
                    f" {escape(nama)}</a></p>")
    body.append('<h2 id="unduh">Unduh</h2>' + downloads(books, "../"))
    return page(site, "../", nama, [("../index.html", "Daftar SOP")], "".join(body))


def downloads(files: list[Download], root: str, how: bool = True) -> str:
    """The files with their sizes and SHA-256, and (`how`) how a reader checks a copy
    against them."""
    if not files:
        return "<p>Berkas belum tersedia.</p>"
    items = "".join(
        f'<li><a href="{root}{quote(f.path)}">{escape(f.label)}</a> ({_size(f.size)})<br>'
        f'SHA-256: <code class="sidik">{f.sha256}</code></li>' for f in files)
    if not how:
        return f'<ul class="unduh">{items}</ul>'
    return (f'<ul class="unduh">{items}</ul>'
            '<details><summary>Cara memeriksa keaslian berkas</summary>'
            "<p>Hitung SHA-256 berkas yang Anda terima, lalu bandingkan dengan kode di atas; berkas"
            " yang sama dengan yang diterbitkan menghasilkan kode yang persis sama.</p><ul>"
            "<li>Windows: <code>certutil -hashfile nama-berkas.pdf SHA256</code></li>"
            "<li>macOS: <code>shasum -a 256 nama-berkas.pdf</code></li>"
            "<li>Linux: <code>sha256sum nama-berkas.pdf</code></li></ul></details>")


def sop(site: Site, unit_id: str, unit_nama: str, sop: Sop, row: Row, diagram: Diagram,
        longest: str, files: list[Download], books: list[Download], published: set[str]) -> str:
    """A SOP's page: identity data, the steps as a table, the flowchart, the files.
    `published`: the "unit/sop" keys that have a page, for the keterkaitan's links."""
    signer = sop.disahkan_oleh
    facts = [
        ("Nomor SOP", sop.nomor), ("Perangkat daerah", unit_nama),
        ("Keadaan", STATES[row.keadaan]),
        ("Tanggal pembuatan", format_date(sop.tanggal_pembuatan)),
        ("Tanggal revisi", format_date(sop.tanggal_revisi) or "-"),
        ("Tanggal efektif", format_date(sop.tanggal_efektif)),
        ("Disahkan oleh", ", ".join(x for x in (signer.jabatan, signer.nama, signer.nip_cetak) if x)),
        ("Waktu seluruh langkah", sop.total_waktu.format()),
        ("Waktu terpanjang", f"{longest} (jalur terpanjang dari awal sampai akhir)"),
    ]
    lists = [("Dasar hukum", _list(sop.dasar_hukum)), ("Kualifikasi pelaksana", _list(sop.kualifikasi_pelaksana)),
             ("Keterkaitan", _related(sop, published)),
             ("Peralatan/perlengkapan", _list(sop.peralatan_perlengkapan)), ("Peringatan", _list(sop.peringatan)),
             ("Pencatatan dan pendataan", _list(sop.pencatatan_pendataan))]
    identity = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in facts)
    identity += "".join(f"<dt>{escape(k)}</dt><dd>{v}</dd>" for k, v in lists)
    if site.alamat:
        identity += (f"<dt>Alamat halaman ini</dt><dd><code>{escape(site.alamat)}"
                     f"{escape(sop_page(unit_id, sop.key.sop))}</code></dd>")
    pages = len(diagram.pages)
    figures = "".join(
        f'<figure class="halaman"><figcaption>Bagan alir, halaman {n} dari {pages}</figcaption>'
        + page_svg(diagram, p, n).replace("<svg ", f'<svg role="img" aria-label="Bagan alir halaman {n}" ', 1)
        + "</figure>" for n, p in enumerate(diagram.pages, start=1))
    quick = " · ".join(f'<a href="../{quote(f.path)}">{escape(f.label.rsplit(" (", 1)[-1].rstrip(")"))}</a>'
                       for f in files)
    body = (f'<p class="ringkas">{escape(STATES[row.keadaan])} · paling lama {escape(longest)}'
            f'{" · unduh " + quick if quick else ""}</p>'
            f'<dl class="identitas">{identity}</dl>'
            f'<h2 id="prosedur">Prosedur ({len(sop.kegiatan)} langkah)</h2>{_steps(sop)}'
            f'<h2 id="bagan-alir">Bagan alir</h2>{figures}'
            f'<h2 id="unduh">Unduh</h2><h3>SOP ini</h3>{downloads(files, "../")}'
            f"<h3>Buku SOP {escape(unit_nama)}</h3>{_book_links(books)}")
    crumbs = [("../index.html", "Daftar SOP"), ("index.html", unit_nama)]
    return page(site, "../", sop.nama, crumbs, body)


def _steps(sop: Sop) -> str:
    """The steps as a table a screen reader can follow: a caption, column headers, each
    row headed by its number; where a step does not lead to the next, it says where."""
    rows = []
    for step in sop.kegiatan:
        then = ""
        if step.keputusan is not None:
            decision = step.keputusan
            then = (f'<p class="lanjut">{escape(decision.label_ya)}: {_to(decision.ya)};'
                    f" {escape(decision.label_tidak)}: {_to(decision.tidak)}</p>")
        elif step.lanjut and step.lanjut != (step.index + 1,):
            then = f'<p class="lanjut">Lanjut ke {" dan ".join(_to(n) for n in step.lanjut)}</p>'
        rows.append(
            f'<tr id="langkah-{step.nomor}"><th scope="row">{step.nomor}</th>'
            f"<td>{escape(step.uraian)}{then}</td><td>{escape(', '.join(step.pelaksana))}</td>"
            f"<td>{_list(step.kelengkapan)}</td><td>{escape(step.waktu)}</td>"
            f"<td>{escape(step.output or '-')}</td><td>{escape(step.keterangan or '')}</td></tr>")
    return ('<div class="gulir" role="region" aria-label="Tabel prosedur" tabindex="0">'
            '<table class="langkah"><caption>Langkah-langkah prosedur dan mutu baku</caption>'
            '<thead><tr><th scope="col">No</th><th scope="col">Kegiatan</th><th scope="col">Pelaksana</th>'
            '<th scope="col">Kelengkapan</th><th scope="col">Waktu</th><th scope="col">Output</th>'
            f'<th scope="col">Keterangan</th></tr></thead><tbody>{"".join(rows)}</tbody></table></div>')


def standar(site: Site, nama: str, services: list[tuple[str, list[tuple[str, list[str]]]]],
            files: list[Download]) -> str:
    """A unit's Standar Pelayanan: per service, its components as a table."""
    parts = []
    for n, (title, components) in enumerate(services, start=1):
        rows = "".join(f'<tr><th scope="row">{escape(label)}</th><td>{_lines(lines)}</td></tr>'
                       for label, lines in components)
        parts.append(f'<h2 id="layanan-{n}">{escape(title)}</h2>'
                     '<div class="gulir" role="region" aria-label="Komponen standar pelayanan" tabindex="0">'
                     f'<table class="komponen"><caption>Komponen standar pelayanan {escape(title)}</caption>'
                     '<thead><tr><th scope="col">Komponen</th><th scope="col">Uraian</th></tr></thead>'
                     f"<tbody>{rows}</tbody></table></div>")
    parts.append(f'<h2 id="unduh">Unduh</h2>{downloads(files, "../")}')
    crumbs = [("../index.html", "Daftar SOP"), ("index.html", nama)]
    return page(site, "../", f"Standar Pelayanan {nama}", crumbs, "".join(parts))


def _book_links(books: list[Download]) -> str:
    """The unit's book, linked; its SHA-256 is on the unit's page, so that an edit of one
    SOP, which changes the book, does not change the pages of the others."""
    if not books:
        return "<p>Buku belum tersedia.</p>"
    links = " · ".join(f'<a href="../{quote(f.path)}">{escape(f.label)}</a>' for f in books)
    return f'<p>{links}; kode SHA-256 buku ada di <a href="index.html#unduh">halaman perangkat daerah</a>.</p>'


def _related(sop: Sop, published: set[str]) -> str:
    """The keterkaitan, each SOP named by reference linked to its page."""
    items = []
    for related in sop.keterkaitan:
        text = escape(related.text)
        if related.ref is not None and str(related.ref) in published:
            text = f'<a href="../{sop_page(related.ref.unit, related.ref.sop)}">{text}</a>'
        items.append(text)
    if not items:
        return "-"
    if len(items) == 1:
        return items[0]
    return "<ol>" + "".join(f"<li>{item}</li>" for item in items) + "</ol>"


def _to(index: int) -> str:
    return f'<a href="#langkah-{index + 1}">langkah {index + 1}</a>'


def _list(items: tuple[str, ...]) -> str:
    if not items:
        return "-"
    if len(items) == 1:
        return escape(items[0])
    return "<ol>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ol>"


def _lines(lines: list[str]) -> str:
    return "<br>".join(escape(line) for line in lines)


def _state_tokens(state: str) -> str:
    """The states a filter matches: a SOP due for review is also in force."""
    return "berlaku perlu-ditinjau" if state == "perlu-ditinjau" else state


def _size(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / 1024 / 1024:.1f} MB".replace(".", ",")
