"""A generated paper's text, kept with each version, and what changed between two versions.

The text (``paper_text``) is the paper line by line, each line saying what it is (a section, a
paragraph, a table row ...): what "no change" and the summary of what changed are read from."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from openpcc.core.board_paper import (
    Block,
    BulletList,
    Heading,
    Paper,
    Paragraph,
    StatusKey,
    Table,
    counted,
)

from . import render as renderer

# --- the text kept ---------------------------------------------------------------------------------

SECTION, PARA, SUBHEAD, BULLET, TABLE, COLUMNS, ROW = "§ ", "¶ ", "## ", "• ", "Table: ", "Columns: ", "Row: "
_NUMBERED = re.compile(r"^¶ \d+\.\d+ ")
FRAME_LABELS = ("Title", "Classification", "To", "From", "Date", "Contact officer", "For a private meeting")


def _one_line(text: str) -> str:
    return " ".join(renderer.clean(text).split())


def _cells(cells: tuple[str, ...]) -> str:
    return " | ".join(_one_line(c) for c in cells)


def _block_lines(blocks: tuple[Block, ...], number: int | None) -> list[str]:
    lines: list[str] = []
    n = 0
    for block in blocks:
        if isinstance(block, Paragraph):
            n += 1
            lines.append(f"{PARA}{f'{number}.{n} ' if number else ''}{_one_line(block.text)}")
        elif isinstance(block, Heading):
            lines.append(f"{SUBHEAD}{_one_line(block.text)}")
        elif isinstance(block, BulletList):
            lines += [f"{BULLET}{_one_line(item)}" for item in block.items]
        elif isinstance(block, StatusKey):
            lines += [f"{TABLE}{_one_line(block.caption)}", f"{COLUMNS}Status | Meaning"]
            lines += [f"{ROW}{_cells(entry)}" for entry in block.entries]
        elif isinstance(block, Table):
            lines += [f"{TABLE}{_one_line(block.caption)}", f"{COLUMNS}{_cells(block.headings)}"]
            lines += [f"{ROW}{_cells(row)}" for row in block.rows]
    return lines


def paper_text(paper: Paper) -> str:
    """The paper as text, one line per thing it says, in the order it says it: its frame, then
    each numbered section and appendix (lines beginning "§ ") with its paragraphs, headings,
    bullets and tables, a line per row."""
    f = paper.frame
    lines = [
        f"Title: {_one_line(paper.content.title)}",
        f"Classification: {f.classification}",
        f"To: {_one_line(f.to)}",
        f"From: {_one_line(f.author)}",
        f"Date: {f.date:%-d %B %Y}",
    ]
    if f.contact_officer:
        lines.append(f"Contact officer: {_one_line(f.contact_officer)}")
    if f.private:
        lines.append("For a private meeting: may include records that are not public")
    for n, title, blocks in paper.numbered_sections():
        lines.append(f"{SECTION}{n}. {_one_line(title)}")
        lines += _block_lines(blocks, n)
    for n, appendix in enumerate(paper.content.appendices, 1):
        lines.append(f"{SECTION}Appendix {n}: {_one_line(appendix.title)}")
        lines += _block_lines(appendix.blocks, None)
    return "\n".join(lines) + "\n"


# --- what changed ----------------------------------------------------------------------------------


@dataclass
class _Part:
    heading: str  # as the paper shows it: "3. Background", "Appendix 1: Delivery"
    lines: list[str]


def _split(text: str) -> tuple[dict[str, str], dict[str, _Part]]:
    """The frame's values by label, and the sections by title without their numbers (which move
    when a section is added before them); a title used twice is told apart by its count."""
    frame: dict[str, str] = {}
    parts: dict[str, _Part] = {}
    current: _Part | None = None
    for line in text.splitlines():
        if line.startswith(SECTION):
            heading = line[len(SECTION) :]
            number, _, title = heading.partition(" ")
            key = f"Appendix: {heading.partition(': ')[2]}" if number == "Appendix" else title
            seen, n = key, 1
            while seen in parts:
                n += 1
                seen = f"{key} ({n})"
            current = parts[seen] = _Part(heading, [])
        elif current is not None:
            # a paragraph's number moves when one is added before it: compare what it says
            current.lines.append(_NUMBERED.sub(PARA, line, count=1) if line.startswith(PARA) else line)
        else:
            label, _, value = line.partition(": ")
            frame[label] = value
    return frame, parts


def _row_name(line: str) -> str:
    first = line[len(ROW) :].split(" | ", 1)[0]
    return f"“{first if len(first) <= 60 else first[:57] + '…'}”"


def _kind_of(line: str) -> str:
    if line.startswith(ROW):
        return "row"
    if line.startswith(PARA):
        return "paragraph"
    if line.startswith(BULLET):
        return "bullet point"
    if line.startswith(SUBHEAD):
        return "heading"
    return "table"


def _columns(lines: list[str]) -> list[list[str]]:
    """For each line, the column headings of the table it is in (none outside a table)."""
    out, current = [], []
    for line in lines:
        if line.startswith(COLUMNS):
            current = line[len(COLUMNS) :].split(" | ")
        elif not line.startswith(ROW):
            current = []
        out.append(current)
    return out


def _row_change(old: str, new: str, columns: list[str]) -> str:
    """ "“V1.2” (Status, Update)": a changed row by its first cell, with the columns that changed."""
    a, b = old[len(ROW) :].split(" | "), new[len(ROW) :].split(" | ")
    changed = [
        columns[k] if k < len(columns) else f"column {k + 1}"
        for k in range(max(len(a), len(b)))
        if (a[k] if k < len(a) else None) != (b[k] if k < len(b) else None)
    ]
    return f"{_row_name(new)} ({', '.join(changed)})" if changed else _row_name(new)


def _quoted(line: str) -> str:
    text = line.partition(" ")[2]
    return f"“{text if len(text) <= 80 else text[:77] + '…'}”"


def _part_changes(old: list[str], new: list[str]) -> str:
    """ "2 rows added (“V1.2”, “V1.3”), 1 paragraph changed (now “…”)": what differs between two
    versions of a section, counted by kind of line, naming up to three rows by their first cell
    (a changed row with the columns that changed) and saying what a paragraph now says."""
    counts: dict[tuple[str, str], int] = {}
    named: dict[tuple[str, str], list[str]] = {}
    columns = _columns(new)

    def note(how: str, line: str, name: str = "") -> None:
        key = (_kind_of(line), how)
        counts[key] = counts.get(key, 0) + 1
        if key[0] == "row":
            named.setdefault(key, []).append(name or _row_name(line))
        elif key[0] in ("paragraph", "bullet point") and how != "removed":
            named.setdefault(key, []).append(_quoted(line))

    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        removed, added = old[i1:i2], new[j1:j2]
        if op == "replace":
            # a line replaced by a line of the same kind is that line changed; the rest came or went
            pairs = min(len(removed), len(added))
            for n, (a, b) in enumerate(zip(removed[:pairs], added[:pairs], strict=True)):
                if _kind_of(a) == _kind_of(b) == "row":
                    note("changed", b, _row_change(a, b, columns[j1 + n]))
                elif _kind_of(a) == _kind_of(b):
                    note("changed", b)
                else:
                    note("removed", a)
                    note("added", b)
            removed, added = removed[pairs:], added[pairs:]
        for line in added:
            note("added", line)
        for line in removed:
            note("removed", line)
    out = []
    for (kind, how), n in counts.items():
        text = f"{counted(n, kind)} {how}"
        names = named.get((kind, how), [])
        if kind == "row" and names:
            more = f" and {counted(len(names) - 3, 'more')}" if len(names) > 3 else ""
            text += f" ({', '.join(names[:3])}{more})"
        elif names:
            text += f" (now {names[0]}{' and more' if len(names) > 1 else ''})"
        out.append(text)
    return "; ".join(out)


def paper_changes(old_text: str, new_text: str) -> list[str]:
    """What changed from one version of a paper to the next, in sentences a clerk can read out:
    the frame's values that changed, sections added and removed, and for each section changed
    its rows and paragraphs added, removed and changed. Empty when the texts are the same."""
    if old_text == new_text:
        return []
    old_frame, old_parts = _split(old_text)
    new_frame, new_parts = _split(new_text)
    out: list[str] = []
    for label in FRAME_LABELS:
        before, after = old_frame.get(label), new_frame.get(label)
        if before != after:
            if before is None:
                out.append(f"{label} added: “{after}”.")
            elif after is None:
                out.append(f"{label} removed (it was “{before}”).")
            else:
                out.append(f"{label} changed from “{before}” to “{after}”.")
    for key, part in new_parts.items():
        if key not in old_parts:
            out.append(f"Section added: {part.heading}.")
    for key, part in old_parts.items():
        if key not in new_parts:
            out.append(f"Section removed: {part.heading}.")
    for key, part in new_parts.items():
        before = old_parts.get(key)
        if before is not None and before.lines != part.lines:
            out.append(f"{part.heading}: {_part_changes(before.lines, part.lines)}.")
    if not out:
        out.append("The sections are in a different order.")
    return out
