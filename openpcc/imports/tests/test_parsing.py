"""The parsers, on the five seed papers (as text, and rendered into real PDF and Word files)
and on the other shapes offices' papers take."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from openpcc.documents.extraction import extract
from openpcc.imports.parsing import Lexicon, parse, parse_date
from tests.papers import seed_docx, seed_pdf, seed_text

PLAN_DATA = Path(__file__).resolve().parents[2] / "demo" / "data" / "cambridgeshire_plan.json"
PLAN_CODES = (
    [f"V{n}" for n in range(1, 10)]
    + [f"O{n}" for n in range(1, 12)]
    + [f"C{n}" for n in range(1, 11)]
    + [f"T{n}" for n in range(1, 11)]
)


def _lexicon() -> Lexicon:
    """What the Cambridgeshire office records about its partners (the demo register)."""
    data = json.loads(PLAN_DATA.read_text())
    organisations = {}
    for org in data["organisations"]:
        organisations[org["name"].lower()] = org["name"]
        for short in org["short_names"]:
            organisations[short.lower()] = org["name"]
    return Lexicon(organisations=organisations, initials={p["initials"] for p in data["people"]})


def _pages(kind: str) -> list[str]:
    if kind == "text":
        return [seed_text("004")]
    data = seed_pdf("004") if kind == "pdf" else seed_docx("004")
    return extract(f"pack.{kind}", data).text.split("\f")


@pytest.fixture(scope="module", params=["text", "pdf", "docx"])
def pack(request):
    return request.param, parse(_pages(request.param), _lexicon())


def _plain(text: str) -> str:
    """The PDF fixtures are Latin-1: compare with typographic quotes and dashes made plain."""
    return text.replace("\u2019", "'").replace("\u2013", "-")


def _of(found, kind):
    return [f for f in found if f.kind == kind]


def test_the_minutes_of_6_september_2017(pack):
    _, found = pack
    (meeting,) = _of(found, "meeting")
    assert meeting.data["date"] == "2017-09-06"
    assert meeting.data["committee"] == "Cambridgeshire Police and Crime Panel"
    assert meeting.data["venue"] == "Peterborough City Council"
    assert (meeting.data["start_time"], meeting.data["end_time"]) == ("14:00", "16:20")
    assert meeting.page == 1 and "6 SEPTEMBER 2017" in meeting.passage

    (attendance,) = _of(meeting.children, "attendance")
    people = {p["name"]: p for p in attendance.data["people"]}
    for name in ["Edward Leigh", "R Bisby", "D Baigent", "M Shellens", "Susan Hartropp", "Claire George"]:
        assert people[name]["kind"] == "present", name
    assert people["Edward Leigh"]["role"] == "Chairperson"
    assert people["Susan Hartropp"]["role"] == "Independent"
    apologies = {p["name"] for p in attendance.data["people"] if p["kind"] == "apologies"}
    assert apologies == {"Shelton", "Bull", "Oliver", "Bond"}
    assert people["A Dickinson"]["kind"] == "substitute" and people["A Dickinson"]["substitute_for"] == "Bull"
    assert people["K Cuffley"]["substitute_for"] == "Shelton"
    assert people["Jane Webb"]["kind"] == "officer"
    assert people["Jason Ablewhite"]["kind"] == "other"


def test_items_16_to_27_with_titles_questions_and_resolutions(pack):
    _, found = pack
    (meeting,) = _of(found, "meeting")
    items = {i.data["number"]: i.data for i in _of(meeting.children, "agenda_item")}
    assert list(items) == [str(n) for n in range(16, 28)]
    assert items["17"]["title"] == "Declarations of Interest"
    assert items["21"]["title"] == "Update on HMICFRS Legitimacy Inspection Report 2016"
    assert _plain(items["22"]["title"]) == "Fire and Rescue Governance - Local Business Case"
    assert items["27"]["title"] == "Meeting Dates and Agenda Plan 2017-2018"
    # lettered questions, a) to i) at item 21
    assert [q["letter"] for q in items["21"]["questions"]] == list("abcdefghi")
    assert items["21"]["questions"][0]["text"].startswith("Could the Commissioner confirm how issues were dealt with")
    # resolutions, with the recommendation and its reasons at item 22
    assert items["21"]["resolution"] == "noted"
    assert "AGREED to note the report" in items["21"]["resolution_text"]
    assert items["22"]["resolution"] == "recommendation"
    assert "pauses to establish a focus group" in items["22"]["resolution_text"]
    assert "last effort to seek" in items["22"]["resolution_reasons"]
    assert items["27"]["resolution"] == "noted"


def test_the_action_log_rows(pack):
    _, found = pack
    (meeting,) = _of(found, "meeting")
    actions = [a.data for a in _of(meeting.children, "action")]
    texts = [_plain(a["text"]) for a in actions]
    assert texts == [
        "OPCC to circulate Fire Authority's comments to Panel Members.",
        "OPCC to arrange a briefing on Local Policing Review & Demand Hub for Panel Members.",
        "OPCC to provide Panel Members with a breakdown of 80% of non-crime issues.",
        "OPCC to provide an update on the work of the Casualty Reduction Officer",
    ]
    assert {a["owner"] for a in actions} == {"OPCC"}
    assert actions[0]["item_title"].startswith("Fire and Rescue Governance")
    assert actions[2]["item_title"] == "Performance Monitoring Update"


def test_the_decision_records_with_their_references(pack):
    _, found = pack
    decisions = {d.data["reference"]: d.data for d in _of(found, "decision")}
    assert {"CPCC 2017-020", "CPCC 2017-021", "CPCC 2017-022", "CPCC 2017-023"} <= set(decisions)
    assert {"CPCC 2017-008", "CPCC 2017-12", "CPCC 2017-19"} <= set(decisions)  # named in the minutes
    d20 = decisions["CPCC 2017-020"]
    assert d20["date"] == "2017-09-21"
    assert d20["subject"].startswith("Commissioning arrangements for the Integrated Mental")
    assert d20["decision"].startswith("To transfer the responsibility for commissioning")
    assert decisions["CPCC 2017-022"]["date"] == "2017-10-03"
    assert decisions["CPCC 2017-023"]["decision"].startswith("Delegated authority is given")
    assert decisions["CPCC 2017-008"]["subject"] == "Capital Programme for 2017/18 to 2020/21"


def test_the_forty_plan_rows_with_their_delivery_leads(pack):
    _, found = pack
    rows = {r.data["code"]: r.data for r in _of(found, "plan_row")}
    assert list(rows) == PLAN_CODES
    assert all(r["text"] for r in rows.values())
    expected = {p["code"]: p for p in json.loads(PLAN_DATA.read_text())["priorities"]}
    with_leads = [c for c in PLAN_CODES if rows[c]["delivery_leads"]]
    assert len(with_leads) >= 35  # the rest are left for the reviewer to fill in
    exact = [c for c in PLAN_CODES if set(rows[c]["delivery_leads"]) == set(expected[c]["delivery_leads"])]
    assert len(exact) >= 22, exact
    assert rows["V1"]["delivery_leads"] == ["Cambridgeshire Constabulary"]
    assert rows["V4"]["delivery_leads"] == ["Crisis Concordat Mental Health Delivery Group"]
    assert rows["O3"]["delivery_leads"] == ["Cambridgeshire Countywide Community Safety Strategic Board"]
    assert rows["V1"]["opcc_lead"] == "NP" and rows["O1"]["opcc_lead"] == "CS"
    assert rows["V1"]["text"].startswith("Ensure that victims from the three priority groups")
    assert rows["V1"]["theme"] == "Victims"
    updates = [r["update"] for r in rows.values() if r["update"]]
    assert updates and len(set(updates)) == len(updates)  # an update is given to one row at most


def test_board_reports_give_title_purpose_and_recommendations():
    (report,) = _of(parse([seed_text("000")]), "report")
    assert report.data["title"] == "OPCC Business Response to COVID-19"
    assert report.data["to"] == "Business Coordination Board"
    assert report.data["report_date"] == "2020-05-26"
    assert report.data["author"] == "Acting Chief Executive"
    assert report.data["purpose"].startswith("The purpose of this report is to inform the Business Coordination Board")
    assert report.data["recommendations"] == "The Board is recommended to note the report."

    (victims,) = _of(parse([seed_text("003")]), "report")
    assert victims.data["report_date"] == "2019-10-09" and victims.data["purpose"]

    (wm,) = _of(parse([seed_text("002")]), "report")
    assert wm.data["report_date"] == "2020-05-19"
    assert wm.data["purpose"].startswith("To provide members of the Strategic Police and Crime Board")

    (untitled,) = _of(parse([seed_text("001")]), "report")  # it starts at "1. Purpose": no title to find
    assert untitled.data["title"] == "" and untitled.data["purpose"].startswith("The purpose of this report")


def test_panel_pack_reports_name_their_panel_and_item():
    reports = {r.data["title"]: r.data for r in _of(parse([seed_text("004")]), "report")}
    complaints = reports["Review of Complaints"]
    assert complaints["agenda_number"] == "5"
    assert complaints["to"] == "Cambridgeshire Police and Crime Panel"
    assert complaints["report_date"] == "2017-11-15"
    assert complaints["recommendations"] == "To note the details of this report."
    assert "Disaster Victim Identification (DVI) – Section 22A Agreement" in reports
    assert "Integrated Mental Health Team – Force Control Room" in reports


# --- the family of formats ------------------------------------------------------------------

OTHER_MINUTES = """Minutes of the meeting of the Police, Fire and Crime Panel held on 12 March 2020 at County Hall, \
Northallerton

