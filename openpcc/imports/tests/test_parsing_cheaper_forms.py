"""Some patterns are written in a cheaper form than the one they replace (a sentence break found
from its full stop, the first letters of a pattern's forms tested first, several patterns tried
as one), and some readers look at a whole item's text before its lines. These tests hold each
cheaper form to the answers of the plain one, on text in the shapes the readers meet, and the
readers to the answers they gave line by line."""

from __future__ import annotations

import random
import re

import pytest

from openpcc.imports.parsing import minutes, parse, plans
from openpcc.imports.parsing.common import Line

# --- sentences -----------------------------------------------------------------------------------

# The plain form: the white space after a full stop, "!" or "?" (looked back to from each space)
# before a capital, a bracket, or a dash or bullet and a space.
PLAIN_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z(]|[–—•]\s)")

PIECES = [
    "The Panel",
    "noted the report",
    "members asked",
    ".",
    "!",
    "?",
    " ",
    "  ",
    "\t",
    "\u00a0",
    "\n",
    "(",
    "– ",
    "—",
    "• ",
    "e.g.",
    "A",
    "b",
    "OPCC",
    "3.5",
]


@pytest.mark.parametrize("seed", range(5))
def test_sentences_are_split_where_the_plain_pattern_splits_them(seed):
    rng = random.Random(seed)
    for _ in range(2000):
        paragraph = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 16)))
        assert minutes._sentence_split(paragraph) == PLAIN_SENTENCE_BREAK.split(paragraph), paragraph


def test_an_item_s_sentences_are_its_paragraphs_sentences():
    body = [
        Line(text, 1, n)
        for n, text in enumerate(
            [
                "Minutes: The Chair welcomed members. The Panel asked about",
                "the custody suite! Was it open?  (It was.) – The Commissioner agreed.",
                "",
                "4 The report was noted.",
            ]
        )
    ]
    assert minutes._sentences(body) == [
        "The Chair welcomed members.",
        "The Panel asked about the custody suite!",
        "Was it open?",
        "(It was.) – The Commissioner agreed.",  # (a bracket, not a stop, before the dash)
        "The report was noted.",
    ]


# --- decisions recorded without a marker -----------------------------------------------------------

# The plain form: the pattern's forms, tried one by one at every word.
PLAIN_IMPLICIT_RESOLUTION = re.compile(
    minutes.IMPLICIT_RESOLUTION.pattern.replace(r"\b(?=[wmbapci])(?:", "(?:", 1), re.I
)

SENTENCES = [
    "Councillor Ann Reed was duly elected Chair of the Panel.",
    "Tom Bell were co-opted to the Panel",
    "The minutes of the meeting held on 3 March were agreed as a correct record.",
    "THE MINUTES WERE TAKEN AS READ",
    "That the report be noted.",
    "The update was received, discussed and noted.",
    "The report was agreed and noted.",
    "The Panel unanimously endorsed the plan.",
    "MEMBERS APPROVED THE BUDGET",
    "The Authority formally resolved to proceed.",
    "The Cabinet noted that the bid had failed.",
    "The Committee noted the figures.",
    "With the agreement of the Board the item was deferred.",
    "It was unanimously agreed to write to the Minister.",
    "İt was agreed that the Chair would write.",
    "It was agreed, after a long debate, to wait.",
    "The Board heard the Chief Constable.",
    "Members asked how many officers were trained.",
    "The Panel noted that the report was late.",
    "",
]


def test_the_first_letters_tested_first_find_what_every_form_finds():
    assert minutes.IMPLICIT_RESOLUTION.pattern.startswith(r"\b(?=[wmbapci])(?:")
    found = 0
    for sentence in SENTENCES:
        for text in (sentence, sentence.lower(), sentence.upper()):
            cheap, plain = minutes.IMPLICIT_RESOLUTION.search(text), PLAIN_IMPLICIT_RESOLUTION.search(text)
            assert (cheap and cheap.span()) == (plain and plain.span()), text
            found += bool(plain)
    assert found >= 30  # (most of the sentences record a decision: the test sees the forms match)


