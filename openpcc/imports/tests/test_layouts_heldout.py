# ruff: noqa: E501 - a table row or a paragraph is one long line in these layouts, as extracted
"""Layouts a blind held-out set of real pages showed the importer missing (issue 15): attendance
under an "Attendees" heading with group sub-headings and words run together, a Word list whose
numbering was flattened to "1.", item text about earlier minutes taken for the page heading,
table rows without separator lines, several decisions written as sentences in one minute, actions
in the passive, substitutes named beside apologies, agenda forms with a "Date:" label, sub-items
on a line of their own, and decision-details pages and registers without a reference label.

Every fixture here is invented, in the project's own words (committees, people and wording)."""

from __future__ import annotations

from openpcc.imports.parsing import parse
from openpcc.imports.parsing.common import parse_date
from openpcc.imports.parsing.people import names_in

WORD_MINUTES = """OFFICIAL

/ Fenmoor Commissioner / Chief Constable
Minutes of Joint Assurance Committee Meeting
Thursday 12thMarch 2026
2.00 pm
Board Room,
Fenmoor Police Headquarters /

Attendees

Mr T O Barrow in the chair

Members

Cllr F Quince, Mrs H J Lyle and Ms D Okafor

Office of the Police and Crime Commissioner

PCC Gil Marten, Mrs B R Penn and Mr S Oduya

Fenmoor Constabulary

Mr K Ashdownand Ms W Fairley

Auditors

Mr L Crane, Ms P Haldane and Mr JVickery

Agenda Item

  1. Minutes of the meeting held on 4 December 2025

The minutes of the meeting held on 4 December 2025 were agreed as a correct record with the inclusion of apologies from Cllr F Quince.

Mr Barrow said that a note on the new audit contract will be brought to the next meeting.

  1. Report of the Chief Finance Officer

The Committee received the quarterly report on reserves.

Following a question on overtime, Mr Ashdown will check the figures for the last quarter.

  1. Internal Audit Progress

The Committee received the progress report from the auditors.
"""


def _meeting(text: str):
    found = parse([text])
    (meeting,) = [f for f in found if f.kind == "meeting"]
    return meeting


def _of(meeting, kind):
    return [c for c in meeting.children if c.kind == kind]


def _people(meeting, kind):
    people = [p for a in _of(meeting, "attendance") for p in a.data["people"]]
    return [p["name"] for p in people if p["kind"] == kind]


def test_a_date_with_its_ordinal_run_into_the_month():
    assert parse_date("Thursday 12thMarch 2026").isoformat() == "2026-03-12"
    assert parse_date("the 3rd of the month, 2026") is None


def test_word_minutes_headed_minutes_of_committee_meeting():
    meeting = _meeting(WORD_MINUTES)
    # the page heading, not item 1's text about the previous meeting's minutes
    assert meeting.data["committee"] == "Joint Assurance Committee"
    assert meeting.data["date"] == "2026-03-12"


def test_attendees_heading_with_group_sub_headings_and_glued_words():
    meeting = _meeting(WORD_MINUTES)
    present = _people(meeting, "present")
    assert present == [
        "Mr T O Barrow",
        "Cllr F Quince",
        "Mrs H J Lyle",
        "Ms D Okafor",
        "PCC Gil Marten",
        "Mrs B R Penn",
        "Mr S Oduya",
        "Mr K Ashdown",
        "Ms W Fairley",
        "Mr L Crane",
        "Ms P Haldane",
        "Mr J Vickery",
    ]
    # an amendment to the previous minutes' apologies is not an apology for this meeting
    assert _people(meeting, "apologies") == []


def test_names_run_together_by_extraction():
    assert names_in("Mr A Pellow and Ms R Tamsett") == ["Mr A Pellow", "Ms R Tamsett"]
    assert names_in("Mr A Pellowand Ms R Tamsett") == ["Mr A Pellow", "Ms R Tamsett"]
    assert names_in("Dr N Oyelaran and Mr BMarsh") == ["Dr N Oyelaran", "Mr B Marsh"]
    # a name that happens to end in "and" before a name without a title stays whole
    assert names_in("Mrs Z Ferrand, Mr Q Holt") == ["Mrs Z Ferrand", "Mr Q Holt"]
    assert names_in("Mrs Z Ferrand Mr Q Holt and Ms E Kay") == ["Mrs Z Ferrand", "Mr Q Holt", "Ms E Kay"]
    # "McLeod", "MacAdam": capitals inside a surname are not an initial run into it
    assert names_in("Mr McLeod and Dr MacAdam") == ["Mr McLeod", "Dr MacAdam"]


def test_a_flattened_word_list_numbers_every_item_one():
    meeting = _meeting(WORD_MINUTES)
    items = _of(meeting, "agenda_item")
    assert [i.data["title"] for i in items] == [
        "Minutes of the meeting held on 4 December 2025",
        "Report of the Chief Finance Officer",
        "Internal Audit Progress",
    ]
    # the minutes agreed (with an amendment naming an apology) is one decision
    assert items[0].data["resolution_count"] == 1


