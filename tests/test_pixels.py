"""The pixel reader (sopgen/imports/pixels.py) on pictures drawn here: a table's rules,
symbols, arrowheads solid and open, and a stretched picture, read into the same Page the
vector reader makes. Needs the `ocr` extra and Tesseract with its Indonesian data (CI
installs them; elsewhere the tests skip)."""

from __future__ import annotations

import pytest

cv2 = pytest.importorskip("cv2")
np = pytest.importorskip("numpy")

from sopgen.imports import pixels  # noqa: E402

from .conftest import require  # noqa: E402

DPI = 300
PX = DPI / 72  # pixels per pt


@pytest.fixture(autouse=True)
def tesseract():
    require(pixels.available() is None, "Tesseract with its Indonesian data (and the ocr extra) is not installed")


def p(value: float) -> int:
    return int(round(value * PX))


def table(width: float, height: float, rows: tuple, columns: tuple):
    """A white page (pt) with a table's rules: across at `rows`, down at `columns`."""
    image = np.full((p(height), p(width)), 255, np.uint8)
    for y in rows:
        cv2.line(image, (p(columns[0]), p(y)), (p(columns[-1]), p(y)), 0, 3)
    for x in columns:
        cv2.line(image, (p(x), p(rows[0])), (p(x), p(rows[-1])), 0, 3)
    return image


def drawn(open_head: bool = False, angle: float = 0.0):
    """A 400 x 200 pt page: a table of two rows and a column of symbols, a box in row 1,
    a diamond in row 2, an arrow from the box down into the diamond, and a word."""
    image = table(400, 200, (20, 100, 180), (20, 120, 380))
    cv2.putText(image, "Mulai", (p(30), p(60)), cv2.FONT_HERSHEY_SIMPLEX, 2.0, 0, 4)
    cv2.rectangle(image, (p(220), p(45)), (p(280), p(75)), 0, 3)  # proses
    diamond = np.array([(p(250), p(115)), (p(280), p(140)), (p(250), p(165)), (p(220), p(140))])
    cv2.polylines(image, [diamond], True, 0, 3)  # keputusan
    cv2.line(image, (p(250), p(75)), (p(250), p(114)), 0, 3)  # the arrow's shaft
    tip, back = (p(250), p(115)), p(108)
    if open_head:
        cv2.line(image, (p(246), back), tip, 0, 3)
        cv2.line(image, (p(254), back), tip, 0, 3)
    else:
        cv2.fillPoly(image, [np.array([(p(246), back), (p(254), back), tip])], 0)
    if angle:
        turn = cv2.getRotationMatrix2D((image.shape[1] / 2, image.shape[0] / 2), angle, 1.0)
        image = cv2.warpAffine(image, turn, (image.shape[1], image.shape[0]), borderValue=255)
    return image


@pytest.mark.parametrize("open_head", [False, True], ids=["solid head", "open head"])
def test_symbols_lines_and_the_arrowhead_are_read_from_pixels(open_head):
    reading = pixels.read_image(drawn(open_head), 0, 1 / PX)
    page = reading.page
    kinds = sorted(r.kind for r in page.regions)
    assert kinds == ["keputusan", "proses"], kinds
    diamond = next(r for r in page.regions if r.kind == "keputusan")
    assert any(abs(h.center[0] - 250) < 3 and abs(h.center[1] - 111) < 4 for h in page.heads), page.heads
    assert all(diamond.gap(h.center) > 0 for h in page.heads), "a head lies outside its symbol"
    rules = [s for s in page.segments if s.horizontal and s.length > 300]
    assert len(rules) == 3, "the table's three horizontal rules"
    assert any(s.vertical and abs(s.x0 - 250) < 2 and s.y0 < 80 and s.y1 > 100 for s in page.segments), "the shaft"
    assert any(w.text == "Mulai" for w in page.words), [w.text for w in page.words]


def test_a_skewed_scan_is_turned_straight():
    reading = pixels.read_image(drawn(angle=1.5), 0, 1 / PX)
    assert abs(reading.angle - 1.5) < 0.3 or abs(reading.angle + 1.5) < 0.3, reading.angle
    assert sorted(r.kind for r in reading.page.regions) == ["keputusan", "proses"]
    assert len([s for s in reading.page.segments if s.horizontal and s.length > 300]) == 3