def test_a_body_with_no_marker_word_counts_the_decisions_its_sentences_record():
    def body(*texts: str) -> list[Line]:
        return [Line(text, 1, n) for n, text in enumerate(texts)]

    assert minutes._resolution_count(body("The Panel noted the report.", "RESOLVED that the plan be adopted.")) == (
        1,
        "",
    )
    assert minutes._resolution_count(body("Agreed.", "RESOLVED that the plan be adopted.")) == (2, "Agreed.")
    assert minutes._resolution_count(body("It was agreed that the plan be adopted.", "The Chair thanked all.")) == (
        1,
        "It was agreed that the plan be adopted.",
    )
    assert minutes._resolution_count(
        body("Recommended", "That the minutes of the last meeting be agreed as a correct record.")
    ) == (0, "")
    assert minutes._resolution_count(body("The Chair thanked members for attending.")) == (0, "")


# --- an item's minutes -------------------------------------------------------------------------------


def test_an_item_s_minutes_lose_a_marker_left_at_their_end_and_stop_at_its_questions():
    page = "\n".join(
        [
            "Minutes of the meeting of the Fenmoor Police and Crime Panel held at Fenmoor Hall on 3 March 2021",
            "",
            "Present: Councillor Ann Reed (Chair), Councillor Tom Bell",
            "",
            "1. Rural crime update",
            "The Panel heard how the rural crime team had worked with farm watch groups.",
            "ACTION",
            "",
            "2. Estates plan",
            "Members asked about the new custody suite and its costs.",
            "RESOLVED",
            "",
            "3. Victims services",
            "The Panel asked the following questions:",
            "a) How many victims were referred to the hub? The hub had taken 300 referrals.",
            "b) Was the service open at weekends? It was open on Saturdays.",
        ]
    )
    (meeting,) = [found for found in parse([page]) if found.kind == "meeting"]
    items = [child.data for child in meeting.children if child.kind == "agenda_item"]
    assert [item["minutes"] for item in items] == [
        "The Panel heard how the rural crime team had worked with farm watch groups.",
        "Members asked about the new custody suite and its costs.",
        "The Panel asked the following questions:",
    ]
    assert [item["resolution_count"] for item in items] == [0, 1, 0]
    assert [len(item["questions"]) for item in items] == [0, 0, 2]


# --- plan rows ---------------------------------------------------------------------------------------

LINE_SHAPES = [
    "V1",
    "V12",
    "O3.1",
    "T8 the police estate.",
    "AB",
    "AB/CD",
    "AB & CDE",
    "ABCD",
    "Theme",
    "P & CP priority",
    "OPCC lead",
    "Delivery status",
    "RAG Status",
    "Update",
    "Progress",
    "White - not started",
    "Back on track",
    "On Target",
    "ON TRACK",
    "on\u00a0track",
    "Amber",
    "red",
    "Work in progress",
    "Key delivery areas",
    "Constabulary",
    "County Council",
    "Reduce reoffending by young people",
    "ſtatus",
    "\u212aey delivery",
    "",
]


def test_the_patterns_tried_at_once_answer_as_the_patterns_one_by_one():
    rng = random.Random(7)
    letters = list("ABVOT12. /&,-\u00a0onredgtackmwhiſ")
    shapes = LINE_SHAPES + ["".join(rng.choice(letters) for _ in range(rng.randint(0, 9))) for _ in range(20000)]
    for text in shapes:
        one_by_one = (
            plans.CODE_LINE.match(text)
            or plans.INITIALS.match(text)
            or plans.TABLE_NOISE.match(text)
            or plans.STATUS_WORDS.match(text)
        )
        assert bool(plans.NOT_A_SENTENCE.match(text)) == bool(one_by_one), text
        noise = plans.TABLE_NOISE.match(text) or plans.STATUS_WORDS.match(text)
        assert bool(plans.NOISE_OR_STATUS.match(text)) == bool(noise), text
    assert not plans._sentence_shaped("On Target") and not plans._sentence_shaped("V1")
    assert plans._sentence_shaped("Reduce reoffending by young people")
    assert plans._name_like("County Council") and not plans._name_like("Amber")


