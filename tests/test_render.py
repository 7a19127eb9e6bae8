"""One SOP as a .docx: valid against the OOXML schemas, deterministic, editable shapes,
the identity page filled from the template with escaped values."""

from __future__ import annotations

import dataclasses
import io

import docx
import pytest
from docxtpl import DocxTemplate
from lxml import etree

from sopgen import build
from sopgen.document.render import TEMPLATES, identity_context, jinja_environment, render_sop
from sopgen.flowchart.geometry import Shape, landscape
from sopgen.flowchart.layout import layout

from .conftest import SAMPLES, checked_samples
from .ooxml import compatibility_mode, drawing_ids, part, validation_errors

SOURCES = checked_samples().sources
PAIRS = [(unit, sop) for unit in SOURCES.units for sop in unit.sops]
WPS = "{http://schemas.microsoft.com/office/word/2010/wordprocessingShape}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


@pytest.fixture(scope="module")
def rendered() -> dict:
    return {str(sop.key): render_sop(SOURCES, unit, sop) for unit, sop in PAIRS}


@pytest.mark.parametrize("unit,sop", PAIRS, ids=[str(s.key) for _, s in PAIRS])
def test_document_is_schema_valid_with_unique_drawing_ids(rendered, unit, sop):
    data = rendered[str(sop.key)]
    assert validation_errors(data) == []
    ids = drawing_ids(data)
    assert len(ids) == len(set(ids))
    assert compatibility_mode(data) == "15"


def test_same_input_same_bytes(rendered):
    unit, sop = PAIRS[2]
    assert render_sop(SOURCES, unit, sop) == rendered[str(sop.key)]


@pytest.mark.parametrize("unit,sop", PAIRS[:4], ids=[str(s.key) for _, s in PAIRS[:4]])
def test_flowchart_shapes_match_the_layout(rendered, unit, sop):
    diagram = layout(sop, landscape(SOURCES.pemda.kertas))
    root = part(rendered[str(sop.key)])
    presets = [g.get("prst") for g in root.iter(f"{A}prstGeom")]
    for shape in Shape:  # a loop back's connectors point up: drawn as their own outline
        expected = sum(1 for p in diagram.pages for s in p.symbols
                       if s.shape is shape and not s.upward)
        assert presets.count(shape.value) == expected, shape
    paths = [p.get("fill") for p in root.iter(f"{A}path")]
    assert paths.count("none") == sum(len(p.arrows) for p in diagram.pages)
    assert len(paths) - paths.count("none") == sum(s.upward for p in diagram.pages for s in p.symbols)
    assert all(e.getparent().getparent().tag == f"{WPS}wsp" for e in root.iter(f"{A}prstGeom")
               if e.get("prst").startswith("flowChart"))


def test_identity_page_values(rendered):
    unit, sop = PAIRS[0]
    document = docx.Document(io.BytesIO(rendered[str(sop.key)]))
    text = "\n".join(cell.text for table in document.tables[:1] for row in table.rows
                     for cell in row.cells)
    assert sop.nomor in text and sop.nama in text
    assert "NIP. 19720315 199803 2 004" in text
    assert "Januari 2026" in text or "Februari 2026" in text
    assert "KEPALA BAGIAN ORGANISASI" in text
    for related in sop.keterkaitan:
        assert related.text in text
    assert "PEMERINTAH KOTA PROBOLINGGO" in text
    flowcharts = document.tables[1:]
    diagram = layout(sop, landscape("F4"))
    assert len(flowcharts) == len(diagram.pages)
    for table, page in zip(flowcharts, diagram.pages):
        assert len(table.rows) == 2 + len(page.rows)
        assert "Kegiatan" in table.rows[0].cells[1].text
        header_flags = [r._tr.trPr.find(docx.oxml.ns.qn("w:tblHeader")) is not None
                        for r in table.rows]
        assert header_flags[:2] == [True, True] and not any(header_flags[2:])


def test_template_asks_only_for_what_the_code_provides():
    template = DocxTemplate(str(TEMPLATES / "identitas.docx"))
    unit, sop = PAIRS[0]
    provided = set(identity_context(SOURCES, unit, sop, template))
    assert template.get_undeclared_template_variables(jinja_environment()) <= provided


def test_ampersand_and_angle_brackets_never_corrupt_the_file():
    unit, sop = PAIRS[0]
    tricky = "Surat & Berkas <Rahasia> \"asli\""
    steps = (dataclasses.replace(sop.kegiatan[0], uraian=tricky), *sop.kegiatan[1:])
    sop = dataclasses.replace(sop, nama=tricky, kegiatan=steps, peringatan=(tricky,))
    data = render_sop(SOURCES, unit, sop)
    document = docx.Document(io.BytesIO(data))
    assert tricky in document.tables[0].rows[5].cells[2].text
    assert tricky in document.tables[1].rows[2].cells[1].text
    assert validation_errors(data) == []


def test_upright_actor_names_are_schema_valid_and_broken_between_words():
    from .test_layout import many_actors

    unit, sop = PAIRS[0]
    data = render_sop(SOURCES, unit, many_actors())
    assert validation_errors(data) == []
    xml = etree.tostring(part(data, "word/document.xml")).decode()
    assert xml.count('<w:textDirection w:val="btLr"/>') >= 15
    assert "Direktur Bidang 1<" not in xml.replace("</w:t>", "<"), "a name longer than its header breaks"


def test_a4_paper(rendered):
    unit, sop = PAIRS[0]
    a4 = dataclasses.replace(SOURCES, pemda=dataclasses.replace(SOURCES.pemda, kertas="A4"))
    document = docx.Document(io.BytesIO(render_sop(a4, unit, sop)))
    section = document.sections[0]
    assert (section.page_width.mm, section.page_height.mm) == pytest.approx((297, 210), abs=0.1)


def test_build_command_writes_the_preview(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = SAMPLES / "dispendukcapil" / "akta-kelahiran.yaml"
    preview = build.build_sop(path)
    assert preview.written == tmp_path / "output" / "dispendukcapil" / "akta-kelahiran.docx" or \
        preview.written.resolve() == (tmp_path / "output/dispendukcapil/akta-kelahiran.docx")
    assert preview.written.read_bytes()[:2] == b"PK"


def test_core_properties_are_well_formed_and_fixed(rendered):
    """docProps/core.xml keeps to its namespaces (a python-docx patched by another
    package, e.g. docxcompose, writes some properties into the wrong one)."""
    from .ooxml import part

    allowed = {"http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
               "http://purl.org/dc/elements/1.1/", "http://purl.org/dc/terms/"}
    unit, sop = PAIRS[0]
    core = part(rendered[str(sop.key)], "docProps/core.xml")
    assert {child.tag.split("}")[0][1:] for child in core} <= allowed
    values = {child.tag.split("}")[1]: child.text for child in core}
    assert values["lastModifiedBy"] == "sopgen" and values["title"] == f"SOP {sop.nama}"
    assert values["created"].startswith(sop.tanggal_pembuatan.isoformat())
