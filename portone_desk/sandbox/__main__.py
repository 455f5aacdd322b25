"""``python -m portone_desk.sandbox [--port N] [--db PATH]``."""

from __future__ import annotations

import argparse

from portone_desk.sandbox.foreground import DEFAULT_PORT, run_foreground


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m portone_desk.sandbox", description="PortOne V1 샌드박스 서버"
    )
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"포트 번호 (기본 {DEFAULT_PORT})")
    parser.add_argument("--db", default=None, help="상태를 저장할 SQLite 파일 (없으면 메모리)")
    parser.add_argument("--host", default="127.0.0.1", help="받을 주소 (기본 127.0.0.1)")
    args = parser.parse_args(argv)
    return run_foreground(args.port, args.db, args.host)


if __name__ == "__main__":
    raise SystemExit(main())
