"""One SOP's document.xml against the reviewed reference in tests/expected/: any change
of output, however small (a shape moved by a twip, an attribute reordered), shows here as
a readable diff. When the change is meant, `make golden` writes the new reference and
`git diff tests/expected` is part of the review."""

from __future__ import annotations

import difflib

from .golden import document_xml, golden_path, render_golden_sop


def test_the_document_xml_of_one_sop_is_the_reviewed_one():
    expected = golden_path().read_text(encoding="utf-8")
    actual = document_xml(render_golden_sop())
    if actual != expected:
        diff = "".join(list(difflib.unified_diff(
            expected.splitlines(keepends=True), actual.splitlines(keepends=True),
            "expected", "now", n=2))[:80])
        raise AssertionError(f"document.xml changed (make golden, if meant):\n{diff}")
