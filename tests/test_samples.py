"""The sample sources are the demo and the fixture of later stages: valid, and covering
every shape of SOP the real examples show."""

from __future__ import annotations

import pytest

from sopgen.check.model import Sources

from .conftest import SAMPLES, checked_samples


@pytest.fixture(scope="module")
def samples() -> Sources:
    checked = checked_samples()
    assert [str(d) for d in checked.diagnostics.sorted()] == []
    assert checked.sources is not None
    return checked.sources


def all_sops(sources: Sources):
    return [sop for unit in sources.units for sop in unit.sops]


def test_probolinggo_with_three_units_and_twelve_sops(samples):
    assert samples.pemda.nama == "Pemerintah Kota Probolinggo"
    assert samples.pemda.logo is not None and samples.pemda.logo.is_file()
    assert len(samples.units) >= 3
    assert len(all_sops(samples)) >= 12
    assert all(unit.sops for unit in samples.units)


def test_shapes_of_flow_are_all_present(samples):
    sops = all_sops(samples)
    steps = [step for sop in sops for step in sop.kegiatan]
    assert any(s.keputusan and s.keputusan.tidak < s.index for s in steps), "a loop back"
    assert any(s.keputusan and max(s.keputusan.ya, s.keputusan.tidak) > s.index + 1
               for s in steps), "a decision jumping forward"
    assert any(s.keputusan is None and s.lanjut not in ((), (s.index + 1,)) for s in steps), \
        "a step with lanjut"
    assert any(len(s.pelaksana) > 1 for s in steps), "parallel work"
    assert any(s.keputusan and s.keputusan.label_ya != "Ya" for s in steps), "custom labels"
    assert max(len(sop.kegiatan) for sop in sops) >= 15
    assert any(len(sop.pelaksana) == 6 for sop in sops)
    assert max(len(sop.dasar_hukum) for sop in sops) >= 10


def test_shared_catalogue_and_cross_unit_references(samples):
    cited = {text for sop in all_sops(samples) for text in sop.dasar_hukum}
    assert set(samples.dasar_hukum.values()) & cited, "catalogue keys are expanded"
    cross = [(sop.key, r.ref) for sop in all_sops(samples) for r in sop.keterkaitan
             if r.ref is not None and r.ref.unit != sop.key.unit]
    assert len(cross) >= 2
    for _, ref in cross:
        target = samples.sop(ref)
        assert target is not None


def test_every_sample_file_carries_the_schema_line():
    for path in SAMPLES.rglob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        kind = {"pemda.yaml": "pemda", "dasar-hukum.yaml": "dasar-hukum",
                "unit.yaml": "unit"}.get(path.name, "layanan" if path.parent.name == "layanan" else "sop")
        depth = "../" * (len(path.relative_to(SAMPLES).parts))
        assert first == f"# yaml-language-server: $schema={depth}schema/{kind}.schema.json", path
        assert (path.parent / f"{depth}schema/{kind}.schema.json").resolve().is_file()
