"""Attendance runs where a person follows the organisation they sit for with initials and no
title ("… Harbourshire Council G Miles Riverside Borough Council …"). Written for these tests:
an invented panel, its councils and its members."""

from __future__ import annotations

from openpcc.imports.parsing import parse
from openpcc.imports.parsing.people import names_in

MINUTES = """Minutes of the meeting of the Estuary Police and Crime Panel held on 9 October 2019 at the Quay Hall
Present: Cllr Ada Lantern (Chair) Harbourshire Council G Miles Riverside Borough Council Cllr Ben Wick
Moorland District Council, Estuary Fire Authority R T Heron, Mr Colm Ferry (Independent Member)
1. Apologies
Apologies were received from Cllr Dora Quill.
2. Lamps on the quay
The panel noted the report on the lamps on the quay.
"""


def test_a_name_with_initials_after_its_council_is_read():
    run = "Cllr Ada Lantern Harbourshire Council G Miles Riverside Borough Council Cllr Ben Wick"
    assert names_in(run) == ["Cllr Ada Lantern", "Cllr Ben Wick", "G Miles"]
    assert names_in("Harbourshire Council G Miles") == ["G Miles"]
    assert names_in("Estuary Fire Authority R T Heron, Mr Colm Ferry") == ["R T Heron", "Mr Colm Ferry"]
    assert names_in("Estuary Fire Authority G. Miles, Cllr Ben Wick") == ["G. Miles", "Cllr Ben Wick"]


def test_what_follows_a_council_is_not_always_a_person():
    assert names_in("the County Council A Panel was formed") == []  # an organisation word, not a surname
    assert names_in("Harbourshire Council Gill Miles") == []  # no initials: a place or a team as often as not
    assert "CC Ann" not in " ".join(names_in("Harbourshire Council CC Ann Wick"))  # a title, read as one


def test_the_attendance_of_minutes_has_every_member_of_the_run():
    (meeting,) = [f for f in parse([MINUTES]) if f.kind == "meeting"]
    (attendance,) = [c for c in meeting.children if c.kind == "attendance"]
    present = [p["name"] for p in attendance.data["people"] if p["kind"] != "apologies"]
    for name in ("Ada Lantern", "G Miles", "Ben Wick", "R T Heron", "Colm Ferry"):
        assert any(name in p for p in present), (name, present)
    apologies = [p["name"] for p in attendance.data["people"] if p["kind"] == "apologies"]
    assert len(apologies) == 1 and "Dora Quill" in apologies[0]
