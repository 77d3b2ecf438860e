"""Comparing two versions of a draft: lines side by side, the changed words inside a changed line marked."""

import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass
class Row:
    kind: str  # "same", "added", "removed", "changed"
    old: SafeString
    new: SafeString


def _words(old: str, new: str) -> tuple[SafeString, SafeString]:
    """Both lines as HTML, with the words only in `old` in <del> and those only in `new` in <ins>."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    left, right = [], []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        removed, added = escape("".join(a[i1:i2])), escape("".join(b[j1:j2]))
        if tag == "equal":
            left.append(removed)
            right.append(added)
            continue
        if removed:
            left.append(f"<del>{removed}</del>")
        if added:
            right.append(f"<ins>{added}</ins>")
    return mark_safe("".join(left)), mark_safe("".join(right))  # noqa: S308 - every piece is escaped


_SIMILAR = 0.5  # lines at least this alike are shown as one changed line, not a removal and an addition


def _paired(olds: list[str], news: list[str]) -> list[Row]:
    """A block of replaced lines: each old line paired with the next new line like it, in order."""
    rows, start = [], 0
    for line in olds:
        match = next(
            (
                j
                for j in range(start, len(news))
                if difflib.SequenceMatcher(None, line, news[j], autojunk=False).ratio() >= _SIMILAR
            ),
            None,
        )
        if match is None:
            rows.append(Row("removed", escape(line), mark_safe("")))
            continue
        rows.extend(Row("added", mark_safe(""), escape(added)) for added in news[start:match])
        rows.append(Row("changed", *_words(line, news[match])))
        start = match + 1
    rows.extend(Row("added", mark_safe(""), escape(added)) for added in news[start:])
    return rows


def side_by_side(old: str, new: str) -> list[Row]:
    """Rows pairing the lines of `old` and `new`; unchanged lines kept for context."""
    a, b = old.splitlines(), new.splitlines()
    rows = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            rows.extend(Row("same", escape(line), escape(line)) for line in a[i1:i2])
        elif tag == "delete":
            rows.extend(Row("removed", escape(line), mark_safe("")) for line in a[i1:i2])
        elif tag == "insert":
            rows.extend(Row("added", mark_safe(""), escape(line)) for line in b[j1:j2])
        else:
            rows.extend(_paired(a[i1:i2], b[j1:j2]))
    return rows


def has_changes(rows: list[Row]) -> bool:
    return any(row.kind != "same" for row in rows)
