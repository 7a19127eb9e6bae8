"""The contract -> JSON Schema (draft 7) files for the YAML language server.

VS Code (with the YAML extension) and other editors read these through the first line
of each source, `# yaml-language-server: $schema=...`, and then offer completion, the
Indonesian description of every key on hover, and inline errors while typing.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..write import write_atomic
from . import contract

KINDS = {
    "pemda": (contract.PEMDA, "sources/pemda.yaml"),
    "dasar-hukum": (contract.DASAR_HUKUM, "sources/dasar-hukum.yaml"),
    "unit": (contract.UNIT, "sources/<unit>/unit.yaml"),
    "sop": (contract.SOP, "sources/<unit>/<id-sop>.yaml"),
    "layanan": (contract.LAYANAN, "sources/<unit>/layanan/<id-layanan>.yaml"),
}


def json_schema(kind: str) -> dict:
    record, where = KINDS[kind]
    body = record.json_schema()
    body.setdefault("description", f"Katalog dasar hukum: {where}; kunci -> judul peraturan")
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": f"sopgen: {where}",
        **body,
    }


def schema_text(kind: str) -> str:
    return json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write one <kind>.schema.json per file kind; returns the paths written."""
    written = []
    for kind in KINDS:
        path = folder / f"{kind}.schema.json"
        write_atomic(path, schema_text(kind).encode("utf-8"))
        written.append(path)
    return written