PLAN_PAGE = [
    "Victims",
    "Improve the support given to victims of crime across the county.",
    "V1",
    "Constabulary",
    "AB",
    "",
    "Develop the hub so that every victim is offered help within two days.",
    "V2",
    "County Council",
    "Health partners",
    "CD",
    "",
    "Extend restorative justice to more young people who offend.",
    "V3",
    "Fenmoor Youth Offending Service",
    "AB",
    "Victims",
]


LEADS = {
    # knowing no organisations: the name-shaped lines nearest each code (names split over lines joined)
    False: {
        "V1": ["Constabulary"],
        "V2": ["County Council Health partners", "Constabulary"],
        "V3": ["Fenmoor Youth Offending Service", "County Council Health partners"],
    },
    # knowing some: those, nearest first, and no merely name-shaped line
    True: {
        "V1": ["Constabulary", "County Council"],
        "V2": ["County Council", "Constabulary"],
        "V3": ["County Council"],
    },
}


@pytest.mark.parametrize("knows", [False, True])
def test_leads_beside_a_code_are_found_with_and_without_known_organisations(knows):
    from openpcc.imports.parsing import Lexicon

    lexicon = Lexicon(
        organisations={"constabulary": "Constabulary", "county council": "County Council"} if knows else {},
        initials={"AB", "CD"} if knows else set(),
    )
    found = parse(["\n".join(PLAN_PAGE)], lexicon)
    rows = {row.data["code"]: row.data for row in found if row.kind == "plan_row"}
    assert {code: row["delivery_leads"] for code, row in rows.items()} == LEADS[knows]
    assert rows["V2"]["text"] == "Develop the hub so that every victim is offered help within two days."


# --- file paths ------------------------------------------------------------------------------------

# The plain form of a file path's second shape: any two separators apart in the first word, then a
# file name (tried with every pair of separators).
PLAIN_FILE_PATH = re.compile(
    r"^(?:[A-Za-z]:\\|\\\\|/(?:home|users|mnt|shared|srv)/)\S*(?:\s\S+){0,8}$|"
    r"^\S*[\\/]\S+[\\/]\S*\.(?:docx?|rtf|pdf|odt)\b.*$",
    re.I,
)


def test_a_file_path_is_found_where_the_plain_pattern_finds_one():
    from openpcc.imports.parsing import layout

    pieces = ["/", "\\", "//", ".", ".pdf", ".PDF", ".docx", ".doc", ".rtf", ".odt", ".pdfs", "panel", "2021"]
    pieces += ["_", " ", "\t", "\n", "-", "C:", "é", "\u00a0", "notes.pdf ", "/home/", "https://www.example.org"]
    rng = random.Random(11)
    shapes = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))) for _ in range(50000)]
    shapes += ["S:/Panel/2021/notes.docx", "https://www.example.org/wp-content/uploads/2021/03/panel-minutes.pdf"]
    matched = 0
    for text in shapes:
        cheap, plain = layout.FILE_PATH.match(text), PLAIN_FILE_PATH.match(text)
        assert (cheap and cheap.span()) == (plain and plain.span()), text
        matched += bool(plain)
    assert matched > 1000


# --- people ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Councillors  Reed,\tBell and\u00a0Hart", ["Councillor Reed", "Councillor Bell", "Councillor Hart"]),
        ("Councillor Ann Reed (Chair),\u2003Councillor Tom Bell", ["Councillor Ann Reed", "Councillor Tom Bell"]),
        ("  Mr G Ridleyand Mr P Garfoot ", ["Mr G Ridley", "Mr P Garfoot"]),
    ],
)
def test_names_are_read_through_any_white_space(text, names):
    from openpcc.imports.parsing import people

    assert people.names_in(text) == names
    assert people.names_in(" ".join(text.split())) == names


def test_a_person_line_is_read_through_any_white_space():
    from openpcc.imports.parsing import people

    assert people.person_line("  Ann Reed (AR) \u2013 Chief Executive\t") == "Ann Reed"
    assert people.person_line("PS\u00a0Tom Bell") == "PS Tom Bell"
