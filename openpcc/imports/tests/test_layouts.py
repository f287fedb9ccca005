"""The minutes parser on the layouts real papers take, without a "Minutes of the meeting"
heading: committee-system pages (numbered, unnumbered, table rows, CMIS), Word minutes headed
by the committee and date, and text that extraction ran together. The fixtures are invented, in
the project's own words (``fixtures/layouts/README.md``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from openpcc.imports.parsing import parse
from openpcc.imports.parsing.layout import clean, title_split
from openpcc.imports.parsing.people import names_in, person_line, same_person

FIXTURES = Path(__file__).parent / "fixtures" / "layouts"


def _meeting(name: str):
    found = parse([(FIXTURES / name).read_text(encoding="utf-8")])
    (meeting,) = [f for f in found if f.kind == "meeting"]
    return meeting


def _of(meeting, kind):
    return [c for c in meeting.children if c.kind == kind]


def _people(meeting, kind=None):
    (attendance,) = _of(meeting, "attendance")
    return [p["name"] for p in attendance.data["people"] if kind is None or p["kind"] == kind]


def test_a_numbered_committee_system_page():
    meeting = _meeting("committee-system-numbered.txt")
    assert meeting.data["committee"] == "Riverside Police and Crime Panel"
    assert meeting.data["date"] == "2026-03-03"
    assert meeting.data["start_time"] == "10:30"
    # a member arriving at 11.15 is not the end of the meeting
    assert meeting.data["end_time"] == ""
    assert meeting.data["venue"] == "Committee Room 2, Riverside House, Quay Street, Rivertown RT1 4AA"
    assert meeting.data["found_by"] == "title line" and meeting.data["confidence"] >= 0.9
    items = [(i.data["number"], i.data["title"]) for i in _of(meeting, "agenda_item")]
    # web artefacts gone from titles; "Minute 12 Precept" under the minutes is a reference, not an item
    assert items == [
        ("7", "Apologies for Absence"),
        ("8", "Minutes of the previous meeting"),
        ("9", "Appointment of Vice-Chair"),
        ("10", "Police and Crime Plan: Safer Roads update"),
    ]
    assert _people(meeting, "apologies") == ["Ada Lovelace", "Mrs B Babbage", "Mr Charles Dodgson"]
    counts = [i.data["resolution_count"] for i in _of(meeting, "agenda_item")]
    assert counts == [0, 1, 1, 1]  # minutes agreed; elected Vice-Chair; one resolution with (i) and (ii)
    assert _of(meeting, "agenda_item")[2].data["resolution_text"].startswith("Councillor Tim Berners-Lee was elected")
    actions = [a.data["text"] for a in _of(meeting, "action")]
    assert actions == [
        "The Commissioner undertook to circulate the revised figures to members.",
        "(ii) asks the Commissioner to report back to the next meeting on speed cameras.",
    ]
    assert not any("docx" in i.data["minutes"] for i in _of(meeting, "agenda_item"))  # the file-path footer


def test_an_unnumbered_committee_system_page():
    meeting = _meeting("committee-system-unnumbered.txt")
    assert (meeting.data["committee"], meeting.data["date"], meeting.data["start_time"]) == (
        "Hillshire Police, Fire and Crime Panel",
        "2026-02-02",
        "14:00",
    )
    items = _of(meeting, "agenda_item")
    assert [i.data["title"] for i in items] == [
        "Appointment of Chair",
        "Declarations of interest",
        "Minutes",
        "Annual report of the Panel",
    ]
    # the councillors welcomed under item 1 are not items, and "Agreed." is a resolution
    assert [i.data["resolution_count"] for i in items] == [1, 0, 1, 1]
    assert items[3].data["resolution"] == "agreed"


def test_table_rows_without_a_title_line():
    meeting = _meeting("table-rows.txt")
    assert meeting.data["found_by"] == "items only" and meeting.data["confidence"] < 0.5
    assert meeting.data["date"] == "" and meeting.data["committee"] == ""
    items = _of(meeting, "agenda_item")
    assert [i.data["title"] for i in items] == ["Apologies", "Minutes of the last meeting", "Budget monitoring"]
    assert [i.data["resolution_count"] for i in items] == [0, 1, 1]


def test_word_minutes_headed_by_committee_and_date():
    meeting = _meeting("word-minutes-no-heading.txt")
    assert meeting.data["committee"] == "Harbourside Police and Crime Panel"
    assert (meeting.data["date"], meeting.data["start_time"], meeting.data["end_time"]) == (
        "2025-05-14",
        "10:00",
        "12:05",
    )
    present = _people(meeting, "present")
    assert present[:5] == ["Ada Lovelace", "Alan Turing", "Mr C. Dodgson", "E. Noether", "M. Curie"]
    others = _people(meeting, "other")
    assert "Jane Austen" in others and any("Hardy" in name for name in others)
    assert _people(meeting, "apologies") == ["Grace Hopper", "Mrs K. Johnson"]
    items = _of(meeting, "agenda_item")
    assert [i.data["title"] for i in items] == [
        "DECLARATIONS OF INTEREST",
        "MINUTES OF THE LAST MEETING",
        "VICTIMS SERVICES UPDATE",
    ]
    assert [i.data["resolution_count"] for i in items] == [0, 1, 1]  # "it was agreed that"; "Agreed."
    (action,) = _of(meeting, "action")
    assert action.data["text"] == "The Chief Executive undertook to send members the waiting-time figures."


def test_text_run_together_on_one_line():
    meeting = _meeting("run-together.txt")
    assert (meeting.data["committee"], meeting.data["date"]) == ("Eastmoor Police and Crime Panel", "2025-10-06")
    assert [(i.data["number"], i.data["title"]) for i in _of(meeting, "agenda_item")] == [
        ("1", "To receive apologies and details of any substitute members"),
        ("2", "Declarations of interest"),
        ("3", "Minutes"),
        ("4", "Police and Crime Plan progress"),
    ]
    assert _people(meeting, "present") == ["Mr P Quill", "Mrs Olive Twist", "Dr Henry Jekyll", "Ms Jane Eyre"]
    assert _people(meeting, "officer") == ["Mr Tom Sawyer"]
    assert _people(meeting, "other") == ["Mr Huck Finn"]
    # "substituted by Mrs Olive Twist" does not make her an apology
    assert _people(meeting, "apologies") == ["Mr Oliver Heathcliff"]


def test_a_cmis_page_repeats_each_minute_number():
    meeting = _meeting("cmis.txt")
    assert (meeting.data["start_time"], meeting.data["end_time"]) == ("14:00", "16:30")
    items = _of(meeting, "agenda_item")
    assert [(i.data["number"], i.data["title"]) for i in items] == [
        ("1", "Apologies for Absence"),
        ("2", "Minutes"),
        ("3", "Work Programme"),
    ]
    assert [i.data["resolution_count"] for i in items] == [0, 1, 1]
    assert _people(meeting, "apologies") == ["Paula Radcliffe"]


def test_an_action_plan_s_rows_are_actions():
    found = parse([(FIXTURES / "action-plan.txt").read_text(encoding="utf-8")])
    actions = [f.data for f in found if f.kind == "action"]
    assert [(a["number"], a["owner"], a["timescale"]) for a in actions] == [
        ("2.1", "RT", "Ongoing"),
        ("2.2", "JD", "March 2026"),
        ("2.3", "RT", "Complete"),
    ]
    assert actions[1]["text"] == "Commission an independent advocate service for young victims"
    assert actions[0]["status"] == "Referral numbers have risen since the new form went live."
    assert not [f for f in found if f.kind == "meeting"]


def test_a_report_is_not_a_meeting():
    report = (
        "Resources Panel\n\n4 June 2025\n\nBudget Monitoring Report\n\nPurpose 1. To update the Panel on spending.\n"
    )
    found = parse([report])
    assert not [f for f in found if f.kind == "meeting"]
    (proposal,) = [f for f in found if f.kind == "report"]
    assert (proposal.data["to"], proposal.data["report_date"]) == ("Resources Panel", "2025-06-04")
    assert proposal.data["title"] == "Budget Monitoring Report"


def test_a_page_heading_with_notes_and_a_date():
    text = "Policing Accountability Board Notes 4 June 2024\n\nAttendees:\nPCC Ann Other (AO)\nJoe Bloggs (JB)\n"
    (meeting,) = [f for f in parse([text]) if f.kind == "meeting"]
    assert (meeting.data["committee"], meeting.data["date"]) == ("Policing Accountability Board", "2024-06-04")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Minutes pdf icon PDF 105 KB", "Minutes"),
        ("Report of the Commissioner PDF 6 MB", "Report of the Commissioner"),
        ("Venue: Town Hall. View directions", "Venue: Town Hall."),
        ("share", ""),
        ("background to item", ""),
        ("S:\\Committees\\Panel\\2019\\minutes final.docx", ""),
        ("Total Page:16", ""),
    ],
)
def test_web_and_file_path_artefacts_are_stripped(text, expected):
    assert clean(text)[0] == expected


def test_a_heading_run_into_its_text():
    assert title_split("MINUTES - Resolved - That the minutes be signed.") == (
        "MINUTES",
        "Resolved - That the minutes be signed.",
    )
    assert title_split("Minutes (Pages 1 - 11) To approve the minutes.")[0] == "Minutes"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Councillors M Butler and K Chequer (Sunderland), J Foreman and Kim Lee",
            ["Councillor M Butler", "K Chequer", "J Foreman", "Kim Lee"],
        ),
        (
            "Councillors Gosling (Vice-Chair), Kataria and Longcake.",
            ["Councillor Gosling", "Councillor Kataria", "Councillor Longcake"],
        ),
        (
            "Cllr Mrs A Blackmore (Town Council), Mr A H T Bowles, Cllr P Todd (City Council and Cllr R Turpin",
            ["Cllr Mrs A Blackmore", "Mr A H T Bowles", "Cllr P Todd", "Cllr R Turpin"],
        ),
        (
            "Ian Ash – Lead Officer City CC Sue Birch – Scrutiny Officer, County CC Tom Oak – Treasurer",
            ["Ian Ash", "Sue Birch", "Tom Oak"],
        ),
        (
            "Mr W Richmond (Chair) Norfolk County Council Mr Timothy Adams Norfolk County Council",
            ["Mr W Richmond", "Mr Timothy Adams"],
        ),
        ("The panel met at the Civic Centre, Scunthorpe.", []),
        (
            "Cllr J Elm, Town Council Cllr K Fir (substitute), Borough Council Cllr L M Yew, District Council",
            ["Cllr J Elm", "Cllr K Fir", "Cllr L M Yew"],
        ),
        ("Cllr B Oak substituting for Cllr C Ash", ["Cllr B Oak"]),
    ],
)
def test_names_in_their_real_variety(text, expected):
    assert names_in(text) == expected


def test_one_person_a_line_and_the_same_person_twice():
    assert person_line("Lisa Winward (LW)   – Chief Constable, NYP") == "Lisa Winward"
    assert person_line("PS Brett McKenna") == "PS Brett McKenna"
    assert person_line("Police and Crime Commissioner") is None
    assert same_person("Cllr Sam Naylor", "Sam Naylor (Cheshire West)")
    assert same_person("Councillor K.V. Reynolds", "K. Reynolds")
    assert not same_person("Miss Jade Martin", "Mrs Jo Martin")


def test_action_lines_and_a_resolution_shown_twice():
    """Board notes that mark actions on lines of their own ("Action – …", "ACTION: …", "Action JB
    to …"), between headings without full stops; and a committee-system page that shows each
    resolution under "Decision:" and again under "Minutes:" — one decision, not three."""
    notes = (
        "Harbour Board Notes\n\n4 March 2026\n\n"
        "Present: Jo Bloggs (Chair), Sam Carter\n\n"
        "1. Performance update\n"
        "Burglary\nVehicle crime\n"
        "Action – Sam Carter to bring the lighting survey to a later board.\n"
        "Road safety\n"
        "ACTION: JB to write to the council about the bridge closure\n"
        "Action JB to share the volunteer figures with the board\n"
        "Action Fraud figures were up by a tenth.\n"
    )
    found = parse([notes])
    (meeting,) = [f for f in found if f.kind == "meeting"]
    actions = [c.data["text"] for c in meeting.children if c.kind == "action"]
    assert actions == [
        "Sam Carter to bring the lighting survey to a later board.",
        "JB to write to the council about the bridge closure",
        "JB to share the volunteer figures with the board",
    ]
    page = (
        "Harbour Police and Crime Panel - Monday, 2 March 2026 10.00 am\n\nVenue: Town Hall\n\n"
        "Items\n\n1.\n\nElection of Chair\n\nDecision:\n\nRESOLVED that: Councillor Ann Oak be elected Chair.\n\n"
        "Minutes:\n\nNominations were invited.\n\nRESOLVED that: Councillor Ann Oak be elected Chair.\n\n"
        "2.\n\nApologies for absence\n\nMinutes:\n\nNone were received.\n"
    )
    (meeting,) = [f for f in parse([page]) if f.kind == "meeting"]
    items = [c for c in meeting.children if c.kind == "agenda_item"]
    assert items[0].data["title"] == "Election of Chair" and items[0].data["resolution_count"] == 1


def test_notes_that_open_with_the_day_alone():
    """Board notes with no committee name anywhere, only the day on the first line: the meeting is
    proposed on that day, at a low confidence, for the reviewer to name."""
    notes = (
        "4th March 2026\n1. Welcome and introductions\nJo Bloggs (JB)\nJB welcomed everyone to the meeting.\n"
        "Apologies were received from Sam Carter\n"
        "2. Previous notes and actions\n"
        "The notes were agreed.\n3. Finance report\nThe forecast was noted.\n"
    )
    (meeting,) = [f for f in parse([notes]) if f.kind == "meeting"]
    assert meeting.data["date"] == "2026-03-04" and meeting.data["committee"] == ""
    assert meeting.data["found_by"] == "a date on its own at the top" and meeting.data["confidence"] < 0.5
