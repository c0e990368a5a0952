"""The server's long-lived heap kept out of the garbage collector's way: after a script run that
imported modules, what is alive is frozen (`gc.freeze`); a rerun's full collections skip it.

Why: a full (oldest-generation) collection walks every tracked object. After the first page run
that is mostly modules (Streamlit, pandas, plotly's validators, DuckDB, ReportLab): at 10,000
obligations one full collection during an Oversigt rerun cost ~135 ms of its ~400 ms of CPU
(bench/paired.py, "heap"). Frozen objects are still freed by reference counting; only a
reference cycle among objects frozen while alive and dropped later is never collected, which is
why the heap is frozen when new modules arrived (a few times per process), not after every run.
"""

from __future__ import annotations

import gc
import sys
import threading

_lock = threading.Lock()
_modules_at_freeze = 0


def settle() -> None:
    """Call after a script run: freezes the heap when modules were imported since the last time
    (the first run of each page). Cheap otherwise (a length comparison)."""
    global _modules_at_freeze
    if len(sys.modules) == _modules_at_freeze:
        return
    with _lock:
        if len(sys.modules) == _modules_at_freeze:
            return
        gc.collect()  # what is garbage now is collected, not frozen
        gc.freeze()
        _modules_at_freeze = len(sys.modules)


def thaw() -> None:
    """Undo `settle` (the bench's "no freeze" anchor): the frozen objects go back to the oldest
    generation and the next `settle` freezes again."""
    global _modules_at_freeze
    with _lock:
        gc.unfreeze()
        _modules_at_freeze = 0
