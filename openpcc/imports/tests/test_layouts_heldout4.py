# ruff: noqa: E501 - a flattened page is one long line in these layouts, as extracted
"""Layouts a fourth blind held-out set of real pages showed the importer missing (issue 15):
board notes dated by a heading without its year and items numbered by dated references
("Ref 03/14/05/2025"), with one person a line under "Attendance" and "Apologies"; a "Meeting held
virtually" line between the committee and the date; an earlier meeting's date proposed as this
one's; a "MINUTES OF MEETING OF THE …" heading with no article and its "HELD ON …" a line apart;
a flattened PDF opening "At a meeting of … held in … on <date> the following Members were
P r e s e n t:" with mayors' and clergy's titles; and a council's decision-details page whose
"Purpose:" label was taken for the decision's title.

Every fixture here is invented, in the project's own words (committees, people and wording)."""

from __future__ import annotations

from openpcc.imports.parsing import parse
from openpcc.imports.parsing.layout import clean
from openpcc.imports.parsing.people import names_in


def _meetings(text: str):
    return [f for f in parse([text]) if f.kind == "meeting"]


def _meeting(text: str):
    found = _meetings(text)
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


BOARD_NOTES = """Larkmoor Assurance Board
Notes of Meeting
Wednesday 14th May, 10:00-12:00
Committee Room 2, Larkmoor House
Attendance
Hilary Penrose (HP) Chair – Police and Crime Commissioner
Tobias Wren (TW) – Chief Executive
Nadia Quill (NQ) – Deputy Chief Constable
Oswin Fairlie (minutes) – Secretary
Apologies
Greta Holloway (GH) – Chief Constable
Marcus Dunmore (MD) – Treasurer
Minutes
Ref 01/14/05/2025
Welcome / Attendance / Apologies.
Members were welcomed and apologies noted.
Ref 02/14/05/2025
Notes and Action Log of the meeting held on 9th April 2025.
The minutes were recorded as an accurate record.
Ref 03/14/05/2025
Custody Estate Review – Paper – For Decision.
The paper was presented and discussed.
Decision: The Board supported option two for the custody suite refurbishment.
Ref 04/14/05/2025
Volunteer Scheme Update – Paper – For Information.
The paper was presented, discussed and noted.
– The Commissioner asked how the volunteers' hours were declared in the annual return.
"""


def test_board_notes_dated_by_their_item_references_with_one_person_a_line():
    meeting = _meeting(BOARD_NOTES)
    assert meeting.data["committee"] == "Larkmoor Assurance Board"
    assert meeting.data["date"] == "2025-05-14"  # the year only the "Ref" numbers give
    assert meeting.data["start_time"] == "10:00"
    assert _items(meeting) == [
        ("01/14/05/2025", "Welcome / Attendance / Apologies"),
        ("02/14/05/2025", "Notes and Action Log of the meeting held on 9th April 2025"),
        ("03/14/05/2025", "Custody Estate Review – Paper – For Decision"),
        ("04/14/05/2025", "Volunteer Scheme Update – Paper – For Information"),
    ]
    assert _people(meeting, "present") == ["Hilary Penrose", "Tobias Wren", "Nadia Quill", "Oswin Fairlie"]
    assert _people(meeting, "apologies") == ["Greta Holloway", "Marcus Dunmore"]
    counts = [c.data["resolution_count"] for c in meeting.children if c.kind == "agenda_item"]
    # the notes recorded as accurate, the "Decision:", and a paper noted (the question after a dash
    # that mentions "declared" is a point of its own, not part of the decision)
    assert counts == [0, 1, 1, 1]


def test_a_heading_without_a_year_and_no_reference_to_date_it_proposes_no_date():
    text = BOARD_NOTES.replace("/14/05/2025", "/15/06/2025")
    found = _meetings(text)
    assert all(f.data["date"] != "2025-05-14" and not f.data["date"].startswith("2025-06") for f in found)


MET_VIRTUALLY = """WESTERN VALES POLICE AND CRIME PANEL

MEETING HELD VIRTUALLY

12 MARCH 2022

PRESENT: Councillor R Ashdown (Chair)

1 WELCOME

The Chair welcomed everyone to the meeting.

2 APOLOGIES FOR ABSENCE

None.

3 PUBLIC QUESTIONS

3A TO THE COMMISSIONER

One question had been sent in about rural patrols.

3B TO THE PANEL

There were no questions to the Panel.

4 MINUTES OF THE PANEL MEETING HELD ON 2ND FEBRUARY 2022

The Panel agreed the minutes as a correct record.
"""


