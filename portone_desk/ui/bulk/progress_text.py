"""The progress line: counts and an estimate, in Korean."""

from __future__ import annotations

from portone_desk.bulk.rows import DONE, FAILED, FLAGGED, INVALID, PENDING, SENDING, SKIPPED, UNKNOWN
from portone_desk.bulk.runner import CHECKING, PAUSED, PAUSING, Progress

PHASES = {
    CHECKING: "이전 실행에서 결과를 모르는 행을 조회하는 중…",
    PAUSING: "일시정지하는 중… 이미 보낸 요청의 결과를 기다립니다",
    PAUSED: "일시정지됨",
    "cancelled": "취소됨",
    "finished": "끝났습니다",
}


def duration_text(seconds: float) -> str:
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds}초"
    minutes, seconds = divmod(seconds, 60)
    return f"{minutes}분 {seconds}초" if minutes < 60 else f"{minutes // 60}시간 {minutes % 60}분"


def counts_text(counts: dict[str, int]) -> str:
    parts = [
        ("완료", counts.get(DONE, 0)),
        ("실패", counts.get(FAILED, 0)),
        ("결과 미확인", counts.get(UNKNOWN, 0)),
        ("건너뜀", counts.get(SKIPPED, 0) + counts.get(INVALID, 0) + counts.get(FLAGGED, 0)),
        ("남음", counts.get(PENDING, 0) + counts.get(SENDING, 0)),
    ]
    return " · ".join(f"{label} {n:,}" for label, n in parts if n or label in ("완료", "남음"))


def progress_text(progress: Progress) -> str:
    head = counts_text(progress.counts)
    calls = f"요청 {progress.calls_done:,}/{progress.calls_total:,}건"
    phase = PHASES.get(progress.phase)
    if phase:
        return f"{phase} — {head} ({calls})"
    eta = f" — 약 {duration_text(progress.eta)} 남음" if progress.eta is not None else ""
    return f"{head} ({calls}){eta}"
