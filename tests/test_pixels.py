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