def test_actions_in_the_passive_and_in_the_future():
    meeting = _meeting(WORD_MINUTES)
    texts = [a.data["text"] for a in _of(meeting, "action")]
    assert len(texts) == 2
    assert "brought to the next meeting" in texts[0]
    assert "Mr Ashdown will check" in texts[1]


COMMITTEE_SYSTEM = """Agenda and minutes

Westhaven Fire Authority - Resources Committee
Tuesday, 9th June, 2026 2.00 pm

Venue: Harbour House, Westhaven

Items
No. Item

1.

APOLOGIES FOR ABSENCE

Minutes:

Apologies for absence were received from:

Councillor Nia Brackley, for whom Councillor Owen Strand was substitute;

Councillor Pavel Ruskin, for whom Councillor Ida Merrow was substitute.

2.

MINUTES

Minutes:

The Committee confirmed the minutes of the meeting held on 3 March 2026 as a true record and they were signed by the Chair.

3.

EXCLUSION OF THE PUBLIC

Minutes:

The Committee decided to exclude the public for the remaining item. The Committee noted that the Treasurer had retired in May.
"""


def test_substitutes_beside_apologies_are_not_apologies():
    meeting = _meeting(COMMITTEE_SYSTEM)
    assert meeting.data["committee"] == "Westhaven Fire Authority - Resources Committee"
    assert meeting.data["date"] == "2026-06-09"
    assert _people(meeting, "apologies") == ["Councillor Nia Brackley", "Councillor Pavel Ruskin"]


def test_decisions_written_as_sentences_and_noting_is_not_deciding():
    meeting = _meeting(COMMITTEE_SYSTEM)
    counts = [i.data["resolution_count"] for i in _of(meeting, "agenda_item")]
    # apologies recorded: none; minutes confirmed: one; public excluded: one (the Treasurer's
    # retirement being noted is not a decision)
    assert counts == [0, 1, 1]


TABLE_ROWS = """Venue: The Guildhall, Marbury. View directions
Contact: Rhian Tolley, Democratic Services
Note: Special meeting
No. | Item |
Apologies for Absence Minutes: Apologies were received from Cllr Ewan Latch and Tomas Rook (Cllr Vera Hale substituting).
Chairman's Announcements Minutes: The Chairman announced that the autumn meeting had moved.
The new date was:
Wednesday 7 October 2026, 10.00 am
With the agreement of the Panel the Chairman added road safety to the agenda.
It was agreed that a briefing on the estates review would be added to the agenda of the next meeting. The Panel decided to publish a short annual summary of its work.
The Panel noted that one independent member had resigned.
It was agreed that the reply from the minister would be circulated to Panel members. |
Minutes of the previous meeting To approve the minutes of the meeting held on 2 June 2026. Additional documents: Minutes: The minutes of the meeting on 2 June 2026 were approved as an accurate record. The action log was noted. |
Public Participation The Panel welcomes questions from residents.
Residents may ask about any item on this agenda.
"""


def test_table_rows_without_separator_lines():
    meeting = _meeting(TABLE_ROWS)
    # the previous meeting's date inside an item is not this meeting's date
    assert meeting.data["date"] == ""
    assert meeting.data["committee"] == ""
    items = _of(meeting, "agenda_item")
    assert [i.data["title"] for i in items] == [
        "Apologies for Absence",
        "Chairman's Announcements",
        "Minutes of the previous meeting",
        "Public Participation",
    ]
    assert [i.data["resolution_count"] for i in items] == [0, 4, 2, 0]
    # "(Cllr Vera Hale substituting)": one apology, not two, and the substitute is no apology
    assert sorted(name.split()[-1] for name in _people(meeting, "apologies")) == ["Latch", "Rook"]
    texts = [a.data["text"] for a in _of(meeting, "action")]
    assert any("added to the agenda of the next meeting" in t for t in texts)
    assert any("would be circulated" in t for t in texts)


AGENDA_FORM = """14 September 2026

Date:

Monday, 14 September, 2026

Time:

10:00

Location:

County Hall, Eastbridge

Item no. Agenda Item Details Status
01 Apologies for Absence
02 Declarations of Interest

Members are reminded to declare any interest before the item is discussed.

03 Minutes

Members are asked to agree the minutes of the meeting held on 8 June 2026, and that they be signed by the Chair.

04 Minutes of meeting Tuesday 21 July 2026 of Finance Committee

Members are asked to note the minutes.
"""


