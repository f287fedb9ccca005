"""The parsers find the few lines a pattern can match in a paper's whole text at once, and try
cheap tests before costly patterns. These tests hold those short cuts to the answers of the
patterns themselves, line by line: a short cut may let through more than its pattern matches,
never less, and the parsers' answers do not change."""

from __future__ import annotations

import random
import re

import pytest

from openpcc.imports.parsing import common, decisions, layout, minutes, plans, reports
from openpcc.imports.parsing.common import Line

# Lines in the shapes the short cuts are about, in the project's own words: artefacts of web and
# PDF copies, references, codes, headings, and letters that case folding reads differently.
SHAPES = [
    "",
    "Minutes of the Fenmoor Panel",
    "Share",
    "SHARE",
    "Media",
    "Link: the page",
    "Total Page: 12",
    "File Type:pdf, Size:900Kb",
    "Skip to main content",
    "Text size: A A A",
    "Open Menu",
    "YouTube",
    "Accessibility Settings here",
    "|",
    "* |",
    "--|--",
    "Occurred",
    "Documents",
    "\u2022 Members",
    "C:\\Papers\\panel.docx",
    "/home/clerk/minutes.pdf",
    "S:/Panel/2021/notes.docx",
    "2021/22 budget",
    "Minutes pdf icon PDF 88 KB",
    "Report PDF 2 MB",
    "Pdf Minutes (40Kb)",
    "Notice 7 \u2013 2021. Estates review (application, 51kB)",
    "View directions",
    "watch the webcast of meeting",
    "Page 2 of 9 Fenmoor",
    "P r e s e n t: Cllr A Birch",
    "two  spaces here",
    " leading space",
    "trailing space ",
    "a tab\there",
    "bar | cell",
    "a dotless \u0131 here",
    "\u017fhare",
    "\u212aelvin",
    "\u0130tem",
    "\u2018quoted\u2019 words",
    "1. MINUTES",
    "(b) noted. 4. ACTION LOG",
    "The meeting began at 2.00 pm and ended at 4.10 pm.",
    "Decision Ref:",
    "DECISION NOTICE FPC/2021/004",
    "Reference: FPC3-0012",
    "No.: 14/2021",
    "Number: 6",
    "FPC 2021-014",
    "FPC",
    "2021-014",
    "  FPC/2021/004 ",
    "014-2021 \u2013 Grants to youth clubs",
    "2021/15 - Estates review",
    "Decision 9 \u2013 2021. Plan refresh",
    "Agenda Item 6",
    "To: Fenmoor Panel",
    "Purpose 1. To tell the Panel",
    "PURPOSE",
    "2. Recommendations",
    "3.0 Background:",
    "Executive summary",
    "V1",
    "V2 cut harm",
    "V1.2",
    "K3.",
    "Update - in hand.",
    "R1\tReduce harm\tFenmoor Council\tAB\tdone\tGreen",
    "ref: 221",
    "Chair:",
    "Signed",
    "Action log",
    "The OPCC and the FRS met the HMICFRS team.",
    "ALL IN CAPITALS AS A HEADING OPCC",
    "An ordinary sentence naming the PCC and DVI once.",
    "digits \u0663 outside Latin-1",
    "\u0663/21",
]


def _paper(seed: int, size: int = 60, shapes: list[str] = SHAPES) -> list[Line]:
    rng = random.Random(seed)
    texts = [rng.choice(shapes) for _ in range(size)]
    pages, page = [], []
    for text in texts:
        page.append(text)
        if rng.random() < 0.1:
            pages.append("\n".join(page))
            page = []
    pages.append("\n".join(page))
    return common.lines_of(pages)


@pytest.fixture(autouse=True)
def _fresh():
    common.forget_joined()
    yield
    common.forget_joined()


