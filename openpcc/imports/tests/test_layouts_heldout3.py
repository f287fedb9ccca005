# ruff: noqa: E501 - a table row or a paragraph is one long line in these layouts, as extracted
"""Layouts a third blind held-out set of real pages showed the importer missing (issue 15): a
committee-system page whose minute numbers stand on lines of their own after each item's title
and description, Word attendance lists whose names are glued to roles under misspelt and
"Secretariat" headings, department names taken for people, county councillors' title, a head
count of the public taken for an item, a table's status column counted as a second decision, an
agenda's "Recommended –" counted as a resolution, a decisions register taken for a meeting, and a
count table flattened one cell a line taken for items.

Every fixture here is invented, in the project's own words (committees, people and wording)."""

from __future__ import annotations

from openpcc.imports.parsing import parse
from openpcc.imports.parsing.people import leading_person, names_in


def _meeting(text: str):
    found = [f for f in parse([text]) if f.kind == "meeting"]
    assert len(found) == 1, [f.kind for f in parse([text])]
    return found[0]


def _items(meeting) -> list[tuple[str, str]]:
    return [(c.data["number"], c.data["title"]) for c in meeting.children if c.kind == "agenda_item"]


def _people(meeting, kind: str | None = None) -> list[str]:
    out = []
    for child in meeting.children:
        if child.kind == "attendance":
            out += [p["name"] for p in child.data["people"] if kind is None or p["kind"] == kind]
    return out


MINUTE_NUMBERS_ALONE = """Meeting Details

Harbourside Standing Board
14 March 2024 - 10:00 to 11:45
  • Documents
  • Attendance

Agenda Items
1 Choosing a Chair
To choose a Chair of the Board for the coming year.
241

RESOLVED that Ms Q Larkspur be Chair of the Board for the coming year.

2 Apologies for Absence
To receive any apologies.
242
Apologies were received from Cllr T Fennel, Cllr J Moss, Cllr P Wort and Cllr K Burdock.
3 Declarations of Interest
This item lets members declare an interest in any business on the agenda.
243
There were no interests declared.
4 Harbour Lighting Contract
To consider the renewal of the lighting contract.
244

RESOLVED that the lighting contract be renewed for two years.
"""


def test_minute_numbers_on_their_own_lines_are_not_items_and_titles_before_them_are():
    meeting = _meeting(MINUTE_NUMBERS_ALONE)
    assert _items(meeting) == [
        ("1", "Choosing a Chair"),
        ("2", "Apologies for Absence"),
        ("3", "Declarations of Interest"),
        ("4", "Harbour Lighting Contract"),
    ]
    assert sorted(_people(meeting, "apologies")) == ["Cllr J Moss", "Cllr K Burdock", "Cllr P Wort", "Cllr T Fennel"]
    resolved = [c.data["resolution_count"] for c in meeting.children if c.kind == "agenda_item"]
    assert resolved == [1, 0, 0, 1]


def test_a_number_with_no_title_out_of_sequence_is_never_an_item():
    text = """Minutes of the meeting of the Brookfield Panel held on 3 April 2024

1. Welcome

The Chair welcomed members.

7

The panel noted the figures in the table.
"""
    meeting = _meeting(text)
    assert all(title for _number, title in _items(meeting))
    assert _items(meeting) == [("1", "Welcome")]


def test_a_number_whose_title_the_capture_lost_stays_an_item_in_its_sequence():
    text = """Minutes of the meeting of the Brookfield Panel held on 3 April 2024

1. Welcome

The Chair welcomed members.

2

The panel agreed its terms of reference.

3. Any Other Business

There was none.
"""
    assert _items(_meeting(text)) == [("1", "Welcome"), ("2", ""), ("3", "Any Other Business")]