def test_how_a_meeting_met_is_not_its_committee():
    meeting = _meeting(MET_VIRTUALLY)
    assert meeting.data["committee"] == "Western Vales Police and Crime Panel"
    assert meeting.data["date"] == "2022-03-12"
    # lettered sub-items, and an item about the last meeting's minutes (an item here, not a heading)
    assert [n for n, _ in _items(meeting)] == ["1", "2", "3", "3A", "3B", "4"]
    assert _items(meeting)[-1][1] == "MINUTES OF THE PANEL MEETING HELD ON 2ND FEBRUARY 2022"


EARLIER_DATES_ONLY = """Agenda and minutes

Venue: Council Chamber, Ferrow Town Hall

Most of our meetings can be watched online as they happen or afterwards.

Apologies for absence

An apology for absence was received from Cllr Petra Linden.

To sign the minutes of the previous meeting

The minutes of the Resources Scrutiny Committee held on Tuesday, 4 June 2024 were agreed and signed by the Chair.

Call in of a cabinet decision

Item called in from the Cabinet meeting of 10 June 2024.

The committee discussed the decision and noted it.

Authority Budget Meeting 20 February 2024

RESOLVED that the minutes of the budget meeting held on 20 February 2024 be signed as a correct record.
"""


def test_a_page_without_a_date_of_its_own_never_takes_an_earlier_meetings_date():
    for meeting in _meetings(EARLIER_DATES_ONLY):
        assert meeting.data["date"] not in {"2024-06-04", "2024-06-10", "2024-02-20"}
        assert "held on" not in meeting.data["committee"]


SPACED_HEADING = """2204 OFFICIAL 1

COASTAL SHIRES POLICING BOARD

MINUTES OF MEETING OF THE COASTAL SHIRES POLICING BOARD

HELD ON TUESDAY 3 MARCH 2020 AT 10.00AM IN HARBOUR HOUSE, QUAY STREET.

PRESENT:

Mrs Elspeth Morrow (Chair)

Mr Duncan Farrier

Prof Ingrid Salt
"""


def test_minutes_of_meeting_without_an_article_and_its_date_a_line_apart():
    meeting = _meeting(SPACED_HEADING)
    assert meeting.data["committee"] == "Coastal Shires Policing Board"
    assert meeting.data["date"] == "2020-03-03"
    assert meeting.data["found_by"] == "minutes heading"


FLATTENED = (
    "Minutes Template\nNORTHBAY COMBINED AUTHORITY PUBLICATION: 22 MAY 2019 DEADLINE FOR CALL-IN: 1 JUNE 2019 "
    "At a meeting of the Northbay Combined Authority held in the Civic Chamber, 4 Dock Road on Friday, 17th May, 2019 "
    "the following Members were P r e s e n t: Metro Mayor K Hartwell Chair of the Combined Authority (in the Chair) "
    "Councillor P Ransome, Councillor B Tull, Deputy Mayor A Penhallow (Substitute for Mayor J Colley), "
    "Councillor M Stroud (Substitute for Councillor A Vane) and Reverend Canon Dr E Merriweather (Faith Sector). "
    "12. APOLOGIES FOR ABSENCE Apologies for absence were received from Mayor J Colley, Councillor A Vane and Ms R Thorne. "
    "13. DECLARATIONS OF INTEREST It was reported that no declarations of interest had been received. "
    "14. MINUTES OF THE LAST MEETING RESOLVED – That the minutes of the meeting held on 19 April 2019 be approved as a correct record. "
    "15. BUS FRANCHISING UPDATE The Authority received a report on the franchising timetable and how the public would be consulted on it over the summer months.\n"
)


def test_a_flattened_page_opening_at_a_meeting_of_with_spaced_letters_and_civic_titles():
    meeting = _meeting(FLATTENED)
    assert meeting.data["committee"] == "Northbay Combined Authority"
    assert meeting.data["date"] == "2019-05-17"  # not the publication or call-in date
    assert meeting.data["venue"] == "Civic Chamber, 4 Dock Road"
    present = _people(meeting, "present")
    for name in ("Metro Mayor K Hartwell", "Deputy Mayor A Penhallow", "Reverend Canon Dr E Merriweather"):
        assert name in present
    assert "Mayor J Colley" not in present  # named only as the one a substitute stood in for
    assert [n for n, _ in _items(meeting)] == ["12", "13", "14", "15"]


def test_letter_spaced_labels_are_closed_up_and_other_spaced_letters_left_alone():
    assert clean("the following were P r e s e n t: Cllr A Bee")[0] == "the following were Present: Cllr A Bee"
    assert clean("A p o l o g i e s: Cllr A Bee")[0] == "Apologies: Cllr A Bee"
    assert clean("grid row a b c d e f")[0] == "grid row a b c d e f"


DECISION_DETAILS = """Decision details

Community Grant Application - CG114 Millbrook Village Hall

Decision Maker: Director of Communities and Place

Decision status: Recommendations approved

Is Key decision?: No

Purpose:

This record sets out, for publication, the decision to award a community grant for a project in Millbrook.

Decision:

Decision made:

It was AGREED to:

1. Award project CG114 the £42,500 it asked for, towards a new roof for the village hall.

Reasons for the decision:

The project met the published criteria of the grant scheme.

Publication date: 12/09/2024

Date of decision: 11/09/2024
"""


