"""Reading board papers and panel packs into proposed records.

Pure text in, proposals out: no database, so each parser can be tested on its own and on
any office's papers. A paper is a list of page texts (PDF pages as extracted; a Word or text
file is one page unless it has form feeds). Every proposal carries the page and the passage
it came from, so a reviewer can check it against the original.

The parsers look for the shapes these papers share rather than for one office's wording:

- meetings: "Minutes of (a|the) meeting of <committee> held at <venue> on <date>", in one
  line or spread over several, and "<committee> — minutes of the meeting held on <date>";
- attendance: "Present:" / "Members present:" / "Officers present:" / "In attendance:" /
  "Others present:" lists, "Apologies (for absence) were received from ..." sentences and
  "X was in attendance as substitute for Y";
- minute items numbered "16.", "16", "39/20", "4.1", "Item 7", "Minute 12" — on the same
  line as the title or on the line before it;
- lettered questions "a)", "(a)", "a." inside an item, and resolutions "RESOLVED",
  "AGREED", "NOTED", "RECOMMENDATION", with "Reasons for the decision";
- action logs (a table headed date / item / action, or "ACTION:" lines) with
  "<owner> to <verb> ..." rows;
- reports: "Agenda Item (No.) 5" or "To: / From: / Date:" headers, a title in capitals, and
  numbered or plain sections "Purpose", "Recommendation(s)";
- decision records: references like "CPCC 2017-020", "PCC/2020/015", "DN 039/20",
  "Decision 2020/15" with a date, subject and decision — in register tables or in labelled
  notices ("Reference:", "Title:", "Decision:", "Date:");
- plan delivery rows: codes like "V1", "O10", "T3" (a letter or two and a number) with the
  priority text, OPCC lead initials, delivery leads, update and status — in extracted table
  layouts and in tab-separated rows (Word tables).
"""

from __future__ import annotations

from .common import Found, Lexicon, Line, lines_of, parse_date, summary
from .decisions import parse_decisions
from .minutes import _ACRONYMS, PaperAcronyms, parse_minutes
from .plans import parse_plan_rows
from .reports import parse_action_plan, parse_reports

__all__ = ["Found", "Lexicon", "Line", "lines_of", "parse", "parse_date", "summary"]


# --- the whole paper -------------------------------------------------------------------------


def parse(pages: list[str], lexicon: Lexicon | None = None) -> list[Found]:
    """Every proposal a paper yields, in reading order (meetings carry their items)."""
    _forget()
    lines = lines_of(pages)
    _ACRONYMS.set(PaperAcronyms(lines))  # found when a heading in capitals first needs them
    found: list[Found] = []
    found.extend(parse_minutes(lines))
    if not found:
        found.extend(parse_action_plan(lines))  # an action plan's rows, where the paper is one
    found.extend(parse_reports(lines))
    found.extend(parse_decisions(lines))
    found.extend(parse_plan_rows(lines, lexicon))
    return found


def _forget() -> None:
    """Each paper is read from scratch: what the readers kept of the last one (answers they
    give again and again for the same line) is let go, so memory stays bounded however many
    papers an archive holds."""
    from . import common, people, plans

    common.forget_joined()
    people._parts.cache_clear()
    plans._name_like.cache_clear()
    plans._sentence_shaped.cache_clear()
