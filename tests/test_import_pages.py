"""The page model's rules on small made-up pages: what a printed page's marks mean, each
case one that real documents (and LibreOffice's PDF of our own books) put in front of
the reader."""

from __future__ import annotations

from sopgen.imports import flow
from sopgen.imports.page import Head, Region, Segment, Word, without_stamp, without_underlines
from sopgen.imports.reading import _wrapped


def words(text: str, x: float, y: float, size: float = 8.0) -> list[Word]:
    found, left = [], x
    for part in text.split():
        width = 4.5 * len(part)
        found.append(Word(left, y, left + width, y + size, part))
        left += width + 2.5
    return found


def test_an_underlined_name_is_no_table_rule():
    name = words("Drs. BAMBANG SUTRISNO HADI, M.M.", 684, 169)
    underline = Segment(name[0].x0, 175.9, name[-1].x1, 175.9)
    rule = Segment(527, 198, 893, 198)  # the cell's bottom rule, wider than any text in it
    arrow = Segment(300, 176, 420, 176)  # a line under a short label is longer than the label
    label = words("Ya", 340, 169)
    assert without_underlines([underline, rule, arrow], name + label) == [rule, arrow]


def test_the_e_sign_stamp_goes_but_a_step_about_signing_stays():
    stamp = words("* Dokumen ini telah ditandatangani secara elektronik menggunakan sertifikat elektronik"
                  " yang diterbitkan oleh Balai Sertifikasi Elektronik (BSrE), BSSN", 48, 568)
    qr = words("* Pindai kode QR di samping untuk menampilkan file asli", 48, 578)
    step = words("Sertifikat elektronik", 548, 229)
    signing = words("Menandatangani dokumen secara elektronik", 72, 229)
    assert without_stamp([stamp, qr, step, signing]) == step + signing


def symbol(kind: str, x0: float, y0: float, x1: float, y1: float, step: int) -> flow.Symbol:
    return flow.Symbol(Region(kind, x0, y0, x1, y1), 0, step, 0)


def test_two_arrows_drawn_whole_into_one_symbol_both_arrive():
    """sopgen (and many offices) draw each arrow whole: the last piece of one overlaps the
    other's, and both end under one head."""
    first = symbol("keputusan", 305, 201, 343, 230, 2)
    connector = symbol("konektor", 253, 387, 270, 404, None)
    target = symbol("keputusan", 305, 275, 343, 303, 3)
    ink = flow.Ink(0, [first, connector, target])
    ink.segments = [Segment(324, 230, 324, 271),  # first -> target
                    Segment(261, 387, 261, 252), Segment(261, 252, 324, 252), Segment(324, 252, 324, 271)]
    ink.heads = [Head(((320, 267), (328, 267), (324, 275)), (324, 275))] * 2
    edges = {(e.source.step, e.target.step) for e in flow._edges(ink)}
    assert edges == {(2, 3), (None, 3)}


def test_a_branch_label_wrapped_over_two_lines_is_one_label():
    tidak, sesuai = words("Tidak", 480, 186), words("sesuai", 479, 195)
    ya = words("Ya", 437, 214)
    assert [" ".join(w.text for w in g) for g in _wrapped([tidak, sesuai, ya], [])] == ["Tidak sesuai", "Ya"]
    line_between = Segment(470, 194.5, 520, 194.5)
    assert len(_wrapped([words("Tidak", 480, 186), words("sesuai", 479, 195)], [line_between])) == 2


def numbered_list(items: list[list[str]], centred: bool, gap: float = 4.0) -> list[Word]:
    """A list's words with its numbers in a column of their own, level with each item's
    first line or centred on its lines (as a table cell centres them)."""
    found, y = [], 100.0
    for n, item in enumerate(items, start=1):
        top = y
        for text in item:
            found += words(text, 60, y)
            y += 10.0
        found += words(f"{n}.", 40, (top + y - 10.0) / 2 if centred else top)
        y += gap
    return found


ITEMS = [["Undang-Undang Nomor 16 Tahun 1997"], ["Peraturan Pemerintah Nomor 28 Tahun 2012 tentang",
                                              "Pelaksanaan Undang-Undang Nomor 43 Tahun 2009"],
         ["Peraturan Menteri Nomor 35 Tahun 2012 tentang Pedoman", "Penyusunan Standar Operasional",
          "Prosedur Administrasi Pemerintahan"], ["Peraturan Daerah Nomor 7 Tahun 2022"]]


def test_numbers_in_a_column_of_their_own_split_the_items_level_or_centred():
    from sopgen.imports.page import text_lines
    from sopgen.imports.reading import _items

    expected = [" ".join(item) for item in ITEMS]
    for centred in (False, True):
        assert _items(text_lines(numbered_list(ITEMS, centred))) == expected, centred
    # no space between items: the 3-line item, level or centred alike, stays whole
    assert _items(text_lines(numbered_list(ITEMS, False, gap=0.0))) == expected