Present: Councillor Carl Les (Chair), Councillor Ann Myatt, Mr Ian Spencer and Mrs Jill Scott

In attendance: Julia Mulligan, Police, Fire and Crime Commissioner

Apologies for absence were received from Councillor Helen Grant and Councillor Tim Grogan.

39/20 Declarations of interest
There were no declarations.

40/20 Precept proposal 2020/21
The Commissioner presented her proposed precept.
(a) Members asked how the increase would be spent. The Commissioner said on neighbourhood officers.
(b) Members asked about reserves.
RESOLVED: That the proposed precept be approved.

41/20 Complaints update
Resolved - that the report be noted.
ACTION: Secretariat to circulate the complaints protocol before the next meeting.
"""


def test_minutes_numbered_39_20_with_bracketed_letters():
    (meeting,) = _of(parse([OTHER_MINUTES]), "meeting")
    assert meeting.data["date"] == "2020-03-12"
    assert meeting.data["committee"] == "Police, Fire and Crime Panel"
    assert meeting.data["venue"] == "County Hall, Northallerton"
    people = {p["name"]: p for p in _of(meeting.children, "attendance")[0].data["people"]}
    assert people["Carl Les"] == {"kind": "present", "name": "Carl Les", "role": "Chair", "substitute_for": ""}
    assert people["Helen Grant"]["kind"] == "apologies" and people["Tim Grogan"]["kind"] == "apologies"
    assert people["Julia Mulligan"]["kind"] == "other"
    items = {i.data["number"]: i.data for i in _of(meeting.children, "agenda_item")}
    assert list(items) == ["39/20", "40/20", "41/20"]
    assert items["40/20"]["title"] == "Precept proposal 2020/21"
    assert [q["letter"] for q in items["40/20"]["questions"]] == ["a", "b"]
    assert items["40/20"]["resolution"] == "agreed"
    assert "precept be approved" in items["40/20"]["resolution_text"]
    assert items["41/20"]["resolution"] == "noted"
    (action,) = _of(meeting.children, "action")
    assert action.data["owner"] == "Secretariat"
    assert action.data["text"] == "Secretariat to circulate the complaints protocol before the next meeting."


ITEM_MINUTES = """STRATEGIC POLICING AND CRIME BOARD - MINUTES OF THE MEETING HELD ON 4 February 2021