WORD_LISTS_GLUED = """Estuary Assurance Panel

TUESDAY 4 JUNE 2024 AT 2:00PM
THE LONG ROOM, RIVERSIDE HOUSE

MINUTES

PRESENT

Mr Owen Tarrant (Chair)

Ms Hilda Marsh
Mr Percy Quill

IN ATTENDENCE

Mrs B OsgoodHead of Finance, Office of the Commissioner
Mr K Lally Director of Resources, Estuary Constabulary
F DraycottSuperintendent, Head of Change, Estuary Constabulary
GWhitlowInspector, Roads Policing, HQ Operations, Estuary Constabulary
Mr T NevinFieldgate Audit LLP
Ms C RookAudit Manager

SECRETARIAT

Mr D Ferris Panel Support Officer, Office of the Commissioner

  1. APOLOGIES FOR ABSENCE

Mrs E Vane

  1. MINUTES OF THE LAST MEETING

RESOLVED: - That the minutes of the last meeting be signed by the Chair.

  1. MATTERS ARISING

Nothing was raised.
"""


def test_word_attendance_under_misspelt_and_secretariat_headings_with_names_glued_to_roles():
    meeting = _meeting(WORD_LISTS_GLUED)
    present = [n for n in _people(meeting) if n not in _people(meeting, "apologies")]
    for name in (
        "Mr Owen Tarrant",
        "Ms Hilda Marsh",
        "Mr Percy Quill",
        "Mrs B Osgood",
        "Mr K Lally",
        "F Draycott",
        "G Whitlow",
        "Mr T Nevin",
        "Ms C Rook",
        "Mr D Ferris",
    ):
        assert name in present, (name, present)
    assert len(present) == 10, present
    assert _people(meeting, "apologies") == ["Mrs E Vane"]


def test_department_and_role_phrases_are_never_people():
    found = names_in("Roads Policing, HQ Operations, Asset Management and Strategic Planning")
    assert found == []
    assert leading_person("HQ Operations, Estuary Constabulary") is None
    assert leading_person("Mrs B OsgoodHead of Finance") == "Mrs B Osgood"
    assert leading_person("Cllr A Reed, Cllr B Stone") is None  # two people: the list readers take it


def test_a_county_councillor_keeps_the_title_form():
    assert "Cty Cllr R Teasel" in names_in("Cllr M Yarrow, Cty Cllr R Teasel and Dr P Sorrel")


CABINET_STATUS_COLUMN = """Executive Board
Wednesday, 9th October, 2024 6.00 pm

Time: 6.00pm Place: Council Chamber, Market Hall
 PRESENT: Councillor Mrs J.K. Alder (Chairman), Councillor R.T. Birch and Councillor Sam Hazel.
3 Members of the Public.
Item Description/Resolution Status Action
PART I
41 APOLOGIES FOR ABSENCE

Apologies for absence were received from Councillor Nora Elm.
Noted
42 MINUTES
Minutes

RESOLVED: That the Minutes of the meeting held on 2 September 2024 be approved as a true record.
Agreed
43 OTHER BUSINESS

There was no other business.
Noted
"""


def test_a_head_count_of_the_public_is_not_an_item_and_a_status_column_is_not_a_second_decision():
    meeting = _meeting(CABINET_STATUS_COLUMN)
    assert _items(meeting) == [("41", "APOLOGIES FOR ABSENCE"), ("42", "MINUTES"), ("43", "OTHER BUSINESS")]
    counts = {c.data["number"]: c.data["resolution_count"] for c in meeting.children if c.kind == "agenda_item"}
    assert counts["42"] == 1


AGENDA_RECOMMENDED = """Policy Committee

Thursday, 16th May, 2024 2.00 pm

Venue: Room 4, Civic Offices

Agenda

1.

DECLARATIONS OF INTEREST

Members are asked to declare any interest.

2.

MINUTES

Recommended –

That the minutes of the meeting held on 11 April 2024 be signed as a correct record.

3.

BUS SHELTER PROGRAMME

The Committee is asked to consider the programme.
"""


def test_an_agenda_recommendation_is_not_a_resolution():
    meeting = _meeting(AGENDA_RECOMMENDED)
    counts = [c.data["resolution_count"] for c in meeting.children if c.kind == "agenda_item"]
    assert len(counts) == 3
    assert counts == [0, 0, 0]


