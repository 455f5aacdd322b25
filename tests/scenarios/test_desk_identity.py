"""Issue 11 §5: who did it is the agent's name, asked once when training mode starts without one;
the PC's login name is never shown as the agent."""

from __future__ import annotations

import getpass
from dataclasses import replace

from PySide6.QtWidgets import QInputDialog
from support.desk import Desk
from support.widgets import click, type_text

from portone_desk.ui.history.tab import COLUMNS, NO_AGENT, details_text


def test_training_mode_without_a_name_asks_once_and_logs_under_it(qtbot, make_window, runner):
    window = make_window()
    window.sandbox_action.trigger()
    qtbot.waitUntil(lambda: window.findChild(QInputDialog, "traineeNameDialog") is not None, timeout=5_000)
    dialog = window.findChild(QInputDialog, "traineeNameDialog")
    dialog.setTextValue("박연습")
    dialog.accept()
    assert window.sandbox.profile.agent_name == "박연습"
    assert window.ctx.service.agent_name == "박연습"

    desk = Desk(qtbot, window, runner)
    tab = desk.open_tab("현금영수증")
    type_text(qtbot, tab, "searchInput", "order-1001")
    click(qtbot, tab, "searchButton")
    desk.idle()
    rows = window.ctx.service.audit.query(text="order-1001")
    assert rows and {row.agent_name for row in rows} == {"박연습"}


def test_the_history_never_names_the_os_user(desk: Desk):
    tab = desk.open_tab("현금영수증")
    type_text(desk.qtbot, tab, "searchInput", "order-1001")
    click(desk.qtbot, tab, "searchButton")
    desk.idle()
    [row, *_] = desk.window.ctx.service.audit.query(text="order-1001")
    nameless = replace(row, agent_name="")
    agent_column = dict((title, get) for title, get in COLUMNS)["상담원"]
    assert agent_column(nameless) == NO_AGENT
    user = getpass.getuser()
    assert "OS 사용자" not in details_text(nameless) and (not user or user not in details_text(nameless))
