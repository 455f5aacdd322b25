"""``portone-desk sandbox``: run the sandbox in the foreground until Ctrl+C."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import TextIO

from portone_desk.sandbox import generator as shop_generator
from portone_desk.sandbox.demo import DEMO_CHANNEL_KEY, DEMO_IMP_KEY, DEMO_IMP_SECRET, DEMO_NAVER_CHANNEL_KEY
from portone_desk.sandbox.server import SandboxServer

DEFAULT_PORT = 8977


def run_foreground(
    port: int = DEFAULT_PORT,
    db_path: str | None = None,
    host: str = "127.0.0.1",
    out: TextIO | None = None,
    generate: Mapping[str, int] | None = None,
) -> int:
    """Serve until interrupted; returns the process exit status. ``generate``: a shop to add
    first (``{"payments": N, "days": D, "seed": S}``, see ``generator.generate``)."""
    out = out or sys.stdout
    try:
        server = SandboxServer(db_path=db_path, host=host, port=port)
    except OSError as error:
        print(f"샌드박스를 시작할 수 없습니다 ({host}:{port}): {error.strerror or error}", file=sys.stderr)
        return 1
    if generate:
        try:
            with server.app.store.transaction():
                counts = shop_generator.generate(server.app.store, server.app.clock.now(), **generate)
        except ValueError as error:
            server.stop()
            print(f"가상 상점을 만들 수 없습니다: {error}", file=sys.stderr)
            return 2
        print(
            f"가상 상점 결제 {counts['payments']:,}건 (네이버페이 주문형 {counts['naver_payments']:,}건, "
            f"상품주문 {counts['product_orders']:,}건, 현금영수증 {counts['receipts']:,}건)을 만들었습니다.",
            file=out,
            flush=True,
        )
    storage = db_path or "메모리 (종료하면 사라집니다)"
    print(
        f"PortOne 샌드박스가 실행 중입니다: {server.url}\n"
        f"  REST API 키: {DEMO_IMP_KEY}\n"
        f"  REST API 시크릿: {DEMO_IMP_SECRET}\n"
        f"  현금영수증 채널 키: {DEMO_CHANNEL_KEY}\n"
        f"  네이버페이 주문형 채널 키: {DEMO_NAVER_CHANNEL_KEY}\n"
        f"  데이터 저장 위치: {storage}\n"
        f"  처음 상태로 되돌리기: POST {server.url}/_sandbox/reset\n"
        "끝내려면 Ctrl+C를 누르세요.",
        file=out,
        flush=True,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("샌드박스를 종료합니다.", file=out, flush=True)
    finally:
        server.stop()
    return 0
