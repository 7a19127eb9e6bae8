"""The time a SOP can take, start to end (issue 28): the longest path, a loop back taken
once, parallel steps as their longest branch, ranges at their upper bound, and days of
the government's own working hours. Each expected figure is worked out by hand."""

from __future__ import annotations

from fractions import Fraction

import pytest

from sopgen.check.model import Decision, Step, path_time
from sopgen.check.waktu import Calendar, parse_waktu


def step(index: int, waktu: str, lanjut=None, keputusan: Decision | None = None) -> Step:
    following = (index + 1,) if lanjut is None else tuple(lanjut)
    return Step(index, None, f"Langkah {index + 1}", ("Petugas",), (), waktu, parse_waktu(waktu), "Hasil", None,
                keputusan, () if keputusan else following)


def minutes(steps) -> Fraction:
    return path_time(tuple(steps)).minutes


def test_a_sequence_adds_up_in_working_time():
    # 5 menit + 1 jam + 2 hari (2 x 8 jam) = 5 + 60 + 960
    assert minutes([step(0, "5 menit"), step(1, "1 jam"), step(2, "2 hari", lanjut=())]) == 1025


def test_a_range_counts_at_its_upper_bound():
    # 10 menit + (1 - 2 jam: 120) + 5 menit
    assert minutes([step(0, "10 menit"), step(1, "1 - 2 jam"), step(2, "5 menit", lanjut=())]) == 135


def test_a_loop_back_is_taken_once():
    # 1: 10, 2: 30, 3 decides (5): tidak back to 2, ya on to 4 (20). Worst case: 10, 30, 5
    # (tidak), 30 and 5 again, then 20 = 100
    steps = [step(0, "10 menit"), step(1, "30 menit"), step(2, "5 menit", keputusan=Decision(ya=3, tidak=1)),
             step(3, "20 menit", lanjut=())]
    found = path_time(tuple(steps))
    assert found.minutes == 100
    assert found.route == (0, 1, 2, 3) and found.again == (1, 2)
    assert found.heaviest([s.durasi for s in steps], 2) == [1, 3]  # 30 twice, then 20


def test_parallel_steps_count_as_their_longest_branch():
    # 1 (10) forks to 2 (1 jam) and 3 (30 menit), both lead to 4 (5): 10 + 60 + 5
    steps = [step(0, "10 menit", lanjut=(1, 2)), step(1, "1 jam", lanjut=(3,)), step(2, "30 menit", lanjut=(3,)),
             step(3, "5 menit", lanjut=())]
    assert minutes(steps) == 75


def test_a_branch_that_skips_steps_counts_the_longer_way():
    # 1 (10), 2 decides (5): ya to 3 (100), tidak straight to 4 (10): 10 + 5 + 100 + 10
    steps = [step(0, "10 menit"), step(1, "5 menit", keputusan=Decision(ya=2, tidak=3)), step(2, "100 menit"),
             step(3, "10 menit", lanjut=())]
    assert minutes(steps) == 125


@pytest.mark.parametrize(("jam", "expected"), [(Fraction(8), 2 * 480 + 60), (Fraction(15, 2), 2 * 450 + 60)])
def test_days_follow_the_working_day_of_pemda(jam, expected):
    calendar = Calendar(jam=jam)
    steps = [step(0, "2 hari"), step(1, "1 jam", lanjut=())]
    durations = [parse_waktu(s.waktu, calendar) for s in steps]
    assert path_time(tuple(steps), durations).minutes == expected


def test_totals_are_written_in_the_units_people_use():
    calendar = Calendar(jam=Fraction(15, 2))
    assert parse_waktu("66 menit").format() == "1 jam 6 menit"
    assert parse_waktu("2 - 3 hari kerja").format() == "2 - 3 hari kerja"
    assert parse_waktu("1 hari", calendar).format(calendar) == "1 hari kerja"
    assert parse_waktu("8 jam", calendar).format(calendar) == "1 hari kerja 30 menit"
