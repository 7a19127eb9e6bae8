"""No input makes the loader or the validator fail with an exception: arbitrary bytes,
arbitrary YAML documents, and arbitrary values put in the places a SOP has."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sopgen import build
from sopgen.check.load import parse
from sopgen.errors import Diagnostics

from .conftest import BASE, PNG

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(allow_nan=True),
    st.text(max_size=30), st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)),
    st.sampled_from(["-", "selesai", "5 menit", "1 - 2 hari", "secepatnya", "periksa", "1", "0",
                     "Pelaksana", "uu-23-2014", "unit-b/sop-b", "197203151998032004"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["nama", "uraian", "pelaksana", "waktu", "output", "keputusan", "tidak",
                         "ya", "lanjut", "id", "sop", "jabatan", "nip", "x"]), inner, max_size=5),
    max_leaves=20,
)


@SETTINGS
@given(st.binary(max_size=400))
def test_loader_survives_any_bytes(data):
    out = Diagnostics()
    parse(data, Path("x.yaml"), out)
    for d in out.items:
        assert str(d).startswith("x.yaml:")


@SETTINGS
@given(st.text(alphabet=st.sampled_from(list("ab:- \n\t'\"[]{}#&*!|>%@`,?0129")), max_size=80))
def test_loader_survives_yaml_punctuation(text):
    """Whatever YAML makes of it: a tree, or errors each located inside the text."""
    out = Diagnostics()
    node = parse(text.encode("utf-8"), Path("x.yaml"), out)
    assert node is not None or out.has_errors()
    lines = text.count("\n") + 1
    for d in out.items:
        assert d.location.path == Path("x.yaml") and (d.location.line or 1) <= lines + 1, str(d)
        assert "Traceback" not in d.message and "yaml." not in d.message, "PyYAML's words, not ours"


def _tree(root: Path, name: str, text: str) -> None:
    for base_name, base_text in BASE.items():
        path = root / base_name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text if base_name == name else base_text)
    (root / "logo").mkdir(exist_ok=True)
    (root / "logo" / "logo.png").write_bytes(PNG)


@SETTINGS
@given(st.sampled_from(list(BASE)), st.dictionaries(st.text(max_size=12), values, max_size=6))
def test_validator_survives_any_document(tmp_path_factory, name, document):
    root = tmp_path_factory.mktemp("fuzz") / "sources"
    _tree(root, name, yaml.safe_dump(document, allow_unicode=True))
    checked = build.check(root)
    assert checked.sources is not None or checked.diagnostics.has_errors()


@SETTINGS
@given(st.sampled_from(list(BASE)), st.data())
def test_validator_survives_any_value_in_a_real_place(tmp_path_factory, name, data):
    """Replace one value of a valid file by anything: a wrong type where a SOP expects one."""
    document = yaml.safe_load(BASE[name])
    node = document
    while True:
        key = data.draw(st.sampled_from(sorted(node) if isinstance(node, dict) else
                                        list(range(len(node)))))
        child = node[key]
        if isinstance(child, (dict, list)) and child and data.draw(st.booleans()):
            node = child
            continue
        node[key] = data.draw(values)
        break
    root = tmp_path_factory.mktemp("fuzz") / "sources"
    _tree(root, name, yaml.safe_dump(document, allow_unicode=True))
    checked = build.check(root)
    assert checked.sources is not None or checked.diagnostics.has_errors()


TOKENS = ["!!int ''", "!!bool maybe", "!!timestamp besok", "!foo x", "²", "٣", "9" * 5000, '"a\\nb"',
          '"a\\u2028b"', "&x", "*x", "*y", "{", "[", "]", "}", "|", ">", "%YAML 1.2", "---", "...", "\t",
          "'", '"', "#", ": ", "- ", "9999-12-31", "0001-01-01", "2026-02-30", "a" * 300, "selesai",
          "-1", "1e309", ".nan", "~", "null", "Memenuhi-persyaratan-administrasi-kependudukan", "?", "@",
          "`", ",", "\u0000", "\ufeff", "\r", "0x1F", "0o17", "1_000", "+1", "１２"]
EXAMPLES = int(__import__("os").environ.get("SOPGEN_FUZZ_EXAMPLES", "300"))  # nightly: thousands


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.sampled_from([n for n in BASE if n.endswith(".yaml")]), st.data())
def test_a_mutated_source_is_checked_in_located_lines_and_what_passes_builds(tmp_path_factory, name, data):
    """Any edit an author (or a hostile user) can make to a real source: `check` answers
    without a traceback, every diagnostic is one line with its path:line:col and in
    Indonesian, and whatever `check` accepts, the build builds."""
    import re

    from sopgen.errors import Severity

    lines = BASE[name].split("\n")
    for _ in range(data.draw(st.integers(1, 3))):
        row = data.draw(st.integers(0, len(lines) - 1))
        token = data.draw(st.sampled_from(TOKENS))
        line = lines[row]
        if ": " in line and data.draw(st.booleans()):  # a new value
            lines[row] = line.split(": ", 1)[0] + ": " + token
        else:  # a token typed anywhere in the line
            at = data.draw(st.integers(0, len(line)))
            lines[row] = line[:at] + token + line[at:]
    root = tmp_path_factory.mktemp("fuzz") / "sources"
    _tree(root, name, "\n".join(lines))
    checked = build.check(root)
    located = re.compile(r"^\S.*:\d+:\d+: (error|warning): \S")
    for diagnostic in checked.diagnostics.items:
        text = str(diagnostic)
        assert "\n" not in text and located.match(text), text
        assert not re.search(r"\b(expected|found|while scanning|could not|did not)\b", text), text
    if not checked.diagnostics.has_errors():
        output = root.parent / "output"
        report = build.build_books(root, output, jobs=1)
        assert not [d for d in report.diagnostics.items if d.severity is Severity.ERROR], [
            str(d) for d in report.diagnostics.items]
        assert not report.failed
