"""Writes tests/import_corpus/: SOP AP documents made the way offices make them in Word, not
the way sopgen does, for the tests of `sopgen import`.

    .venv/bin/python tools/make_import_corpus.py

- word-2010.docx: a two-column identity table, a header with merged cells and other
  wordings ("Uraian Kegiatan", "Persyaratan/Kelengkapan", "Ket."), DrawingML shapes inside
  mc:AlternateContent (with a VML fallback, as Word writes them), arrows drawn as Word's
  connector shapes (straight and elbow, flipped), an unmeasurable waktu;
- vml-lama.docx: the same SOP as an older Word writes it, every shape VML (roundrect, rect,
  diamond, lines with an end arrow, text boxes for the labels);
- dua-halaman.docx: a flowchart that continues on a second page through off-page
  connectors, with decision labels that do not say ya or tidak;
- terapung.docx: the first SOP with every shape placed on the page (from the margins) and
  anchored in the paragraph before the table, as shapes dragged onto a page are.

The shapes are written as XML text here, in the forms Word writes; only python-docx's
blank document is used, for the package. The files are committed: this script is how they
were made, and how to make more.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "import_corpus"
NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
      'xmlns:w10="urn:schemas-microsoft-com:office:word" mc:Ignorable=""')
TWIP, PT, MM = 635, 12700, 36000
BORDERS = "<w:tblBorders>" + "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                                     for side in ("top", "left", "bottom", "right", "insideH", "insideV")
                                     ) + "</w:tblBorders>"

IDENTITY = [("Nomor SOP", "800/07/425.203/2025"), ("Tanggal Pembuatan", "5 Januari 2025"),
            ("Tanggal Revisi", "-"), ("Tanggal Efektif", "3 Februari 2025"),
            ("Disahkan oleh", ["KEPALA BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA", "", "",
                               "Ir. BAMBANG SUTRISNO, M.T.", "Pembina Utama Muda",
                               "NIP. 19700512 199503 1 002"]),
            ("Nama SOP", "Penerbitan Surat Izin Cuti Tahunan")]
LISTS = [("Dasar Hukum", ["Peraturan Pemerintah Nomor 11 Tahun 2017 tentang Manajemen Pegawai Negeri Sipil",
                          "Peraturan Badan Kepegawaian Negara Nomor 24 Tahun 2017 tentang Tata Cara"
                          " Pemberian Cuti Pegawai Negeri Sipil"]),
         ("Kualifikasi Pelaksana", ["Memahami ketentuan cuti PNS"]),
         ("Keterkaitan", ["SOP Pengelolaan Data Kepegawaian"]),
         ("Peralatan/Perlengkapan", ["Komputer", "Aplikasi kepegawaian"]),
         ("Peringatan", ["Cuti tidak dapat diberikan bila sisa cuti habis"]),
         ("Pencatatan dan Pendataan", ["Buku register cuti"])]
ACTORS = ["Pegawai", "Pengelola Kepegawaian", "Kepala Bidang"]
STEPS = [  # uraian, actor, kind, kelengkapan, waktu, output
    ("Mengajukan permohonan cuti tahunan", 0, "flowChartTerminator", "Formulir cuti", "-", "Permohonan cuti"),
    ("Memeriksa sisa cuti dan kelengkapan berkas", 1, "flowChartProcess", "Data cuti pegawai",
     "secepatnya", "Berkas terperiksa"),
    ("Menyetujui permohonan cuti", 2, "flowChartDecision", "Berkas terperiksa", "1 hari", "Keputusan cuti"),
    ("Menerima surat izin cuti", 0, "flowChartTerminator", "Surat izin cuti", "-", "Surat izin cuti diterima"),
]
GRID = [500, 2800, 1700, 1700, 1700, 1600, 1000, 1600, 1400]  # twips: no, kegiatan, 3 actors, mutu 3, ket
ROW = 1400  # twips, exact
SYMBOL = (16 * MM, 7 * MM)
DIAMOND = (16 * MM, 10 * MM)


def x_of(column: int) -> int:
    return sum(GRID[:column]) * TWIP


def cell(width: int, body: str, span: int = 1, merge: str | None = None) -> str:
    props = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if span > 1:
        props += f'<w:gridSpan w:val="{span}"/>'
    if merge:
        props += f'<w:vMerge w:val="{merge}"/>' if merge == "restart" else "<w:vMerge/>"
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{body}</w:tc>"


def para(text: str = "", extra: str = "") -> str:
    run = f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>' if text else ""
    return f"<w:p>{extra}{run}</w:p>"


def identity_table() -> str:
    rows = []
    for label, value in IDENTITY:
        lines = value if isinstance(value, list) else [value]
        rows.append(f"<w:tr>{cell(2500, para(label))}{cell(7000, ''.join(para(v) for v in lines))}</w:tr>")
    for label, items in LISTS:
        body = para(label + ":") + "".join(para(f"{n}. {item}") for n, item in enumerate(items, start=1))
        rows.append(f'<w:tr>{cell(9500, body, span=2)}</w:tr>')
    return (f'<w:tbl><w:tblPr><w:tblW w:w="9500" w:type="dxa"/>{BORDERS}</w:tblPr><w:tblGrid><w:gridCol w:w="2500"/>'
            f'<w:gridCol w:w="7000"/></w:tblGrid>{"".join(rows)}</w:tbl>')


def header_rows() -> str:
    g = GRID
    first = (cell(g[0], para("No"), merge="restart") + cell(g[1], para("Uraian Kegiatan"), merge="restart")
             + cell(sum(g[2:5]), para("Pelaksana"), span=3) + cell(sum(g[5:8]), para("Mutu Baku"), span=3)
             + cell(g[8], para("Ket."), merge="restart"))
    second = (cell(g[0], para(), merge="continue") + cell(g[1], para(), merge="continue")
              + "".join(cell(g[2 + i], para(a)) for i, a in enumerate(ACTORS))
              + cell(g[5], para("Persyaratan/Kelengkapan")) + cell(g[6], para("Waktu"))
              + cell(g[7], para("Output")) + cell(g[8], para(), merge="continue"))
    height = '<w:trPr><w:trHeight w:val="600" w:hRule="exact"/><w:tblHeader/></w:trPr>'
    return f"<w:tr>{height}{first}</w:tr><w:tr>{height}{second}</w:tr>"


def flow_table(rows: str) -> str:
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in GRID)
    return (f'<w:tbl><w:tblPr><w:tblW w:w="{sum(GRID)}" w:type="dxa"/>{BORDERS}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
            f"{header_rows()}{rows}</w:tbl>")


def step_row(number: int, uraian: str, kelengkapan: str, waktu: str, output: str,
             drawings: dict[int, str]) -> str:
    cells = [cell(GRID[0], para(str(number))), cell(GRID[1], para(uraian))]
    for i in range(3):
        cells.append(cell(GRID[2 + i], para("", drawings.get(2 + i, ""))))
    cells += [cell(GRID[5], para(kelengkapan)), cell(GRID[6], para(waktu)), cell(GRID[7], para(output)),
              cell(GRID[8], para())]
    return f'<w:tr><w:trPr><w:trHeight w:val="{ROW}" w:hRule="exact"/></w:trPr>{"".join(cells)}</w:tr>'


# --- DrawingML, as Word 2010 and later write it (with a VML fallback) ----------------------------

_ids = iter(range(1, 10000))


def anchor(dx: int, dy: int, w: int, h: int, graphic: str, across: str = "column",
           down: str = "paragraph") -> str:
    n = next(_ids)
    return (f'<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor distT="0" distB="0"'
            ' distL="0" distR="0" simplePos="0" relativeHeight="1" behindDoc="0" locked="0" layoutInCell="1"'
            f' allowOverlap="1"><wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="{across}"><wp:posOffset>{dx}'
            f'</wp:posOffset></wp:positionH><wp:positionV relativeFrom="{down}"><wp:posOffset>{dy}'
            f'</wp:posOffset></wp:positionV><wp:extent cx="{w}" cy="{h}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
            f'<wp:wrapNone/><wp:docPr id="{n}" name="Shape {n}"/><a:graphic><a:graphicData'
            ' uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
            f'{graphic}</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict>'
            f'<v:rect style="position:absolute;width:{w / PT}pt;height:{h / PT}pt"/></w:pict></mc:Fallback>'
            '</mc:AlternateContent></w:r>')


def shape(prst: str, w: int, h: int, text: str = "") -> str:
    body = (f'<w:txbx><w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent></w:txbx>'
            .replace("w:txbx", "wps:txbx") if text else "")
    return (f'<wps:wsp><wps:cNvSpPr/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{w}" cy="{h}"/></a:xfrm>'
            f'<a:prstGeom prst="{prst}"><a:avLst/></a:prstGeom><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill>'
            f'<a:ln w="9525"><a:solidFill><a:srgbClr val="000000"/></a:solidFill></a:ln></wps:spPr>{body}'
            '<wps:bodyPr/></wps:wsp>')


def connector(prst: str, w: int, h: int, flip_h: bool = False, flip_v: bool = False) -> str:
    flips = (' flipH="1"' if flip_h else "") + (' flipV="1"' if flip_v else "")
    return (f'<wps:wsp><wps:cNvCnPr/><wps:spPr><a:xfrm{flips}><a:off x="0" y="0"/><a:ext cx="{w}" cy="{h}"/>'
            f'</a:xfrm><a:prstGeom prst="{prst}"><a:avLst/></a:prstGeom><a:ln w="9525"><a:solidFill>'
            '<a:srgbClr val="000000"/></a:solidFill><a:tailEnd type="triangle"/></a:ln></wps:spPr>'
            "<wps:bodyPr/></wps:wsp>")


def label(text: str) -> str:
    return (f'<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{10 * MM}"'
            f' cy="{4 * MM}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/>'
            f'</a:ln></wps:spPr><wps:txbx><w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>'
            '</wps:txbx><wps:bodyPr/></wps:wsp>')


class Page:
    """Shapes placed by absolute position in one flowchart table; each is anchored in the
    actor cell of the row that holds its top-left corner, as Word does when one drags it."""

    def __init__(self, rows: int, vml: bool, floating: bool = False):
        self.drawings: dict[tuple[int, int], list[str]] = {}
        self.rows = rows
        self.vml = vml
        self.floating = floating  # placed on the page (from its margins), anchored before the table
        self.before: list[str] = []

    def put(self, x: int, y: int, xml_of) -> None:
        if self.floating:  # the table stands at the top margin: its header, then the rows
            self.before.append(xml_of(x, y + 2 * 600 * TWIP))
            return
        row = max(0, min(int(y // (ROW * TWIP)), self.rows - 1))
        column = max(c for c in range(2, 5) if x_of(c) <= x) if x >= x_of(2) else 2
        self.drawings.setdefault((row, column), []).append(xml_of(x - x_of(column), y - row * ROW * TWIP))

    @property
    def frame(self) -> tuple[str, str]:
        return ("margin", "margin") if self.floating else ("column", "paragraph")

    def symbol(self, box, prst: str, text: str = "") -> None:
        x, y, w, h = box
        if self.vml:
            self.put(x, y, lambda dx, dy: vml_shape(prst, dx, dy, w, h, text))
        else:
            self.put(x, y, lambda dx, dy: anchor(dx, dy, w, h, shape(prst, w, h, text), *self.frame))

    def line(self, points: list[tuple[int, int]]) -> None:
        """An arrow along these points: Word's elbow or straight connector, or a VML polyline."""
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        x, y = min(xs), min(ys)
        w, h = max(max(xs) - x, 1), max(max(ys) - y, 1)
        if self.vml:
            self.put(x, y, lambda dx, dy: vml_line([(px - x + dx, py - y + dy) for px, py in points]))
            return
        (x1, y1), (x2, y2) = points[0], points[-1]
        prst = "straightConnector1" if len(points) == 2 else "bentConnector3"
        self.put(x, y, lambda dx, dy: anchor(dx, dy, w, h, connector(prst, w, h, x2 < x1, y2 < y1), *self.frame))

    def label(self, x: int, y: int, text: str) -> None:
        if self.vml:
            self.put(x, y, lambda dx, dy: vml_shape("label", dx, dy, 10 * MM, 4 * MM, text))
        else:
            self.put(x, y, lambda dx, dy: anchor(dx, dy, 10 * MM, 4 * MM, label(text), *self.frame))