def test_a_picture_pasted_stretched_is_read_in_page_geometry():
    """Half as many pixel rows as the page needs: each row stands for twice the height."""
    image = drawn()
    squeezed = cv2.resize(image, (image.shape[1], image.shape[0] // 2), interpolation=cv2.INTER_AREA)
    reading = pixels.read_image(squeezed, 0, 1 / PX, origin=(100.0, 50.0), stretch=2 / PX)
    box = next(r for r in reading.page.regions if r.kind == "proses")
    assert abs(box.x0 - 320) < 3 and abs(box.y0 - 95) < 3 and abs(box.y1 - 125) < 3, box


def test_a_lone_step_number_and_a_dash_in_their_cells_are_read():
    image = table(200, 120, (20, 60, 100), (20, 50, 180))
    cv2.putText(image, "2.", (p(28), p(88)), cv2.FONT_HERSHEY_SIMPLEX, 1.6, 0, 4)
    cv2.putText(image, "Memeriksa berkas", (p(56), p(45)), cv2.FONT_HERSHEY_SIMPLEX, 1.4, 0, 3)
    cv2.putText(image, "-", (p(105), p(85)), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 3)  # a Waktu of "-"
    page = pixels.read_image(image, 0, 1 / PX).page
    read = [(w.text, round(w.cx), round(w.cy)) for w in page.words]
    assert any(w.text in ("2.", "2") and 20 < w.cx < 50 and 60 < w.cy < 100 for w in page.words), read
    assert any(w.text == "-" and 50 < w.cx < 180 and 60 < w.cy < 100 for w in page.words), read


def test_a_thick_diamonds_corners_are_no_arrowheads():
    """A scan's thick outline: the two edges meeting at a diamond's corner, behind the line
    that leaves it, look like an open V. Only the real head (into the top) is one."""
    image = table(400, 200, (20, 100, 180), (20, 120, 380))
    diamond = np.array([(p(250), p(115)), (p(280), p(140)), (p(250), p(165)), (p(220), p(140))])
    cv2.polylines(image, [diamond], True, 0, 8)
    cv2.line(image, (p(250), p(60)), (p(250), p(110)), 0, 3)
    cv2.fillPoly(image, [np.array([(p(246), p(104)), (p(254), p(104)), (p(250), p(112))])], 0)
    cv2.line(image, (p(220), p(140)), (p(150), p(140)), 0, 3)  # "tidak", leaving the left corner
    cv2.line(image, (p(150), p(140)), (p(150), p(100)), 0, 3)
    cv2.line(image, (p(250), p(165)), (p(250), p(180)), 0, 3)  # "ya", leaving the bottom corner
    page = pixels.read_image(image, 0, 1 / PX).page
    centers = [(round(h.center[0]), round(h.center[1])) for h in page.heads]
    assert len(page.heads) == 1 and abs(page.heads[0].center[0] - 250) < 3 and page.heads[0].center[1] < 115, centers


def test_a_small_head_cut_in_two_by_its_shaft_is_one_head():
    left = pixels.Head(((96.0, 90.0), (99.5, 90.0), (99.5, 97.0)))
    right = pixels.Head(((100.5, 90.0), (104.0, 90.0), (100.5, 97.0)))
    shaft = pixels.Segment(100.0, 60.0, 100.0, 97.0)
    joined = pixels._halves_joined([left, right], [shaft])
    assert len(joined) == 1 and joined[0].tip == (100.0, 97.0), joined


def test_pen_strokes_and_an_underline_are_no_lines():
    """A signature's long straight stroke inside a cell, and the name's underline that the
    signature cuts in two, meet nothing: they would split the cell."""
    image = table(300, 160, (20, 140), (20, 280))
    cv2.line(image, (p(150), p(40)), (p(152), p(110)), 0, 3)  # a stroke down
    cv2.line(image, (p(100), p(120)), (p(148), p(120)), 0, 2)  # the underline, cut by the stroke
    cv2.line(image, (p(156), p(120)), (p(200), p(120)), 0, 2)
    page = pixels.read_image(image, 0, 1 / PX).page
    inside = [s for s in page.segments if 30 < s.x0 < 270 and 30 < s.y0 < 130]
    assert inside == [], inside
    assert len(page.segments) == 4, page.segments  # the rules stay


def test_ink_no_word_covers_is_read_again():
    """The page's pass misses a lone item number beside a list's text: what is left
    uncovered is read on its own."""
    image = np.full((p(100), p(300)), 255, np.uint8)
    cv2.putText(image, "4", (p(20), p(50)), cv2.FONT_HERSHEY_SIMPLEX, 1.4, 0, 3)
    cv2.putText(image, "Peraturan", (p(60), p(50)), cv2.FONT_HERSHEY_SIMPLEX, 1.4, 0, 3)
    ink = (image < 128).astype(np.uint8) * 255
    words = [pixels.Word(55.0, 35.0, 200.0, 55.0, "Peraturan")]  # the page's pass read this only
    found, _ = pixels._missed(image, ink, words, [], lambda x, y: (x / PX, y / PX), 1 / PX)
    assert [w.text for w in found] == ["4"] and 15 < found[0].cx < 40, [(w.text, w.cx) for w in found]