@pytest.mark.parametrize("seed", range(12))
def test_words_are_found_on_the_lines_that_hold_them(seed):
    lines = _paper(seed)
    texts = [x.text for x in lines]
    folds_apart = any(c in "".join(texts) for c in "\u0130\u0131\u017f\u212a")
    for words, fold, at_start, at_end in [
        (("ref",), False, False, False),
        (("  ",), False, False, False),
        (("\t",), False, False, False),
        ((" ",), False, True, False),
        ((" ",), False, False, True),
        (("decision",), True, False, False),
        (("decision", "ref", "number", "no"), True, True, False),
        (("agenda", "to"), True, True, False),
        (("icon", "pdf", "page"), True, False, False),
    ]:
        found = common.lines_with(lines, *words, fold=fold, at_start=at_start, at_end=at_end)
        assert found == sorted(set(found)), "in order, each line once"

        def holds(text: str, words=words, fold=fold, at_start=at_start, at_end=at_end) -> bool:
            text = text.lower() if fold else text
            if at_start:
                return any(text.startswith(w) for w in words)
            if at_end:
                return any(text.endswith(w) for w in words)
            return any(w in text for w in words)

        wanted = [k for k, text in enumerate(texts) if holds(text)]
        if fold and folds_apart:
            assert found == list(range(len(lines))), "a letter re.I reads otherwise: every line"
        else:
            assert found == wanted, words


def test_folded_words_find_every_line_an_ignorecase_pattern_matches():
    lines = [Line(t, 1, k) for k, t in enumerate(["Decision made", "DECISION", "indecisive", "a decision\u0131"])]
    pattern = re.compile(r"decision", re.I)
    found = common.lines_with(lines, "decision", fold=True)
    assert {k for k, x in enumerate(lines) if pattern.search(x.text)} <= set(found)
    assert found == [0, 1, 2, 3]  # the dotless i: every line, as re.I finds "decısion" and lower() does not


@pytest.mark.parametrize("seed", range(12))
def test_openings_let_through_every_line_their_patterns_match(seed):
    lines = _paper(seed)
    cases = [
        (layout.FURNITURE_OPENING, True, layout.FURNITURE, "match"),
        (reports.SECTION_OPENING, True, reports.SECTION, "match"),
        (decisions.LISTED_OPENING, False, decisions.LISTED, "match"),
        (plans.CODE_OPENING, False, plans.CODE_LINE, "match"),
        (plans.CODE_OPENING, False, plans.ACTIVITY_MARK, "match"),
    ]
    for opening, fold, pattern, how in cases:
        found = set(common.lines_opening(lines, opening, fold=fold))
        matched = {k for k, x in enumerate(lines) if getattr(pattern, how)(x.text)}
        assert matched <= found, pattern.pattern[:40]
    alone = set(common.lines_opening(lines, decisions.REFERENCE_ALONE))
    wanted = {
        k
        for k, x in enumerate(lines)
        if decisions.SHORT_CAPS.match(x.text) or decisions.REFERENCE.fullmatch(x.text.strip())
    }
    assert wanted <= alone
    glued = set(common.lines_matching(lines, layout.GLUED_WITHIN))
    assert {k for k, x in enumerate(lines) if x.text.isprintable() and layout.GLUED_NEAR.search(x.text)} <= glued
    capitals = common.lines_with_capitals(lines)
    assert capitals == [k for k, x in enumerate(lines) if minutes._TWO_CAPITALS.search(x.text)]


def test_a_reference_is_found_alone_on_its_line_and_nowhere_else():
    texts = ["FPC", "FPC/2021/004", " 14/21 ", "FPC 2021-014 and more", "Fenmoor", "AB\t", "1234567"]
    lines = [Line(t, 1, k) for k, t in enumerate(texts)]
    assert common.lines_opening(lines, decisions.REFERENCE_ALONE) == [0, 1, 2, 5]


# A tab sends a whole paper line by line, and a letter re.I reads otherwise every line the folded
# words would find: these papers have neither, or only the letters, so the short cut is taken.
PRINTABLE_SHAPES = [shape for shape in SHAPES if shape.isprintable()]
PLAIN_SHAPES = [shape for shape in PRINTABLE_SHAPES if not any(c in shape for c in "\u0130\u0131\u017f\u212a")]


@pytest.mark.parametrize("shapes", [PLAIN_SHAPES, PRINTABLE_SHAPES])
@pytest.mark.parametrize("seed", range(12))
def test_prepared_lines_are_the_same_with_and_without_the_short_cut(seed, shapes, monkeypatch):
    lines = _paper(seed, size=80, shapes=shapes)
    assert layout._to_clean(lines) is not None
    quick = layout.prepared(lines)
    monkeypatch.setattr(layout, "_to_clean", lambda lines: None)  # every line cleaned on its own
    slow = layout.prepared(lines)
    assert [tuple(x) for x in quick[0]] == [tuple(x) for x in slow[0]]
    assert quick[1] == slow[1]