VML = {"flowChartTerminator": ("roundrect", ""), "flowChartProcess": ("rect", ""),
       "flowChartDecision": ("shape", "#_x0000_t110"), "flowChartOffpageConnector": ("shape", "#_x0000_t177"),
       "label": ("shape", "#_x0000_t202")}


def vml_shape(prst: str, dx: int, dy: int, w: int, h: int, text: str) -> str:
    tag, kind = VML[prst]
    style = (f"position:absolute;margin-left:{dx / PT:.2f}pt;margin-top:{dy / PT:.2f}pt;"
             f"width:{w / PT:.2f}pt;height:{h / PT:.2f}pt;z-index:1")
    attrs = f' type="{kind}"' if kind else ""
    attrs += ' stroked="f" filled="f"' if prst == "label" else ""
    box = (f"<v:textbox><w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent></v:textbox>"
           if text else "")
    return f'<w:r><w:pict><v:{tag} style="{style}"{attrs}>{box}</v:{tag}></w:pict></w:r>'


def vml_line(points: list[tuple[int, int]]) -> str:
    pairs = ",".join(f"{px / PT:.2f}pt,{py / PT:.2f}pt" for px, py in points)
    return ('<w:r><w:pict><v:polyline style="position:absolute;z-index:2" filled="f"'
            f' points="{pairs}"><v:stroke endarrow="block"/></v:polyline></w:pict></w:r>')


