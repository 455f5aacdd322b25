"""The desk window in team mode: the team log behind every tab, the offline banner, the agent filter."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from pg_server import PgServer
from team_support import AGENTS, new_team_db, start_or_skip

from portone_desk.sandbox.server import SandboxServer
from portone_desk.store.profiles import Profile, ProfileStore
from portone_desk.team import audit as team_audit
from portone_desk.team.audit import TeamAudit
from portone_desk.ui.history.tab import HistoryTab
from portone_desk.ui.main_window import MainWindow


@pytest.fixture
def own_server() -> Iterator[PgServer]:
    server = start_or_skip()
    try:
        yield server
    finally:
        server.destroy()


def test_team_profile_banner_and_agent_filter(
    qtbot,
    make_window: Callable[[], MainWindow],
    profile_store: ProfileStore,
    sandbox: SandboxServer,
    own_server: PgServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(team_audit, "WATCH_EVERY", 0.2)
    db = new_team_db(own_server)
    with db.audit("lee") as lee:  # a colleague's row, written from another PC
        row = lee.begin("revokeReceipt", {"imp_uid": "imp_from_lee"})
        assert row is not None
        lee.finish(row, "ok")
    from portone_desk.sandbox.demo import DEMO_IMP_KEY, DEMO_IMP_SECRET

    uri = f"postgresql://kim@127.0.0.1:{own_server.port}/{db.name}?sslmode=disable"
    profile_store.save(
        Profile.new("팀 상점", base_url=sandbox.url, agent_name="로컬 이름", team_db=uri),
        DEMO_IMP_KEY,
        DEMO_IMP_SECRET,
        team_password=AGENTS["kim"][1],
    )
    window = make_window()
    audit = window.ctx.service.audit
    assert isinstance(audit, TeamAudit)
    assert audit.me().display_name == "김상담"

    window.ctx.service.call("issueReceipt", {"imp_uid": "imp_demo_vbank_paid", "identifier": "01012345678"})
    history = HistoryTab(window.ctx)
    qtbot.addWidget(history)
    history.show()
    qtbot.waitUntil(lambda: not history.loading, timeout=10_000)
    assert history.agent.isVisible()
    names = {history.model.item(i).agent_name for i in range(history.model.rowCount())}
    assert names == {"김상담", "이상담"}  # every PC's rows, named by the database
    # The team's agents are listed by display name, from the team database, loaded in the background.
    qtbot.waitUntil(lambda: history.agent.count() == 1 + len(AGENTS), timeout=10_000)
    listed = [history.agent.itemText(i) for i in range(history.agent.count())]
    assert listed == ["상담원 전체", "김상담 (kim)", "박팀장 (park) · 팀장", "이상담 (lee)"]
    history.agent.setCurrentIndex(history.agent.findData("lee"))
    history.agent.activated.emit(history.agent.currentIndex())  # as a click in the list does
    qtbot.waitUntil(lambda: not history.loading, timeout=10_000)
    assert history.agent_filter() == "lee"
    assert [history.model.item(i).imp_uid for i in range(history.model.rowCount())] == ["imp_from_lee"]
    history.agent.setCurrentIndex(0)
    history.agent.setEditText("김상담")  # a name typed in (an imported PC's agent keeps its own)
    history.refresh()
    qtbot.waitUntil(lambda: not history.loading, timeout=10_000)
    assert history.agent_filter() == "김상담"
    assert [history.model.item(i).imp_uid for i in range(history.model.rowCount())] == ["imp_demo_vbank_paid"]

    assert not window.team_banner.isVisible()
    own_server.stop()
    qtbot.waitUntil(window.team_banner.isVisible, timeout=15_000)
    own_server.start()
    qtbot.waitUntil(lambda: not window.team_banner.isVisible(), timeout=30_000)


def test_bulk_and_queue_stores_follow_the_active_profile(
    qtbot, runner, desk_home, sandbox: SandboxServer, team_db, tmp_path
) -> None:
    """Switching between a team profile and a one-PC profile in one session switches the job store
    of the 일괄 처리 tab and of the 할 일 tab's run panel, both ways; the batch on screen keeps its own."""
    from team_support import team_service

    from portone_desk.api.client import PortOneClient
    from portone_desk.bulk.jobstore import FILE_NAME, RUNNING, JobStore
    from portone_desk.bulk.rows import BulkRow
    from portone_desk.sandbox.demo import DEMO_IMP_KEY, DEMO_IMP_SECRET
    from portone_desk.service import DeskService
    from portone_desk.store.audit import AuditLog
    from portone_desk.team.jobstore import TeamJobStore
    from portone_desk.ui.bulk.tab import BulkTab
    from portone_desk.ui.context import DeskContext
    from portone_desk.ui.errors_view import ErrorBanner
    from portone_desk.ui.queue.act import ActPanel

    # A batch another PC left unfinished in the team database.
    with TeamJobStore(team_db.dsn("lee")) as other:
        row = BulkRow(2, "naverPlaceProductOrder", {"imp_uid": "imp_x", "product_order_id": ["po_1"]})
        batch = other.create_batch("place", "이상담의 시트.csv", [row])
        other.set_status(batch, RUNNING)

    team_audit_ = team_db.audit("kim")
    team = team_service(sandbox.url, team_audit_)
    local_profile = Profile.new("혼자 쓰는 상점", base_url=sandbox.url)
    local = DeskService(
        local_profile,
        PortOneClient(sandbox.url, DEMO_IMP_KEY, DEMO_IMP_SECRET),
        audit=AuditLog(tmp_path / "local-audit.sqlite3"),
    )
    ctx = DeskContext(runner)
    ctx.set_service(team)
    tab = BulkTab(ctx)
    panel = ActPanel(ctx, ErrorBanner(None, "queueBanner"))
    qtbot.addWidget(tab)
    qtbot.addWidget(panel)
    first_team_store = tab.store
    assert isinstance(first_team_store, TeamJobStore) and isinstance(panel.store, TeamJobStore)
    qtbot.waitUntil(lambda: "이상담의 시트.csv" in tab.resume_label.text(), timeout=10_000)
    assert not tab.resume_bar.isHidden()

    ctx.set_service(local)  # a one-PC profile: the data folder's batches
    assert isinstance(tab.store, JobStore) and isinstance(panel.store, JobStore)
    assert tab.store.path == desk_home.data_dir / FILE_NAME
    qtbot.waitUntil(tab.resume_bar.isHidden, timeout=10_000)  # the team's batch is not this PC's

    ctx.set_service(team)  # and back: the same team store, the team's batch offered again
    assert tab.store is first_team_store
    qtbot.waitUntil(lambda: not tab.resume_bar.isHidden(), timeout=10_000)
    tab._stores.close()
    panel._stores.close()
    team_audit_.close()
