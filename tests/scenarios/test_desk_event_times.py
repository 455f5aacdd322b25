"""Issue 11 §2: 발송일시 defaults to now and is refused at the field, before any confirmation, when it
is before the payment was paid or more than a day ahead (every event-time field of the catalog)."""

from __future__ import annotations

import time

from support.confirm import Confirmer
from support.desk import Desk
from support.widgets import click, type_text
from test_desk_wheel_guard import open_ship_form

from portone_desk.api.catalog import OPERATIONS
from portone_desk.api.model import Check, FieldType
from portone_desk.api.timefmt import parse_kst


def fill_ship_form(desk: Desk, tab, dispatched_at: int) -> None:
    form = tab.panel.form
    form.widget("delivery_company").set_value("CJGLS")
    type_text(desk.qtbot, form, "tracking_number", "611111111111")
    form.widget("dispatched_at").set_value(dispatched_at)


def test_a_2018_ship_date_is_refused_at_the_field_and_nothing_is_sent(desk: Desk, confirmer: Confirmer):
    tab = open_ship_form(desk)
    form = tab.panel.form
    assert abs(form.widget("dispatched_at").value() - time.time()) < 120  # defaults to now
    since = desk.mark()
    fill_ship_form(desk, tab, parse_kst("2018-03-05 14:30"))
    # Refused as soon as it is set, at the field, naming the payment's paid time.
    assert "결제 시각" in form.error_text("dispatched_at")
    assert form.error_text("dispatched_at").startswith("발송일시는")
    click(desk.qtbot, tab, "submitAction")
    desk.idle()
    assert "앞설 수 없습니다" in form.error_text("dispatched_at")
    assert confirmer.asked == []
    assert desk.changes(since) == []

    # Two days ahead is refused the same way; now is accepted and sent.
    form.widget("dispatched_at").set_value(int(time.time()) + 2 * 86400)
    click(desk.qtbot, tab, "submitAction")
    assert "하루 넘게" in form.error_text("dispatched_at")
    assert confirmer.asked == [] and desk.changes(since) == []
    form.widget("dispatched_at").set_value(int(time.time()))
    assert form.error_text("dispatched_at") == ""
    click(desk.qtbot, tab, "submitAction")
    desk.idle()
    assert len(confirmer.asked) == 1
    assert [path.rsplit("/", 1)[-1] for _m, path in desk.changes(since)] == ["ship"]


def test_every_event_time_field_of_the_catalog_is_a_timestamp():
    marked = [
        (op.id, f.name) for op in OPERATIONS.values() for f in op.fields if Check.EVENT_TIME in f.checks
    ]
    assert ("naverShipProductOrder", "dispatched_at") in marked
    for op_id, name in marked:
        assert OPERATIONS[op_id].field(name).type is FieldType.TIMESTAMP
