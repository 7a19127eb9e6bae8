"""The JSON Schema that editors use: up to date with the contract, accepting every sample
and rejecting broken sources, as the YAML language server reads them."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from sopgen.check.schema import KINDS, json_schema, schema_text

from .conftest import BASE, ROOT, SAMPLES


class EditorLoader(yaml.SafeLoader):
    """YAML as the language server reads it (YAML 1.2): dates stay text."""


EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def kind_of(name: str) -> str:
    if "/layanan/" in name.replace("\\", "/"):
        return "layanan"
    return {"pemda.yaml": "pemda", "dasar-hukum.yaml": "dasar-hukum", "unit.yaml": "unit"}.get(
        name.rsplit("/", 1)[-1], "sop")


def validator(kind: str) -> jsonschema.Draft7Validator:
    schema = json_schema(kind)
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


@pytest.mark.parametrize("kind", list(KINDS))
def test_committed_schema_is_current(kind):
    committed = ROOT / "schema" / f"{kind}.schema.json"
    assert committed.read_text(encoding="utf-8") == schema_text(kind), "run `make schema`"


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_key_has_an_indonesian_description(kind):
    def walk(schema):
        for name, prop in schema.get("properties", {}).items():
            assert prop.get("description"), name
            for sub in [prop] + prop.get("anyOf", []):
                walk(sub)
                if isinstance(sub.get("items"), dict):
                    walk(sub["items"])
    walk(json.loads(schema_text(kind)))


@pytest.mark.parametrize("path", sorted(SAMPLES.rglob("*.yaml")), ids=lambda p: p.name)
def test_accepts_every_sample(path):
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=EditorLoader)
    errors = [e.message for e in validator(kind_of(path.as_posix())).iter_errors(data)]
    assert errors == []


@pytest.mark.parametrize("name", list(BASE))
def test_accepts_the_test_tree(name):
    data = yaml.load(BASE[name], Loader=EditorLoader)
    assert list(validator(kind_of(name)).iter_errors(data)) == []


BROKEN = [
    ("unit-a/sop-a.yaml", "nama: Penyusunan SOP", "nma: Penyusunan SOP"),
    ("unit-a/sop-a.yaml", 'nomor: "060/01/425.012/2026"\n', ""),
    ("unit-a/sop-a.yaml", "tanggal_efektif: 2026-02-01", "tanggal_efektif: besok"),
    ("unit-a/sop-a.yaml", "kelengkapan: [Data tugas dan fungsi]", "kelengkapn: [Data]"),
    ("unit-a/sop-a.yaml", "      tidak: 2\n", "      tidak: [2]\n"),
    ("unit-a/sop-a.yaml", "    output: Konsep SOP\n", ""),
    ("unit-a/sop-a.yaml", "nama: Penyusunan SOP", "nama: [Penyusunan]"),
    ("unit-a/unit.yaml", '"197203151998032004"', '"1972-03-15"'),
    ("unit-a/unit.yaml", "tahun: 2026", "tahun: dua ribu"),
    ("unit-a/unit.yaml", "  tanggal: 2026-02-02\n", ""),
    ("pemda.yaml", "kertas: F4", "kertas: Letter"),
    ("pemda.yaml", "nama: Pemerintah Kota Contoh\n", ""),
    ("dasar-hukum.yaml", "uu-23-2014:", "uu 23 2014:"),
]


@pytest.mark.parametrize("name,old,new", BROKEN)
def test_rejects_broken_sources(name, old, new):
    assert old in BASE[name]
    data = yaml.load(BASE[name].replace(old, new, 1), Loader=EditorLoader)
    assert list(validator(kind_of(name)).iter_errors(data)), f"{new!r} was accepted"
