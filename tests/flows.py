"""Hypothesis strategies for SOPs as the layout sees them: random but realistic flows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import strategies as st

from sopgen.check.model import Decision, Official, Sop, SopKey, Step
from sopgen.check.waktu import parse_waktu

WORDS = ("memeriksa berkas permohonan surat keterangan data kependudukan dan menyampaikan "
         "kepada kepala seksi untuk ditandatangani sesuai ketentuan yang berlaku").split()


@st.composite
def texts(draw, max_words: int = 25) -> str:
    n = draw(st.integers(1, max_words))
    return " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=n, max_size=n))).capitalize()


@st.composite
def sops(draw, max_steps: int = 22, max_actors: int = 8, routine: bool = False) -> Sop:
    """A random flow; `routine` keeps to what SOP books are made of: corrections that go
    back one to three steps, jumps of one step, at least two actors, and at most four
    decisions, never more than three in a row (the real SOPs in the spec have at most two;
    six checks that each send the file back, in one narrow column of eight actors, leave
    no free spot for their labels and are refused with a message, as
    `test_any_flow_lays_out_soundly_or_says_why` allows)."""
    low = 2 if routine else 1
    actors = tuple(f"Pelaksana {chr(65 + i)}" for i in range(draw(st.integers(low, max_actors))))
    n = draw(st.integers(2, max_steps))
    steps = []
    for index in range(n):
        terminal = index in (0, n - 1)
        in_a_row = len(steps) >= 3 and all(s.keputusan for s in steps[-3:])
        enough = sum(1 for s in steps if s.keputusan) >= 4
        is_decision = (not terminal and draw(st.integers(0, 9)) < 3
                       and not (routine and (in_a_row or enough)))
        if is_decision or len(actors) == 1 or draw(st.integers(0, 9)) < 8:
            who = (draw(st.sampled_from(actors)),)
        else:
            who = tuple(sorted(draw(st.sets(st.sampled_from(actors), min_size=2, max_size=3)),
                               key=actors.index))
        decision = None
        lanjut = () if index == n - 1 else (index + 1,)
        if is_decision:  # mostly a correction loop, sometimes a jump ahead, rarely anywhere
            back = [j for j in range(max(0, index - 4), index)]
            ahead = [j for j in range(index + 2, min(n, index + 5))] + [n - 1]
            anywhere = [j for j in range(n) if j not in (index, index + 1)] or [0]
            pool = draw(st.sampled_from([back] * 14 + [ahead] * 5 + [anywhere]))
            if routine:
                pool = [j for j in range(max(0, index - 3), index)] + [min(n - 1, index + 2)]
            decision = Decision(index + 1, draw(st.sampled_from(pool or anywhere)), "Ya", "Tidak")
        elif not terminal and not routine and draw(st.integers(0, 9)) == 0 and index + 2 < n:
            lanjut = (draw(st.integers(index + 2, n - 1)),)
        steps.append(Step(
            index=index, id=None, uraian=draw(texts()), pelaksana=who,
            kelengkapan=tuple(draw(st.lists(texts(8), max_size=3))), waktu="1 hari",
            durasi=parse_waktu("1 hari"), output=draw(texts(10)),
            keterangan=draw(st.none() | texts(20)), keputusan=decision, lanjut=lanjut,
        ))
    return Sop(
        key=SopKey("unit", "acak"), path=Path("acak.yaml"), nomor="1", nama="Acak",
        tanggal_pembuatan=dt.date(2026, 1, 1), tanggal_revisi=None,
        tanggal_efektif=dt.date(2026, 1, 1), disahkan_oleh=Official("Kepala", "Nama"),
        dasar_hukum=(), kualifikasi_pelaksana=(), keterkaitan=(), peralatan_perlengkapan=(),
        peringatan=(), pencatatan_pendataan=(), pelaksana=actors, kegiatan=tuple(steps),
    )