Item 1 – Apologies
Apologies were received from Tom McNeil.

Item 7 – Police and Crime Plan performance
The Board discussed the quarterly report.
a) The Chair asked about response times.
b) The Chief Constable explained the new model.
The Board NOTED the report.
"""


def test_minutes_with_item_7_numbering():
    (meeting,) = _of(parse([ITEM_MINUTES]), "meeting")
    assert meeting.data["date"] == "2021-02-04"
    assert meeting.data["committee"] == "Strategic Policing and Crime Board"
    items = {i.data["number"]: i.data for i in _of(meeting.children, "agenda_item")}
    assert items["7"]["title"] == "Police and Crime Plan performance"
    assert [q["letter"] for q in items["7"]["questions"]] == ["a", "b"]
    assert items["7"]["resolution"] == "noted"


DOTTED_MINUTES = """Minutes of a meeting of the Joint Audit Committee held at Police Headquarters on 3 June 2019

4.1 Internal audit progress
The committee received the report.
AGREED that the progress be noted.

4.2 Risk register
The committee reviewed the register.
"""


def test_minutes_with_4_1_numbering():
    (meeting,) = _of(parse([DOTTED_MINUTES]), "meeting")
    assert meeting.data["venue"] == "Police Headquarters"
    items = [i.data for i in _of(meeting.children, "agenda_item")]
    assert [(i["number"], i["title"]) for i in items] == [("4.1", "Internal audit progress"), ("4.2", "Risk register")]
    assert items[0]["resolution"] == "agreed"


NOTICE = """OFFICE OF THE POLICE AND CRIME COMMISSIONER
DECISION NOTICE