def test_a_stray_bar_in_a_cell_is_no_rule():
    from sopgen.imports.reading import _Rules

    table = [Segment(95, 207, 746, 207), Segment(95, 219, 746, 219), Segment(95, 560, 746, 560),
             Segment(95, 207, 95, 560), Segment(746, 207, 746, 560)]
    bar = Segment(104.5, 219.3, 104.5, 228.4)  # left in the PDF by the writer's cursor
    pieces = [Segment(400, 219, 400, 231), Segment(400, 231, 400, 243), Segment(400, 243, 400, 560)]
    rules = _Rules(table + [bar] + pieces)
    assert rules.cell(150, 224) == (95, 400, 219, 560)


def test_a_table_drawn_cell_by_cell_is_ruled_and_its_boxes_stay_symbols():
    """Visio-like exports draw every cell as a rectangle of its own."""
    from sopgen.imports.page import Page, cells_as_rules

    page = Page(0, 842, 595)
    cells = [Region("proses", x0, y0, x0 + 60, y0 + 40) for x0 in (100, 160, 220) for y0 in (100, 140)]
    box = Region("proses", 170, 110, 210, 122)  # a step's box, inside its cell with room around it
    shading = [Region("proses", 300, 100, 340, 109), Region("proses", 300, 109, 340, 118)]  # line shading
    page.words = words("Pokja", 305, 100.2) + words("Pemilihan", 302, 109.2)
    page.regions = cells + [box] + shading
    cells_as_rules(page)
    assert page.regions == [box] + shading
    assert len(page.segments) == 4 * len(cells)


def test_boxes_painted_over_by_a_cell_filled_later_are_not_read():
    import pymupdf

    from sopgen.imports.pdf import _hidden

    def rect(x0, y0, x1, y1, fill=None):
        r = pymupdf.Rect(x0, y0, x1, y1)
        return {"rect": r, "items": [("re", r, 1)], "fill": fill, "fill_opacity": 1.0 if fill else None}

    left_behind = rect(447, 305, 488, 317)
    cell = rect(439, 281, 497, 331, fill=(1.0, 1.0, 1.0))
    shown = rect(447, 300, 488, 312)
    refilled = rect(447, 300, 488, 312, fill=(1.0, 1.0, 1.0))  # a box's own fill painted after its outline
    from sopgen.imports.pdf import _subpaths

    drawings = [left_behind, cell, shown, refilled]
    assert _hidden(drawings, [_subpaths(d) for d in drawings]) == {0}


def test_a_line_broken_for_its_label_and_lines_leaving_one_corner():
    diamond = symbol("keputusan", 338, 372, 366, 397, 7)
    back = symbol("proses", 505, 343, 545, 355, 6)
    below, left = symbol("proses", 332, 414, 372, 426, 8), symbol("proses", 222, 414, 262, 426, 9)
    ink = flow.Ink(0, [diamond, back, below, left])
    tidak = Region("label", 450, 380, 472, 389, "Tidak")
    ink.labels = [tidak, Region("label", 356, 399, 366, 407, "Ya")]
    ink.segments = [Segment(366, 384.5, 450, 384.5), Segment(472, 384.5, 525, 384.5),  # "--Tidak--"
                    Segment(525, 384.5, 525, 356),
                    Segment(352, 397, 352, 413), Segment(352, 397, 242, 397), Segment(242, 397, 242, 413)]
    ink.heads = [Head(((521, 361), (529, 361), (525, 355)), (525, 355)),
                 Head(((348, 409), (356, 409), (352, 414)), (352, 414)),
                 Head(((238, 409), (246, 409), (242, 414)), (242, 414))]
    steps = {n: flow.FoundStep(n, f"langkah {n}", [], "proses", [], "", "", "") for n in (6, 7, 8, 9)}
    flow.apply(steps, [ink], ["A"])
    assert steps[7].targets == [6, 8, 9]
    assert steps[7].branches == [(6, "Tidak"), (8, "Ya"), (9, "Ya")]  # one label for the line that forks


def test_an_open_head_drawn_as_two_strokes_is_a_head():
    from sopgen.imports.page import Page, open_heads

    page = Page(0, 842, 595)
    shaft = Segment(300.2, 167.6, 336.3, 167.4)
    wings = [Segment(330.3, 170.9, 336.3, 167.4), Segment(336.3, 167.4, 330.3, 163.9)]
    corner = [Segment(336.3, 167.4, 336.3, 200)]  # a bend: one line on at a right angle, no head
    page.segments = [shaft] + wings
    open_heads(page)
    assert page.segments == [shaft] and page.heads[0].tip == (336.3, 167.4)
    page = Page(0, 842, 595)
    page.segments = [shaft] + corner
    open_heads(page)
    assert page.segments == [shaft] + corner and not page.heads


