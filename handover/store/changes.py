"""What a write statement changes (its table; for an UPDATE, the columns it assigns), read from
its SQL, and whether a change touches what a memo reads. Not understood: "everything".

Memos depend on what they read (`Database.remember(..., reads=...)`); a write transaction records
what its statements changed. Misreading a statement must only ever cost a recomputation, never a
stale value: every doubt here resolves to EVERYTHING.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

# table -> the columns an UPDATE assigned, or None for rows added, removed or unknown changes.
Changes = dict[str, frozenset[str] | None]
# What a memo reads: table -> the columns it reads, or None for the whole table.
Reads = Mapping[str, frozenset[str] | None]
EVERYTHING = None  # a change (or a memo's reads) that is not narrowed down

_NAME = r'"?(?:main\.)?"?([A-Za-z_][A-Za-z0-9_]*)"?'
_COMMENT = re.compile(r"--[^\n]*|/\*.*?\*/", re.S)
_READ_ONLY = re.compile(r"(?is)^\s*(SELECT|BEGIN|COMMIT|ROLLBACK|SHOW|DESCRIBE|EXPLAIN|FROM)\b")
_WITH = re.compile(r"(?is)^\s*WITH\b")
_WRITE_WORD = re.compile(r"(?i)\b(INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|COPY|TRUNCATE|ATTACH)\b")
_INSERT = re.compile(rf"(?is)^\s*INSERT\s+(?:OR\s+(?:REPLACE|IGNORE)\s+)?INTO\s+{_NAME}[\s(]")
_DELETE = re.compile(rf"(?is)^\s*DELETE\s+FROM\s+{_NAME}(?:\s|$)")
_UPDATE = re.compile(rf"(?is)^\s*UPDATE\s+{_NAME}(?:\s+(?:AS\s+)?[A-Za-z_][A-Za-z0-9_]*)?\s+SET\s")
_ASSIGNED = re.compile(r'(?s)^\s*(?:[A-Za-z_][A-Za-z0-9_]*\.)?"?([A-Za-z_][A-Za-z0-9_]*)"?\s*=')
_CLAUSE_END = re.compile(r"(?i)(FROM|WHERE|RETURNING)\b")


def _assignments(text: str) -> list[str] | None:
    """The top-level comma-separated pieces of an UPDATE's SET list (up to FROM/WHERE/RETURNING);
    None when quoting or brackets do not balance."""
    pieces: list[str] = []
    depth = 0
    quote = ""
    start = 0
    index = 0
    while index < len(text):
        char = text[index]
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth < 0:
                return None
        elif depth == 0 and char == ",":
            pieces.append(text[start:index])
            start = index + 1
        elif (
            depth == 0
            and (index == 0 or not (text[index - 1].isalnum() or text[index - 1] == "_"))
            and _CLAUSE_END.match(text, index)
        ):
            break
        index += 1
    if quote or depth:
        return None
    pieces.append(text[start:index])
    return pieces


def written_by(sql: str) -> Changes | None:
    """What one SQL statement changes: {} for a read, {table: columns or None}, or None when it
    is not understood (so it may have changed anything)."""
    text = _COMMENT.sub(" ", sql).strip().rstrip(";")
    if ";" in text:
        return EVERYTHING  # several statements: not read further
    if _READ_ONLY.match(text):
        return {}
    if _WITH.match(text):
        return EVERYTHING if _WRITE_WORD.search(text) else {}
    if found := _INSERT.match(text) or _DELETE.match(text):
        return {found.group(1).lower(): None}
    if found := _UPDATE.match(text):
        table = found.group(1).lower()
        pieces = _assignments(text[found.end() :])
        columns = [_ASSIGNED.match(piece) for piece in pieces or []]
        if not pieces or not all(columns):
            return {table: None}
        return {table: frozenset(column.group(1).lower() for column in columns if column)}
    return EVERYTHING


def merge(into: Changes | None, more: Changes | None) -> Changes | None:
    """Both sets of changes as one (None absorbs everything)."""
    if into is None or more is None:
        return EVERYTHING
    for table, columns in more.items():
        if table in into:
            before = into[table]
            into[table] = None if before is None or columns is None else before | columns
        else:
            into[table] = columns
    return into


def reads_of(names: Iterable[str]) -> dict[str, frozenset[str] | None]:
    """`("obligations.status", "people")` as {table: columns or None for the whole table}."""
    reads: dict[str, frozenset[str] | None] = {}
    for name in names:
        table, _, column = name.lower().partition(".")
        if not column:
            reads[table] = None
        elif table not in reads:
            reads[table] = frozenset({column})
        elif (known := reads[table]) is not None:
            reads[table] = known | {column}
    return reads


def touches(change: Changes | None, reads: Reads | None) -> bool:
    """Whether `change` can alter what a memo reading `reads` computed."""
    if change is None or reads is None:
        return change != {}
    for table, columns in change.items():
        if table not in reads:
            continue
        read = reads[table]
        if columns is None or read is None or columns & read:
            return True
    return False


def covers(outer: Reads | None, inner: Reads | None) -> bool:
    """Whether a memo reading `outer` may use a memo reading `inner` (it declares all of it)."""
    if outer is None:
        return True
    if inner is None:
        return False
    for table, columns in inner.items():
        if table not in outer:
            return False
        read = outer[table]
        if read is not None and (columns is None or not columns <= read):
            return False
    return True