def centre(column: int, row: int, size: tuple[int, int]) -> tuple[int, int, int, int]:
    """The box of a symbol centred in an actor column and a step row (y from the first step row)."""
    w, h = size
    cx = x_of(column) + GRID[column] * TWIP // 2
    cy = row * ROW * TWIP + ROW * TWIP // 2
    return cx - w // 2, cy - h // 2, w, h


def flowchart(steps, edges, pages: list[int], vml: bool, floating: bool = False) -> str:
    """The flowchart tables: steps (uraian, actor, preset, kelengkapan, waktu, output), edges
    (from, to, label), and on which step each page begins; off-page connectors A, B, ...
    carry an edge from one page to the next."""
    starts = pages + [len(steps)]
    page_of = {i: n for n in range(len(pages)) for i in range(starts[n], starts[n + 1])}
    built = [Page(starts[n + 1] - starts[n], vml, floating) for n in range(len(pages))]
    boxes = {}
    for i, (_, actor, prst, *_rest) in enumerate(steps):
        n = page_of[i]
        box = centre(2 + actor, i - starts[n], DIAMOND if prst == "flowChartDecision" else SYMBOL)
        boxes[i] = box
        built[n].symbol(box, prst)
    letters = iter("ABCDEFGH")
    for source, target, text in edges:
        x, y, w, h = boxes[source]
        tx, ty, tw, th = boxes[target]
        page = built[page_of[source]]
        if page_of[target] != page_of[source]:  # down to a connector, then from one on the next page
            letter = next(letters)
            c = (x + w // 2 - 3 * MM, y + h + 5 * MM, 6 * MM, 6 * MM)
            page.line([(x + w // 2, y + h), (x + w // 2, c[1])])
            page.symbol(c, "flowChartOffpageConnector", letter)
            other = built[page_of[target]]
            c2 = (tx + tw // 2 - 3 * MM, ty - 11 * MM, 6 * MM, 6 * MM)
            other.symbol(c2, "flowChartOffpageConnector", letter)
            other.line([(tx + tw // 2, c2[1] + c2[3]), (tx + tw // 2, ty)])
            start = (x + w // 2, y + h)
        elif target > source:  # down: an elbow from the bottom to the top
            start, end = (x + w // 2, y + h), (tx + tw // 2, ty)
            middle = (start[1] + end[1]) // 2
            page.line([start, (start[0], middle), (end[0], middle), end] if start[0] != end[0] else [start, end])
        else:  # back up: from the side, straight
            start = (x, y + h // 2)
            page.line([start, (tx + tw, ty + th // 2)])
        if text:
            downward = start[1] == y + h
            page.label(start[0] + 2 * MM if downward else start[0] - 11 * MM,
                       start[1] + MM // 2 if downward else start[1] - 5 * MM, text)
    tables = []
    for n, page in enumerate(built):
        rows = "".join(
            step_row(i + 1, u, k, t, o, {c: "".join(page.drawings.get((i - starts[n], c), [])) for c in range(2, 5)})
            for i, (u, _, _, k, t, o) in enumerate(steps[starts[n]:starts[n + 1]], start=starts[n]))
        tables.append(para("", "".join(page.before)) + flow_table(rows))
    return "".join(tables)


CUTI_EDGES = [(0, 1, None), (1, 2, None), (2, 3, "Ya"), (2, 1, "Tidak")]
TWO_PAGES = [
    ("Menyampaikan berkas usulan kenaikan pangkat", 0, "flowChartTerminator", "Berkas usulan", "-", "Berkas usulan"),
    ("Memeriksa kelengkapan berkas", 1, "flowChartDecision", "Berkas usulan", "1 hari", "Berkas lengkap"),
    ("Menyusun daftar usulan", 1, "flowChartProcess", "Berkas lengkap", "2 hari", "Daftar usulan"),
    ("Memeriksa daftar usulan", 2, "flowChartProcess", "Daftar usulan", "1 hari", "Daftar terperiksa"),
    ("Menilai kelayakan usulan", 2, "flowChartDecision", "Daftar terperiksa", "1 hari", "Usulan dinilai"),
    ("Menyampaikan usulan ke BKN", 0, "flowChartTerminator", "Usulan dinilai", "-", "Usulan terkirim"),
]
TWO_PAGE_EDGES = [(0, 1, None), (1, 2, "Lengkap"), (1, 0, "Belum lengkap"), (2, 3, None), (3, 4, None),
                  (4, 5, "Setuju"), (4, 3, "Revisi")]


def save(path: Path, body: str) -> None:
    """A Word package with this body: python-docx's blank document, its body replaced."""
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NS}><w:body>{body}'
           '<w:sectPr><w:pgSz w:w="18709" w:h="12240" w:orient="landscape"/></w:sectPr></w:body></w:document>')
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = xml.encode() if item.filename == "word/document.xml" else source.read(item.filename)
            entry = zipfile.ZipInfo(item.filename, (1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, data)


def main() -> None:
    body = identity_table() + para()
    save(CORPUS / "word-2010.docx", body + flowchart(STEPS, CUTI_EDGES, [0], vml=False))
    save(CORPUS / "vml-lama.docx", body + flowchart(STEPS, CUTI_EDGES, [0], vml=True))
    save(CORPUS / "dua-halaman.docx", body.replace("800/07/425.203/2025", "800/09/425.203/2025").replace(
        "Penerbitan Surat Izin Cuti Tahunan", "Pengusulan Kenaikan Pangkat")
        + flowchart(TWO_PAGES, TWO_PAGE_EDGES, [0, 3], vml=False))
    save(CORPUS / "terapung.docx", body.replace("800/07/425.203/2025", "800/11/425.203/2025")
         + flowchart(STEPS, CUTI_EDGES, [0], vml=False, floating=True))
    for path in sorted(CORPUS.glob("*.docx")):
        print(f"ditulis: {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
