"""Which sheet column holds which target: guesses from Korean or English headers."""

from __future__ import annotations

import re
from collections.abc import Sequence

from portone_desk.bulk.kinds import KINDS, SHIP, JobKind

Mapping = dict[str, int | None]  # target name → column index (None: not in the sheet)

_NOISE = re.compile(r"[\s_\-./()\[\]{}:*#]+")


def normalize_header(text: str) -> str:
    """Lower case without spaces, punctuation or brackets: "운송장 번호(필수)" → "운송장번호필수"."""
    return _NOISE.sub("", str(text)).lower().replace("필수", "").replace("선택", "")


def guess_kind(headers: Sequence[str]) -> str:
    """The job kind whose telltale headers the sheet has most of (ship when undecided)."""
    names = [normalize_header(h) for h in headers]
    # A telltale counts when a header holds it ("휴대폰번호", "구매자 휴대폰" for "휴대폰"), as
    # ``guess_mapping`` also takes a header that contains a synonym.
    scores = {
        kind.id: sum(1 for tell in kind.telltales if any(normalize_header(tell) in name for name in names))
        for kind in KINDS.values()
    }
    best = max(scores, key=lambda k: (scores[k], k == SHIP))
    return best


def guess_mapping(kind: JobKind, headers: Sequence[str]) -> Mapping:
    """Each target → the column whose header matches one of its synonyms, each column used once.

    Exact matches win over "the header contains the synonym" matches (so "상품주문번호" is not
    taken for "주문번호"), and longer synonyms over shorter ones.
    """
    normalized = [normalize_header(h) for h in headers]
    taken: set[int] = set()
    mapping: Mapping = {target.name: None for target in kind.targets}
    candidates: list[tuple[int, int, str, int]] = []  # (rank, -length, target, column)
    for target in kind.targets:
        for synonym in target.synonyms:
            key = normalize_header(synonym)
            for column, header in enumerate(normalized):
                if header == key:
                    candidates.append((0, -len(key), target.name, column))
                elif len(key) >= 2 and key in header and not _longer_target_fits(kind, target.name, header):
                    candidates.append((1, -len(key), target.name, column))
    for _, _, name, column in sorted(candidates):
        if mapping[name] is None and column not in taken:
            mapping[name] = column
            taken.add(column)
    return mapping


def _longer_target_fits(kind: JobKind, name: str, header: str) -> bool:
    """True when another target's synonym matches ``header`` exactly (it belongs there)."""
    return any(
        normalize_header(synonym) == header
        for target in kind.targets
        if target.name != name
        for synonym in target.synonyms
    )


def missing_required(kind: JobKind, mapping: Mapping) -> list[str]:
    """Korean labels of required targets that have no column ("A 또는 B" when one of several will do)."""
    missing = [t.label for t in kind.targets if t.required and mapping.get(t.name) is None]
    for names in kind.one_of:
        if all(mapping.get(name) is None for name in names):
            missing.insert(0, " 또는 ".join(kind.target(name).label for name in names))
    return missing


def carry_over(kind: JobKind, guessed: Mapping, kept: Mapping) -> Mapping:
    """``guessed`` for ``kind``, with the agent's columns for the targets it shares with the kind
    switched from (발주확인 → 발송처리 on one sheet must not undo a corrected 상품주문번호 column).
    A guess that would take a column a kept target holds is dropped rather than used twice."""
    names = {target.name for target in kind.targets}
    carried = {name: column for name, column in kept.items() if name in names}
    used = {column for column in carried.values() if column is not None}
    return {
        target.name: carried[target.name]
        if target.name in carried
        else (None if guessed.get(target.name) in used else guessed.get(target.name))
        for target in kind.targets
    }