def test_a_minutes_line_that_resolves_after_a_recommendation_still_counts():
    text = AGENDA_RECOMMENDED.replace(
        "That the minutes of the meeting held on 11 April 2024 be signed as a correct record.",
        "That the minutes be signed.\n\nMinutes:\n\nRESOLVED – That the minutes of the meeting held on 11 April 2024 be signed as a correct record.",
    )
    meeting = _meeting(text)
    counts = {c.data["number"]: c.data["resolution_count"] for c in meeting.children if c.kind == "agenda_item"}
    assert counts["2"] == 1


REGISTER = """Decisions published

03/02/2025 - Renewal of the Ferry Concession ref: 517    Recommendations Approved

Decision Maker: Harbour Transport Committee

Made at meeting: 03/02/2025 - Harbour Transport Committee

Decision published: 04/02/2025

Effective from: 11/02/2025

Resolved:  That the ferry concession be renewed for three years on the terms set out in the report.
"""


def test_a_decisions_register_is_not_a_meeting():
    found = parse([REGISTER])
    assert not [f for f in found if f.kind == "meeting"]
    assert [f for f in found if f.kind == "decision"]


COUNT_TABLE = """Agenda item

Commissioner's Quarterly Performance Report

To receive the Commissioner's view of performance against the plan's measures.

Minutes:

(a) The report gave the Panel an overview of performance this quarter.

(b) Most measures were graded green.

Spring Panel

Winter Panel

Green

8

10

Amber

3

1

Red

1

0

Ungraded

0

0

12

11

(c) Three measures had been graded amber.
"""


def test_a_count_table_flattened_one_cell_a_line_gives_no_items_and_the_page_title_is_the_item():
    meeting = _meeting(COUNT_TABLE)
    assert _items(meeting) == [("", "Commissioner's Quarterly Performance Report")]


RECORD_OF_DECISION = """<AI7>

WESTMERE DISTRICT COUNCIL

RECORD OF DECISION OF THE Cabinet

Decision Made:

5 March 2025

Allotment Rents Review

Issue for Decision

To settle how allotment rents are set from next year.

Decision Made

1.        That allotment rents rise with inflation each April.

2.        That plot holders over seventy keep a half-rent concession.

3.        That the Cabinet Member for Parks report on take-up after a year.

Reasons for Decision

Background text follows here.
"""


def test_a_record_of_decision_page_is_one_decision_with_its_maker_and_date():
    found = [f for f in parse([RECORD_OF_DECISION]) if f.kind == "decision"]
    assert len(found) == 1
    data = found[0].data
    assert data["subject"] == "Allotment Rents Review"
    assert data["date"] == "2025-03-05"
    assert data["decision_maker"] == "Cabinet"
    assert "half-rent concession" in data["decision"]
    assert "how allotment rents are set" not in data["decision"]  # the issue is not the decision


def test_the_scorer_reads_a_decision_page_body_from_its_decision_maker_when_it_is_a_body():
    from openpcc.imports.scoring import reading_of

    reading = reading_of(parse([RECORD_OF_DECISION]))
    assert reading["body"] == "Cabinet"
    assert reading["meeting_date"] is None
    by_person = RECORD_OF_DECISION.replace("RECORD OF DECISION OF THE Cabinet", "Record of decision of Ms R Pennant")
    assert reading_of(parse([by_person]))["body"] is None  # a commissioner by name is not a body


def test_a_committee_named_only_in_the_text_is_the_meetings_committee():
    text = """Meeting documents

Venue: Willow Room, Town Hall

Items

1.

Election of Chairman

To elect a Chairman for the year.

Minutes:

RESOLVED

That Ms G Alder be elected Chairman of the Saltmarsh Police and Crime Panel for the year.

2.

Appointment of Vice-Chairman

Minutes:

RESOLVED

That Mr H Birch be appointed Vice-Chairman for the year.
"""
    assert _meeting(text).data["committee"] == "Saltmarsh Police and Crime Panel"
    unnamed = text.replace("Chairman of the Saltmarsh Police and Crime Panel", "Chairman of the Panel")
    assert _meeting(unnamed).data["committee"] == ""  # "the Panel" names no committee