def test_an_agenda_form_with_a_date_label_and_zero_padded_rows():
    meeting = _meeting(AGENDA_FORM)
    assert meeting.data["date"] == "2026-09-14"
    items = _of(meeting, "agenda_item")
    assert [(i.data["number"], i.data["title"]) for i in items] == [
        ("01", "Apologies for Absence"),
        ("02", "Declarations of Interest"),
        ("03", "Minutes"),
        ("04", "Minutes of meeting Tuesday 21 July 2026 of Finance Committee"),
    ]
    # an agenda asks the meeting to agree: nothing is decided yet
    assert [i.data["resolution_count"] for i in items] == [0, 0, 0, 0]


OTHER_MINUTES_TITLES = """Agenda

Venue: Old Mill Training Centre

Items
No. Item

1/26

Appointment of Chair

2/26

Apologies for Absence

3/26

Minutes of meeting Friday 6 February 2026 of Estates Committee pdf icon PDF 9 KB

4/26

Minutes of meeting Monday 9 March 2026 of Audit Committee pdf icon PDF 9 KB
"""


def test_titles_about_other_meetings_minutes_are_never_the_heading():
    meeting = _meeting(OTHER_MINUTES_TITLES)
    assert meeting.data["date"] == ""
    assert meeting.data["committee"] == ""
    assert len(_of(meeting, "agenda_item")) == 4


SUB_ITEM = """Eastmarch Police and Crime Panel - Friday, 16th October, 2026 10.30 am

Venue: Council Chamber, Eastmarch

Items
No. Item


Roll Call for Members and Officers


Every member and officer listed above was present.


1.

APOLOGIES FOR ABSENCE

Minutes:

An apology for absence was received from Mr R Quayle.

2.

MATTERS ARISING FROM THE MINUTES

4.1

Minute 9 - Annual Report of the Commissioner

Minutes:

Members asked when the final report would be published and were told it was already available.
"""


def test_a_sub_item_on_its_own_line():
    meeting = _meeting(SUB_ITEM)
    titles = [(i.data["number"], i.data["title"]) for i in _of(meeting, "agenda_item")]
    assert ("4.1", "Minute 9 - Annual Report of the Commissioner") in titles
    assert ("1", "APOLOGIES FOR ABSENCE") in titles


def test_a_roll_call_opens_an_unnumbered_page():
    text = """Kestrel Vale Police and Crime Panel - Thursday, 5th November, 2026 10.30 am

Venue: Online

Items
No. Item


Roll Call for Members and Officers


Every member and officer listed above was present.


Apologies for Absence


An apology for absence was received from Mr R Quayle.


Declarations of Interest


There were no declarations of interest.
"""
    meeting = _meeting(text)
    assert [i.data["title"] for i in _of(meeting, "agenda_item")] == [
        "Roll Call for Members and Officers",
        "Apologies for Absence",
        "Declarations of Interest",
    ]


DETAILS_PAGE = """Decision Maker: Executive
Decision status: Recommendations Approved
Is Key decision?: No
Is subject to call in?: Yes
To agree the allocation of the small repairs fund for village halls.
Executive
1) APPROVED grants to four village halls;
2) APPROVED carrying forward the remaining £2,450 to next year.
Report author: Ola Brandt
Publication date: 19/03/2026
Date of decision: 17/03/2026
Decided at meeting: 17/03/2026 - Executive
Effective from: 25/03/2026
"""


def test_a_decision_details_page_without_a_reference():
    (decision,) = [f for f in parse([DETAILS_PAGE]) if f.kind == "decision"]
    assert decision.data["reference"] == ""
    assert decision.data["date"] == "2026-03-17"
    assert decision.data["subject"] == "To agree the allocation of the small repairs fund for village halls."
    assert decision.data["amount"] == "£2,450"
    assert decision.data["decision_maker"] == "Executive"
    assert "village halls" in decision.data["decision"]


REGISTER = """Decisions published

14/05/2026 - Decision to Renew the Fleet Maintenance Contract - MAY26/EXEC/02 ref: 2207    Recommendations Approved

The Cabinet Member renewed the contract for two years at £84,000 a year.


Decision Maker: Cabinet Member for Transport

Decision published: 14/05/2026

Effective from: 21/05/2026

03/05/2026 - Grant to the Riverside Food Bank ref: 2199    Recommendations Approved

The Cabinet Member approved a one-off grant.

Decision Maker: Cabinet Member for Communities
"""


def test_a_register_of_published_decisions():
    decisions = [f for f in parse([REGISTER]) if f.kind == "decision"]
    assert [(d.data["reference"], d.data["date"], d.data["subject"]) for d in decisions] == [
        ("MAY26/EXEC/02", "2026-05-14", "Decision to Renew the Fleet Maintenance Contract"),
        ("ref 2199", "2026-05-03", "Grant to the Riverside Food Bank"),
    ]
    assert decisions[0].data["decision_maker"] == "Cabinet Member for Transport"
    assert decisions[0].data["amount"] == "£84,000"
    assert "Decision Maker" not in decisions[0].data["decision"]
