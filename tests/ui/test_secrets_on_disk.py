"""After saving a profile and making calls, no file under the app's folders holds a secret or token."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPushButton

from portone_desk.sandbox.demo import DEMO_IMP_KEY, DEMO_IMP_SECRET
from portone_desk.ui.logs import remove_logging, setup_logging


def files_under(root: Path) -> list[Path]:
    return [Path(folder) / name for folder, _, names in os.walk(root) for name in names]


@pytest.mark.expect_log(r"처리되지 않은 오류", logger="portone_desk.crash")
def test_no_secret_or_token_on_disk(qtbot, main_window, desk_home, sandbox_session, wait_idle, monkeypatch):
    handler = setup_logging(desk_home.log_file, level=logging.DEBUG)
    monkeypatch.setattr(logging.getLogger(), "level", logging.DEBUG)
    try:
        # Save a real-looking profile (pointing at the sandbox) through the dialog.
        dialog = main_window.open_profile_dialog(new=True)
        values = {
            "display_name": "Main shop",
            "imp_key": DEMO_IMP_KEY,
            "imp_secret": DEMO_IMP_SECRET,
            "base_url": sandbox_session.url,
            "agent_name": "Kim",
        }
        for name, value in values.items():
            edit = dialog.findChild(QLineEdit, name)
            edit.clear()
            qtbot.keyClicks(edit, value)
        qtbot.mouseClick(dialog.findChild(QPushButton, "saveProfileButton"), Qt.MouseButton.LeftButton)
        qtbot.mouseClick(dialog.findChild(QPushButton, "testConnectionButton"), Qt.MouseButton.LeftButton)
        wait_idle()
        assert "연결에 성공했습니다" in dialog.status.text()
        dialog.close()

        # Calls through the audited service: lookups, an issue, a failure and an unhandled error.
        ctx = main_window.ctx
        assert ctx.profile.display_name == "Main shop"
        outcomes: list[object] = []
        calls = [
            ("getPaymentByImpUid", {"imp_uid": "imp_demo_vbank_paid"}),
            (
                "issueReceipt",
                {"imp_uid": "imp_demo_vbank_paid", "identifier": "01012345678", "type": "person"},
            ),
            ("getReceipt", {"imp_uid": "imp_demo_vbank_paid"}),
            ("getReceipt", {"imp_uid": "imp_does_not_exist"}),
        ]
        for op_id, call_values in calls:
            ctx.call_op(op_id, call_values).success(outcomes.append).failure(outcomes.append).run()
        wait_idle()
        assert len(outcomes) == 4
        issued = [o for o in outcomes if getattr(o, "operation", "") == "issueReceipt"]
        assert issued and issued[0].code == 0  # a real mutating call went through the audit log
        token = ctx.service.client.tokens.info.access_token
        assert token and len(token) > 8

        from portone_desk.ui.crash import CrashHandler

        crash = CrashHandler(desk_home.log_file, show_dialog=False)
        try:
            raise RuntimeError(f"leaked {token} {DEMO_IMP_SECRET} in a message")
        except RuntimeError as exc:
            crash.handle(type(exc), exc, exc.__traceback__)
        logging.getLogger("portone_desk.test").debug("headers: Authorization: Bearer %s", token)

        main_window.close()
        main_window.shutdown()
    finally:
        remove_logging(handler)

    files = files_under(Path(os.environ["PORTONE_DESK_HOME"]))
    names = {f.name for f in files}
    assert "profiles.json" in names and "audit.sqlite3" in names and "portone-desk.log" in names
    assert "window.ini" in names  # geometry stayed inside the app home
    log_text = desk_home.log_file.read_text(encoding="utf-8")
    assert "[가림]" in log_text  # the leak attempts were logged, masked
    for path in files:
        data = path.read_bytes()
        for needle in (DEMO_IMP_SECRET, DEMO_IMP_KEY, token):
            assert needle.encode() not in data, f"{needle[:4]}… found in {path}"