Reference: PCC/2020/015
Title: Purchase of body worn video cameras
Date of decision: 14 August 2020

Decision:
To approve the purchase of 600 body worn video cameras at a cost of £420,000.

Reasons: The current cameras are at the end of their life.
"""


def test_a_labelled_decision_notice():
    (decision,) = _of(parse([NOTICE]), "decision")
    assert decision.data == {
        "reference": "PCC/2020/015",
        "date": "2020-08-14",
        "subject": "Purchase of body worn video cameras",
        "decision": "To approve the purchase of 600 body worn video cameras at a cost of £420,000.",
        "decision_maker": "",
        "amount": "£420,000",
    }


def test_plan_rows_from_a_word_table():
    rows = [
        "Police and Crime Plan delivery update",
        "Code\tPriority\tOPCC lead\tDelivery lead\tUpdate\tStatus",
        "P1\tCut violent crime\tAB\tConstabulary; Violence Reduction Unit\tHot-spot patrols started.\tGreen",
        "P2\tSupport victims\tCD\tVictim Services\tNew contract let.\tAmber",
    ]
    lexicon = Lexicon(organisations={"constabulary": "West Yorkshire Police"})
    found = _of(parse(["\n".join(rows)], lexicon), "plan_row")
    assert [f.data for f in found] == [
        {
            "code": "P1",
            "theme": "",
            "text": "Cut violent crime",
            "opcc_lead": "AB",
            "delivery_leads": ["West Yorkshire Police", "Violence Reduction Unit"],
            "update": "Hot-spot patrols started.",
            "status": "Green",
        },
        {
            "code": "P2",
            "theme": "",
            "text": "Support victims",
            "opcc_lead": "CD",
            "delivery_leads": ["Victim Services"],
            "update": "New contract let.",
            "status": "Amber",
        },
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("6 September 2017", "2017-09-06"),
        ("21st Sept 17", "2017-09-21"),
        ("Tuesday 19th May 2020", "2020-05-19"),
        ("06/09/2017", "2017-09-06"),
        ("31 February 2020", None),
        ("no date here", None),
    ],
)
def test_dates_as_papers_write_them(text, expected):
    found = parse_date(text)
    assert (found.isoformat() if found else None) == expected


def test_nothing_is_proposed_from_prose_and_a_huge_line_is_survived():
    assert parse(["Just a letter.\nDear resident, thank you for writing."]) == []
    assert parse(["word " * 200_000]) == []
