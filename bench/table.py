"""One table for `make bench`: each bench script hands its lines to `emit`, which prints the
script's own table as before and, when BENCH_TABLE names a file, appends the lines to it as JSON;
bench/all.py runs the scripts one after another and prints every line in one table."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence

Line = tuple[str, str, str, str]  # measure, value, budget, verdict ("ok", "OVER" or "")


def emit(section: str, lines: Iterable[Sequence[str]], note: str = "") -> None:
    """Print `lines` under `section` (and `note`), and keep them for bench/all.py."""
    kept = [tuple(str(cell) for cell in (*line, "", "", "")[:4]) for line in lines]
    if not kept:
        return
    print(render([(section, note, kept)]))  # type: ignore[list-item]
    target = os.environ.get("BENCH_TABLE")
    if target:
        with open(target, "a", encoding="utf-8") as out:
            out.write(json.dumps({"section": section, "note": note, "lines": kept}) + "\n")


def render(sections: Sequence[tuple[str, str, Sequence[Line]]]) -> str:
    """The sections as one aligned table: a heading per section, then its lines."""
    every = [line for _, _, lines in sections for line in lines]
    if not every:
        return ""
    width = max(len(line[0]) for line in every)
    value = max(12, *(len(line[1]) for line in every))
    budget = max(6, *(len(line[2]) for line in every))
    out = [f"\n{'measure'.ljust(width)}  {'value'.rjust(value)}  {'budget'.rjust(budget)}  verdict"]
    for section, note, lines in sections:
        out.append("-" * (width + value + budget + 13))
        out.append(f"{section}" + (f"  ({note})" if note else ""))
        for name, shown, limit, verdict in lines:
            out.append(
                f"{name.ljust(width)}  {shown.rjust(value)}  {limit.rjust(budget)}  {verdict}"
            )
    return "\n".join(out)


def read(path: str) -> list[tuple[str, str, list[Line]]]:
    """What the scripts emitted into `path`, in order."""
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as kept:
        found = [json.loads(text) for text in kept if text.strip()]
    return [(f["section"], f["note"], [tuple(line) for line in f["lines"]]) for f in found]
