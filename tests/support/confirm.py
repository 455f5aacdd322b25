"""The stand-in for the confirmation dialog (``portone_desk.ui.confirm.confirm``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Confirmer:
    """Answers the confirmation dialog like the agent would, and keeps what the dialog showed."""

    answer: bool = True
    note: str = ""
    asked: list[dict[str, Any]] = field(default_factory=list)

    def __call__(self, parent: Any, title: str, sections: Any, **kwargs: Any) -> Any:
        from portone_desk.ui import confirm

        self.asked.append({"title": title, "sections": sections, **kwargs})
        # The real dialog keeps its send button off until a required reason is typed.
        assert self.note or not kwargs.get("note_required"), f"{title}: a reason is required"
        return confirm.Confirmation(note=self.note) if self.answer else None

    def rows(self, index: int = -1) -> dict[str, str]:
        """Label → shown value of every row of one dialog."""
        return {label: text for _title, rows in self.asked[index]["sections"] for label, text in rows}

    def section_titles(self, index: int = -1) -> list[str]:
        return [title for title, _rows in self.asked[index]["sections"]]