def test_a_label_goes_to_the_decision_whose_line_it_stands_nearest():
    upper = symbol("keputusan", 337, 264, 387, 288, 3)
    lower = symbol("keputusan", 338, 315, 388, 339, 4)
    box3, box4, box5 = (symbol("proses", 419, 270, 461, 288, 30), symbol("proses", 419, 319, 461, 337, 40),
                        symbol("proses", 248, 354, 297, 378, 5))
    ink = flow.Ink(0, [upper, lower, box3, box4, box5])
    ink.segments = [Segment(362, 288, 362, 303.6), Segment(362, 303.6, 450, 303.6), Segment(450, 303.6, 450, 319),
                    Segment(363.2, 315.7, 363.2, 306.6), Segment(363.2, 306.6, 427.8, 306.6),
                    Segment(427.8, 306.6, 427.8, 319),
                    Segment(363.6, 338.9, 363.6, 367.1), Segment(363.6, 367.1, 297, 367.1)]
    ink.heads = [Head(((446, 314), (454, 314), (450, 319)), (450, 319)),
                 Head(((424, 314), (432, 314), (427.8, 319)), (427.8, 319)),
                 Head(((302, 363), (302, 371), (297, 367.1)), (297, 367.1))]
    ink.labels = [Region("label", 365, 295, 377, 303, "Ya"), Region("label", 368, 307, 384, 315, "Tidak"),
                  Region("label", 340, 356, 350, 364, "Ya")]
    steps = {n: flow.FoundStep(n, f"langkah {n}", [], "proses", [], "", "", "") for n in (3, 4, 5, 30, 40)}
    flow.apply(steps, [ink], ["A"])
    assert steps[3].branches == [(40, "Ya")]
    assert steps[4].branches == [(5, "Ya"), (40, "Tidak")]


def test_lines_that_stop_short_of_their_symbols_and_a_stub_at_their_start():
    """064 draws its arrows as filled bands that stop 5-7 pt short of the boxes, and one
    begins with a stub shorter than the joint tolerance."""
    box11, box13 = symbol("proses", 401, 92, 429, 106, 11), symbol("proses", 461, 180, 490, 194, 13)
    diamond = symbol("keputusan", 334, 133, 367, 155, 12)
    ink = flow.Ink(0, [box11, diamond, box13])
    ink.segments = [Segment(413.5, 111.4, 413.5, 142.6), Segment(413.5, 142.6, 372.9, 142.6),  # 11 -> 12
                    Segment(350.7, 131.45, 352.24, 131.45), Segment(352.24, 131.45, 352.24, 101.6),
                    Segment(352.24, 101.6, 389.2, 101.6)]  # 12 -> 11 ("Tidak")
    ink.heads = [Head(((373.9, 139.6), (367.9, 142.6), (373.9, 145.6))),
                 Head(((388.2, 104.6), (394.2, 101.6), (388.2, 98.6)))]
    edges = {(e.source.step, e.target.step) for e in flow._edges(ink)}
    assert edges == {(11, 12), (12, 11)}


def test_a_slanted_piece_of_shaft_is_no_head_and_a_coloured_bent_band_is_a_line():
    from sopgen.imports.page import Page, is_head
    from sopgen.imports.pdf import _filled_in_colour

    shaft = [(220.68, 165.72), (220.2, 173.64), (221.4, 173.76), (221.88, 165.84)]
    assert not is_head(shaft) and is_head([(219.0, 172.9), (220.7, 176.8), (222.7, 173.2)])
    page = Page(0, 842, 595)
    band = [(363.8, 352.2), (364.8, 352.2), (364.8, 399.7), (448.8, 399.5), (448.8, 400.0), (364.2, 400.0),
            (364.2, 352.5)]
    head = [(447.8, 396.7), (453.8, 399.7), (447.8, 402.7)]
    _filled_in_colour(page, [(band, False, True), (head, False, True)])
    assert len(page.segments) == 2 and len(page.heads) == 1


def test_an_actor_named_ketua_is_no_keterangan_column():
    from sopgen.imports.printed import column_name

    assert column_name("Ket.") == column_name("Keterangan") == "keterangan"
    assert column_name("Ketua Tim Statistik Distribusi dan Jasa") is None
    assert column_name("Persyaratan/ Perlengkapan") == "kelengkapan"


def test_a_bridge_is_read_as_the_straight_line_it_jumps_along():
    """A line that jumps another (sopgen's 3.4 pt arc, drawn as curves) is one straight
    line: the crossing line passes through the arc's top, and the arc's pieces, 1.7 pt
    from it, read as the two lines joining (a fork in the flow that is not there)."""
    import pymupdf

    from sopgen.imports.pdf import _subpaths

    P = pymupdf.Point
    hop = [("l", P(100, 50), P(185.3, 50)),
           ("c", P(185.3, 50), P(185.3, 49.1), P(186.1, 48.3), P(187, 48.3)),
           ("c", P(187, 48.3), P(187.9, 48.3), P(188.7, 49.1), P(188.7, 50)),
           ("l", P(188.7, 50), P(250, 50)), ("l", P(250, 50), P(250, 80))]
    (points, curved, closed), = _subpaths({"items": hop})
    assert points == [(100, 50), (250, 50), (250, 80)] and not curved and not closed
    wide = [hop[0], ("c", P(185.3, 50), P(185.3, 30), P(205, 30), P(205, 50)), ("l", P(205, 50), P(250, 50))]
    (points, curved, _), = _subpaths({"items": wide})
    assert curved and len(points) > 3, "a curve wider than a bridge stays a curve"