def test_a_decision_details_page_is_titled_by_its_heading_not_its_purpose_label():
    decisions = [f for f in parse([DECISION_DETAILS]) if f.kind == "decision"]
    assert len(decisions) == 1
    data = decisions[0].data
    assert data["subject"] == "Community Grant Application - CG114 Millbrook Village Hall"
    assert data["date"] == "2024-09-11"
    assert data["amount"] == "£42,500"
    assert data["decision_maker"] == "Director of Communities and Place"
    assert "criteria" not in data["decision"]  # the reasons are not the decision


UNNUMBERED_AGENDA_AND_MINUTES = """Agenda and minutes

Venue: The Lantern Room, Quayside Centre

Contact: Democratic Services

Note: Annual meeting

No. Item


Election of Chair

To elect a Chair to serve until the annual meeting next year.


RESOLVED that Councillor Yarrow be elected Chair of the Authority until its next annual meeting.


Election of Vice-Chair

To elect a Vice-Chair to serve until the annual meeting next year.


RESOLVED that Councillor Pell be elected Vice-Chair of the Authority until its next annual meeting.


Authority Meeting 9 March 2024 pdf icon PDF 210 KB


RESOLVED that the Minutes of the Authority meeting held on 9 March 2024 be signed as a correct record.
"""


def test_a_page_without_title_line_or_item_numbers_still_gives_its_items():
    meeting = _meeting(UNNUMBERED_AGENDA_AND_MINUTES)
    assert meeting.data["date"] == ""  # the only date is the earlier meeting's
    assert meeting.data["venue"] == "The Lantern Room, Quayside Centre"
    assert _items(meeting) == [
        ("", "Election of Chair"),
        ("", "Election of Vice-Chair"),
        ("", "Authority Meeting 9 March 2024"),
    ]
    assert [c.data["resolution_count"] for c in meeting.children if c.kind == "agenda_item"] == [1, 1, 1]


ISSUE_PAGE = """Issue - meetings

Harbour Walk Lighting

Meeting: 14/10/2019 - Coastal Communities Scrutiny Committee (Item 6)

Harbour Walk Lighting

The Chair to report on a request from residents for better lighting on the harbour walk.

Minutes:

The Committee considered the residents' request and the costs set out by the engineer.

The Chair undertook to raise the matter with the highways team and report back to the Committee at its next meeting.
"""


def test_an_issue_page_gives_its_meeting_and_its_one_item():
    meeting = _meeting(ISSUE_PAGE)
    assert meeting.data["committee"] == "Coastal Communities Scrutiny Committee"
    assert meeting.data["date"] == "2019-10-14"
    assert _items(meeting) == [("6", "Harbour Walk Lighting")]
    assert [c.kind for c in meeting.children].count("action") == 1


ITEMS_ONLY_WITH_COLONS = """Welcome and Introductions:


The Chair welcomed members, the Commissioner and his staff, and the public to the meeting.


Apologies for Absence:


Apologies were received from Councillor Hartigan.



Disclosure of Interests (if any):


No interests were disclosed.




To confirm the Minutes of the Meeting held on the 3 May 2024.

The Minutes of the Panel Meeting held on 3 May 2024 were confirmed and signed as a correct record.



Delivery of the Police and Crime Plan: pdf icon PDF 48 KB

To consider an update from the Commissioner on the delivery of his plan.


The Commissioner introduced his report and answered members' questions.


That the update report be noted.



Communications from the Chairman:


The Chairman had no communications.
"""


def test_a_page_cut_down_to_its_unnumbered_items_opening_on_a_usual_title():
    meeting = _meeting(ITEMS_ONLY_WITH_COLONS)
    assert meeting.data["date"] == ""  # only an earlier meeting's date is given
    assert [t for _, t in _items(meeting)] == [
        "Welcome and Introductions",
        "Apologies for Absence",
        "Disclosure of Interests (if any)",
        "Delivery of the Police and Crime Plan",
        "Communications from the Chairman",
    ]
    assert _people(meeting, "apologies") == ["Councillor Hartigan"]


def test_a_councillors_label_with_a_colon_and_double_barrelled_surnames_with_mc():
    assert names_in("Councillors: B Hartnoll ( MBC), C Vane (Riverside Council), D Orme ()") == [
        "B Hartnoll",
        "C Vane",
        "D Orme",
    ]
    assert names_in("Nell Ashby-McTavish (Tourism) and Owen Pryce-Jones (Arts)") == [
        "Nell Ashby-McTavish",
        "Owen Pryce-Jones",
    ]