def test_a_paper_with_a_tab_is_cleaned_line_by_line():
    lines = common.lines_of(["Open Menu\nthe tab\there  \nMedia"])
    assert layout._to_clean(lines) is None
    assert [x.text for x in layout.prepared(lines)[0]] == ["", "the tab here", ""]


@pytest.mark.parametrize("seed", range(6))
def test_acronyms_asked_a_word_at_a_time_are_those_of_the_whole_paper(seed):
    lines = _paper(seed, size=100)
    everything = minutes.acronyms_in(lines)
    asked = minutes.PaperAcronyms(lines)
    for word in ["OPCC", "PCC", "DVI", "FRS", "HMICFRS", "ALL", "IN", "CAPITALS", "FPC", "MINUTES", "A", "THE"]:
        assert (word in asked) == (word in everything), word


_SENTENCE_TEXT = (
    "agreed undertook promised offered was were asked would will to circulate provide send share report back write "
    "arrange investigate look into follow up seek legal advice bring an the update supply produce clarify confirm in "
    "writing next meeting action : \u2013 briefing response be brought presented added taken agenda of for that should "
    "circulated sent suggest contact raise ask Chair Clerk Cllr Birch check review liaise elected appointed co-opted "
    "duly minutes approved confirmed accepted noted and signed read recorded accurate panel committee board members "
    "authority formally endorsed decided resolved with agreement approval consent it . x"
)
SENTENCE_WORDS = _SENTENCE_TEXT.split()


def test_the_word_tests_let_through_every_sentence_the_patterns_match():
    rng = random.Random(7)
    matched_actions = matched_decisions = 0
    for _ in range(20000):
        words = [rng.choice(SENTENCE_WORDS) for _ in range(rng.randint(2, 12))]
        words = [w.upper() if rng.random() < 0.1 else w for w in words]
        sentence = "".join(w + rng.choice([" ", " ", "  ", "\t"]) for w in words).strip()
        folded = sentence.casefold()
        if minutes.ACTION_SENTENCE.search(sentence):
            matched_actions += 1
            assert any(word in folded for word in minutes.ACTION_SENTENCE_WORDS)
            assert minutes._may_match(sentence, minutes.ACTION_SENTENCE_NEEDS), sentence
            assert minutes.ACTION_SENTENCE_NEAR.search(" ".join(folded.split())), sentence
        if minutes.IMPLICIT_RESOLUTION.search(sentence):
            matched_decisions += 1
            assert minutes._may_match(sentence, minutes.IMPLICIT_RESOLUTION_NEEDS), sentence
    assert matched_actions > 100 and matched_decisions > 100  # the sample reaches the patterns
    assert minutes._may_match("the panel agreed to circulate", minutes.ACTION_SENTENCE_NEEDS)
    assert not minutes._may_match("the panel met", minutes.ACTION_SENTENCE_NEEDS)
    assert minutes._may_match("ıt was nothing", minutes.IMPLICIT_RESOLUTION_NEEDS)  # a dotless i passes


def test_a_search_tried_where_its_words_start_finds_what_the_search_finds():
    texts = [
        "The meeting began at 10.00 am and closed at 11.30 am.",
        "It restarted at noon; the meeting ended at 3 pm.",
        "Nothing began here at all",
        "xbegan at 9 then the Meeting Closed at 5",
        "",
        "Commenced at 9.30 and finished at 10",
        "a dotless \u0131 and the meeting closed at 6",
    ]
    for text in texts:
        began, ended = common.search_from(
            text, (minutes.BEGAN, minutes.BEGAN_STARTS), (minutes.ENDED, minutes.ENDED_STARTS)
        )
        for got, pattern in ((began, minutes.BEGAN), (ended, minutes.ENDED)):
            want = pattern.search(text)
            assert (got and (got.span(), got.groups())) == (want and (want.span(), want.groups())), text


def test_lines_are_tuples_made_in_place():
    lines = common.lines_of(["one\n two \n", "three"])
    assert [tuple(x) for x in lines] == [("one", 1, 0), ("two", 1, 1), ("", 1, 2), ("three", 2, 3)]
    assert lines[1] == Line("two", 1, 1) and lines[1].text == "two"
    assert common.in_place(lines) and not common.in_place(lines[1:])
