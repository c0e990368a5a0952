"""A problem found by a check: where (`obligations[3].due`, `XS-01.receiving_owner`) and what (a
catalogue key with its parameters), said in either language. Every rule reports in these."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from handover.domain.text import text


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a document: where (`obligations[3].due`) and what (a catalogue key)."""

    path: str
    key: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def message(self, lang: str = "da") -> str:
        return text(self.key, lang, **self.params)

    def render(self, lang: str = "da") -> str:
        return f"{self.path}: {self.message(lang)}" if self.path else self.message(lang)
