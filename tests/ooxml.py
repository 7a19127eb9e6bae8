"""Validating generated WordprocessingML against the ISO 29500 schemas in ../shared."""

from __future__ import annotations

import zipfile
from functools import lru_cache
from io import BytesIO

from lxml import etree

from .conftest import require, xsd_folder

MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"


@lru_cache(maxsize=1)
def schema() -> etree.XMLSchema:
    driver = xsd_folder() / "local" / "driver.xsd"
    require(driver.is_file(), f"OOXML schemas not found at {driver}")
    return etree.XMLSchema(etree.parse(str(driver)))


def part(docx: bytes, name: str = "word/document.xml") -> etree._Element:
    with zipfile.ZipFile(BytesIO(docx)) as z:
        return etree.fromstring(z.read(name))


def without_ignorables(root: etree._Element) -> etree._Element:
    """Markup Compatibility preprocessing: drop what mc:Ignorable lets a reader ignore."""
    root = etree.fromstring(etree.tostring(root))
    ignorable = root.get(f"{{{MC}}}Ignorable", "").split()
    namespaces = {root.nsmap.get(prefix) for prefix in ignorable}
    root.attrib.pop(f"{{{MC}}}Ignorable", None)
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        if etree.QName(element).namespace in namespaces:
            element.getparent().remove(element)
            continue
        for attribute in list(element.attrib):
            if etree.QName(attribute).namespace in namespaces:
                del element.attrib[attribute]
    return root


def validation_errors(docx: bytes) -> list[str]:
    checker = schema()
    root = without_ignorables(part(docx))
    if checker.validate(root):
        return []
    return [f"{e.line}: {e.message}" for e in checker.error_log][:10]


def drawing_ids(docx: bytes) -> list[str]:
    return [e.get("id") for e in part(docx).iter(f"{{{WP}}}docPr")]


def compatibility_mode(docx: bytes) -> str | None:
    for setting in part(docx, "word/settings.xml").iter(f"{{{W}}}compatSetting"):
        if setting.get(f"{{{W}}}name") == "compatibilityMode":
            return setting.get(f"{{{W}}}val")
    return None
