"""``portone-desk --self-test``: a headless end-to-end check of an installed or frozen app.

It exists for the built executable: a module or Qt plugin lost to PyInstaller's import graph only
shows when the code that needs it runs, so every layer runs once here — the embedded sandbox, the
HTTP client, the audited service, the activity log and its exports, the main window (offscreen),
Qt's Korean texts and the OS keyring. Nothing touches the agent's real data: everything lives in a
temporary folder that is removed afterwards, and the keyring entry written is deleted again.

Exit status: 0 when every step passed (a keyring step skipped for lack of a keyring counts as passed
unless ``PORTONE_DESK_SELFTEST_REQUIRE_KEYRING=1``), 1 otherwise.
"""

from __future__ import annotations

import os
import platform
import secrets
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from portone_desk.sandbox.server import SandboxServer
    from portone_desk.service import DeskService
    from portone_desk.store.audit import AuditLog

# Also write the report to this file (the windowed Windows build has no stdout for CI to read).
REPORT_ENV = "PORTONE_DESK_SELFTEST_REPORT"
# CI sets this where a keyring is known to exist, so "no backend" (a lost hidden import) fails.
REQUIRE_KEYRING_ENV = "PORTONE_DESK_SELFTEST_REQUIRE_KEYRING"

PASS, FAIL, SKIP = "✔", "✘", "–"

# Step names, in order; tests check that each one is printed.
STEP_SANDBOX = "샌드박스 시작"
STEP_TOKEN = "토큰 발급"
STEP_ISSUE = "현금영수증 발급"
STEP_LOOKUP = "현금영수증 조회"
STEP_PLACE = "네이버페이 발주 확인"
STEP_SHIP = "네이버페이 발송 처리 (CJ대한통운)"
STEP_AUDIT = "활동 기록 쓰기·읽기"
STEP_EXPORT = "활동 기록 내보내기 (CSV·엑셀)"
STEP_QT_KO = "Qt 한국어 번역"
STEP_PLUGINS = "Qt 플러그인"
STEP_WINDOW = "메인 창 (화면 없이)"
STEP_KEYRING = "키링 저장·읽기·삭제"
STEPS = (
    STEP_SANDBOX,
    STEP_TOKEN,
    STEP_ISSUE,
    STEP_LOOKUP,
    STEP_PLACE,
    STEP_SHIP,
    STEP_AUDIT,
    STEP_EXPORT,
    STEP_QT_KO,
    STEP_PLUGINS,
    STEP_WINDOW,
    STEP_KEYRING,
)

RECEIPT_IMP_UID = "imp_demo_vbank_paid"  # kcp vbank, paid, no receipt yet
NAVER_IMP_UID = "imp_demo_naver_new"
NAVER_PRODUCT_ORDER = "2026200100000001"  # PAYED, not yet placed
TRACKING_NUMBER = "123456789012"

# The native platform plugin the real app needs on each OS (offscreen is what this test uses).
_NATIVE_PLATFORM_PLUGIN = {"win32": "qwindows", "darwin": "qcocoa", "linux": "qxcb"}


class Skipped(Exception):
    """The step cannot run on this machine (not a failure)."""


class _Blocked(Exception):
    """An earlier step this one needs did not pass."""


@dataclass
class _Report:
    out: TextIO
    copy: TextIO | None = None
    results: list[tuple[str, str]] = field(default_factory=list)

    def line(self, text: str) -> None:
        for stream in (self.out, self.copy):
            if stream is None:
                continue
            try:
                stream.write(text + "\n")
                stream.flush()
            except (OSError, ValueError):  # a closed console must not fail the check itself
                pass

    def run(self, name: str, check: Callable[[], str | None]) -> bool:
        """Run one step; its return value is a short detail shown after the name."""
        try:
            detail = check()
        except Skipped as exc:
            self.results.append((name, SKIP))
            self.line(f"{SKIP} {name}: 건너뜀 ({exc})")
            return True
        except _Blocked as exc:
            self.results.append((name, FAIL))
            self.line(f"{FAIL} {name}: 앞 단계({exc})가 실패해 실행하지 못했습니다")
            return False
        except BaseException as exc:  # SystemExit from a library must still be reported
            self.results.append((name, FAIL))
            self.line(f"{FAIL} {name}: {type(exc).__name__}: {exc}")
            # The stack tells which import the bundle lost: to stderr, and to the report file
            # (the windowed Windows build has no stderr).
            stack = traceback.format_exc()
            for stream in (sys.stderr, self.copy):
                if stream is not None:
                    try:
                        stream.write(stack)
                        stream.flush()
                    except (OSError, ValueError):
                        pass
            return False
        self.results.append((name, PASS))
        self.line(f"{PASS} {name}" + (f" — {detail}" if detail else ""))
        return True

    @property
    def failed(self) -> list[str]:
        return [name for name, mark in self.results if mark == FAIL]


@dataclass
class _State:
    work: Path
    sandbox: SandboxServer | None = None
    service: DeskService | None = None
    audit: AuditLog | None = None
    passed: set[str] = field(default_factory=set)

    def need(self, *steps: str) -> None:
        for step in steps:
            if step not in self.passed:
                raise _Blocked(step)


def run_self_test() -> int:
    """Run every step, print one line per step, and return the process exit code."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    report = _Report(_output_stream(), _report_copy())
    work = Path(tempfile.mkdtemp(prefix="portone-desk-selftest-"))
    # Anything that asks AppPaths.default() (logs, settings) lands in the temporary folder too.
    saved_home = os.environ.get("PORTONE_DESK_HOME")
    os.environ["PORTONE_DESK_HOME"] = str(work / "home")
    state = _State(work=work)
    started = time.monotonic()
    report.line(_header())
    try:
        for name, check in _checks(state):
            if report.run(name, check):
                state.passed.add(name)
    finally:
        _cleanup(state)
        if saved_home is None:
            os.environ.pop("PORTONE_DESK_HOME", None)
        else:
            os.environ["PORTONE_DESK_HOME"] = saved_home
        shutil.rmtree(work, ignore_errors=True)
    elapsed = time.monotonic() - started
    if report.failed:
        report.line(
            f"자체 점검 실패: {len(report.failed)}개 단계 ({', '.join(report.failed)}), {elapsed:.1f}초"
        )
        code = 1
    else:
        report.line(f"자체 점검 통과: {len(report.results)}개 단계, {elapsed:.1f}초")
        code = 0
    if report.copy is not None:
        report.copy.close()
    return code


def _checks(state: _State) -> list[tuple[str, Callable[[], str | None]]]:
    return [
        (STEP_SANDBOX, lambda: _start_sandbox(state)),
        (STEP_TOKEN, lambda: _token(state)),
        (STEP_ISSUE, lambda: _issue_receipt(state)),
        (STEP_LOOKUP, lambda: _lookup_receipt(state)),
        (STEP_PLACE, lambda: _place_order(state)),
        (STEP_SHIP, lambda: _ship_order(state)),
        (STEP_AUDIT, lambda: _read_audit(state)),
        (STEP_EXPORT, lambda: _export_audit(state)),
        (STEP_QT_KO, _korean_translations),
        (STEP_PLUGINS, _platform_plugins),
        (STEP_WINDOW, lambda: _main_window(state)),
        (STEP_KEYRING, _keyring_round_trip),
    ]


# ----- API through the embedded sandbox ---------------------------------------------------------


def _start_sandbox(state: _State) -> str:
    from portone_desk.api.client import PortOneClient
    from portone_desk.sandbox.demo import DEMO_IMP_KEY, DEMO_IMP_SECRET
    from portone_desk.sandbox.server import SandboxServer
    from portone_desk.service import DeskService
    from portone_desk.store.audit import AuditLog
    from portone_desk.store.profiles import Profile

    state.sandbox = SandboxServer(db_path=None, port=0).start()
    url = str(state.sandbox.url).rstrip("/")
    # Short timeouts: a hang here must end the check, not stall CI.
    client = PortOneClient(url, DEMO_IMP_KEY, DEMO_IMP_SECRET, timeout=(5, 15))
    state.audit = AuditLog(state.work / "activity.sqlite3")
    profile = Profile.new("자체 점검", base_url=url, agent_name="자체 점검")
    state.service = DeskService(profile, client, audit=state.audit)
    return url


def _service(state: _State, *needs: str) -> DeskService:
    state.need(STEP_SANDBOX, *needs)
    assert state.service is not None
    return state.service


def _token(state: _State) -> str:
    service = _service(state)
    result = service.client.get_token()
    token = (result.response or {}).get("access_token") if isinstance(result.response, dict) else None
    if not token:
        raise AssertionError(f"응답에 access_token이 없습니다: {result.response!r}")
    return "access_token 받음"


def _issue_receipt(state: _State) -> str:
    service = _service(state, STEP_TOKEN)
    result = service.call("issueReceipt", {"imp_uid": RECEIPT_IMP_UID, "identifier": "01012345678"})
    response = result.response if isinstance(result.response, dict) else {}
    if not response.get("apply_num"):
        raise AssertionError(f"승인번호가 없습니다: {result.response!r}")
    return f"{RECEIPT_IMP_UID}, 승인번호 {response['apply_num']}"


def _lookup_receipt(state: _State) -> str:
    service = _service(state, STEP_ISSUE)
    result = service.call("getReceipt", {"imp_uid": RECEIPT_IMP_UID})
    response = result.response if isinstance(result.response, dict) else {}
    if response.get("imp_uid") != RECEIPT_IMP_UID or response.get("cancelled_at"):
        raise AssertionError(f"발급한 영수증과 다릅니다: {result.response!r}")
    return f"{response.get('amount'):,}원, 발급 상태"


def _place_order(state: _State) -> str:
    service = _service(state, STEP_TOKEN)
    result = service.call(
        "naverPlaceProductOrder", {"imp_uid": NAVER_IMP_UID, "product_order_id": [NAVER_PRODUCT_ORDER]}
    )
    if result.partial or NAVER_PRODUCT_ORDER not in result.succeeded_ids:
        raise AssertionError(f"발주 확인되지 않았습니다: {result.response!r}")
    return NAVER_PRODUCT_ORDER


def _ship_order(state: _State) -> str:
    service = _service(state, STEP_PLACE)
    values = {
        "imp_uid": NAVER_IMP_UID,
        "product_order_id": [NAVER_PRODUCT_ORDER],
        "delivery_method": "DELIVERY",
        "dispatched_at": int(time.time()),
        "delivery_company": "CJGLS",
        "tracking_number": TRACKING_NUMBER,
    }
    result = service.call("naverShipProductOrder", values)
    if result.partial or NAVER_PRODUCT_ORDER not in result.succeeded_ids:
        raise AssertionError(f"발송 처리되지 않았습니다: {result.response!r}")
    order = service.call("getProductOrderSingle", {"product_order_id": NAVER_PRODUCT_ORDER}).response
    status = order.get("product_order_status") if isinstance(order, dict) else None
    if status != "DELIVERING":
        raise AssertionError(f"주문 상태가 배송 중(DELIVERING)이 아닙니다: {status!r}")
    return f"송장 {TRACKING_NUMBER}, 배송 중"


# ----- activity log -----------------------------------------------------------------------------


_AUDITED = ("issueReceipt", "naverPlaceProductOrder", "naverShipProductOrder")


def _read_audit(state: _State) -> str:
    from portone_desk.store.audit import AuditLog

    state.need(STEP_SANDBOX)
    assert state.audit is not None
    # Read through a second connection: the rows must really be on disk, not only in a cache.
    with AuditLog(state.work / "activity.sqlite3") as reader:
        rows = reader.query(operation=list(_AUDITED))
    done = {row.operation for row in rows if row.outcome == "ok"}
    wanted = {
        op
        for op, step in zip(_AUDITED, (STEP_ISSUE, STEP_PLACE, STEP_SHIP), strict=True)
        if step in state.passed
    }
    if not wanted:
        raise _Blocked(STEP_ISSUE)
    missing = wanted - done
    if missing:
        raise AssertionError(f"기록되지 않은 처리: {', '.join(sorted(missing))}")
    masked = [row for row in rows if row.operation == "issueReceipt"]
    if any("01012345678" in str(row.details) for row in masked):
        raise AssertionError("식별번호가 가려지지 않고 기록되었습니다")
    return f"{len(rows)}건, 식별번호 가림"


def _export_audit(state: _State) -> str:
    from portone_desk.store import audit_export

    state.need(STEP_AUDIT)
    assert state.audit is not None
    rows = state.audit.query()
    csv_path, xlsx_path = state.work / "activity.csv", state.work / "activity.xlsx"
    audit_export.export_csv(rows, csv_path)
    audit_export.export_xlsx(rows, xlsx_path)  # openpyxl: imported lazily, so easy to lose when frozen
    if csv_path.stat().st_size == 0 or xlsx_path.stat().st_size == 0:
        raise AssertionError("내보낸 파일이 비어 있습니다")
    return f"{len(rows)}건"


# ----- Qt ---------------------------------------------------------------------------------------


def _qt_app() -> Any:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        app = QApplication([sys.argv[0] if sys.argv else "portone-desk"])
    return app


def _korean_translations() -> str:
    from PySide6.QtCore import QLibraryInfo, QTranslator

    app = _qt_app()
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator(app)
    if not translator.load("qtbase_ko", folder):
        raise AssertionError(f"qtbase_ko.qm을 찾지 못했습니다: {folder}")
    # A string Qt's own dialogs show; the Korean file must really translate it.
    text = translator.translate("QPlatformTheme", "Cancel")
    if not text or text == "Cancel":
        raise AssertionError("qtbase_ko.qm이 '취소'를 번역하지 않습니다")
    return f"'Cancel' → '{text}'"


def _platform_plugins() -> str:
    from PySide6.QtCore import QCoreApplication, QLibraryInfo

    app = _qt_app()
    folders = [QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath), *QCoreApplication.libraryPaths()]
    found: set[str] = set()
    for folder in folders:
        platforms = Path(folder) / "platforms"
        if platforms.is_dir():
            # libqxcb.so / qwindows.dll / libqcocoa.dylib → qxcb / qwindows / qcocoa
            found |= {p.stem.removeprefix("lib") for p in platforms.iterdir()}
    key = "linux" if sys.platform.startswith("linux") else sys.platform
    wanted = {"qoffscreen", _NATIVE_PLATFORM_PLUGIN.get(key, "qoffscreen")}
    missing = wanted - found
    if missing:
        raise AssertionError(f"플랫폼 플러그인 없음: {', '.join(sorted(missing))} (찾은 곳: {folders})")
    return f"{app.platformName()} 사용, {', '.join(sorted(wanted))} 있음"


def _main_window(state: _State) -> str:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from portone_desk.store.memory_keyring import MemoryKeyring
    from portone_desk.store.paths import AppPaths
    from portone_desk.store.profiles import ProfileStore
    from portone_desk.store.secrets import SecretStore
    from portone_desk.ui.app import configure_application
    from portone_desk.ui.context import DeskContext
    from portone_desk.ui.main_window import MainWindow
    from portone_desk.ui.sandbox_mode import start_sandbox
    from portone_desk.ui.tabs import TAB_SPECS
    from portone_desk.ui.worker import OperationRunner

    app = _qt_app()
    configure_application(app)
    if app.windowIcon().isNull():
        raise AssertionError("앱 아이콘(resources/icons)을 찾지 못했습니다")
    paths = AppPaths.under(state.work / "window-home")
    # The real keyring and the agent's window geometry stay untouched.
    profiles = ProfileStore(paths, SecretStore(backend=MemoryKeyring()))
    settings = QSettings(str(state.work / "window.ini"), QSettings.Format.IniFormat)
    # A tab that fails to import or build is reported through sys.excepthook and then left out.
    reported: list[BaseException] = []
    saved_hook = sys.excepthook
    sys.excepthook = lambda _t, exc, _tb: reported.append(exc)
    runner = OperationRunner()
    window = None
    try:
        window = MainWindow(
            DeskContext(runner),
            profiles,
            paths,
            sandbox_starter=lambda: start_sandbox(None),
            settings=settings,
        )
        window.show()
        QApplication.processEvents()
        if not window.switch_to_sandbox():
            raise AssertionError("연습 모드로 전환하지 못했습니다")
        QApplication.processEvents()
        # Render every widget once: styles, fonts and image plugins are only used when painting.
        if window.grab().isNull():
            raise AssertionError("창을 그리지 못했습니다")
        titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
        # Tabs are built when first shown: build each now so a lost import in any of them fails.
        for title in titles:
            tab = window.tab_widget(title)
            if tab is None or tab.grab().isNull():
                raise AssertionError(f"'{title}' 탭을 그리지 못했습니다")
        if reported:
            exc = reported[0]
            raise AssertionError(f"탭을 만들지 못했습니다: {type(exc).__name__}: {exc}") from exc
        missing = [title for _, _, title in TAB_SPECS if title not in titles]
        if missing:
            raise AssertionError(f"빠진 탭: {', '.join(missing)}")
        window.close()
        QApplication.processEvents()
    finally:
        sys.excepthook = saved_hook
        if window is not None:
            window.shutdown()
        runner.shutdown()
    return f"탭 {len(titles)}개: {', '.join(titles)}"


# ----- keyring ----------------------------------------------------------------------------------


def _keyring_round_trip() -> str:
    from keyring.errors import KeyringLocked

    from portone_desk.store.secrets import SecretStore, SecretStoreError

    store = SecretStore()  # frozen: the explicit backend list; from source: keyring's choice
    if not store.available():
        if os.environ.get(REQUIRE_KEYRING_ENV) == "1":
            raise AssertionError(f"사용할 수 있는 키링이 없습니다 ({REQUIRE_KEYRING_ENV}=1)")
        raise Skipped("사용할 수 있는 키링이 없습니다")
    profile_id = f"selftest-{secrets.token_hex(4)}"
    value = secrets.token_urlsafe(16)
    try:
        store.set(profile_id, "imp_key", value)
    except SecretStoreError as exc:
        # A locked keyring is the machine's state, not a broken install: the backend did load.
        if isinstance(exc.__cause__, KeyringLocked) and os.environ.get(REQUIRE_KEYRING_ENV) != "1":
            raise Skipped(f"{store.backend_name} 키링이 잠겨 있습니다") from exc
        raise
    try:
        if store.get(profile_id, "imp_key") != value:
            raise AssertionError("저장한 값과 읽은 값이 다릅니다")
    finally:
        store.delete(profile_id, "imp_key")
    if store.get(profile_id, "imp_key") is not None:
        raise AssertionError("삭제한 항목이 남아 있습니다")
    return store.backend_name


# ----- plumbing ---------------------------------------------------------------------------------


def _header() -> str:
    from portone_desk import __version__

    kind = "실행 파일" if getattr(sys, "frozen", False) else "소스"
    return (
        f"PortOne Desk {__version__} 자체 점검 ({kind}, {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()}, QT_QPA_PLATFORM={os.environ.get('QT_QPA_PLATFORM')})"
    )


def _cleanup(state: _State) -> None:
    if state.service is not None:
        state.service.client.close()
    if state.audit is not None:
        state.audit.close()
    if state.sandbox is not None:
        state.sandbox.stop()


def _output_stream() -> TextIO:
    """stdout that can print ✔ and Korean wherever the check runs."""
    out = sys.stdout
    if out is None:
        # The windowed Windows build has no stdout: print into the console that started us, if any.
        out = _attach_parent_console()
        if out is None:
            return open(os.devnull, "w", encoding="utf-8")  # lives as long as the process
        return out
    if not out.isatty() and hasattr(out, "reconfigure"):
        # Pipes and files (CI, tests) are read as UTF-8; a Windows code page cannot encode ✔.
        out.reconfigure(encoding="utf-8", errors="replace")
    elif hasattr(out, "reconfigure"):
        out.reconfigure(errors="replace")
    return out


def _attach_parent_console() -> TextIO | None:
    if sys.platform != "win32":
        return None
    try:
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined, unused-ignore]  # Windows only
        if not kernel32.AttachConsole(-1):  # ATTACH_PARENT_PROCESS
            return None
        kernel32.SetConsoleOutputCP(65001)
        stream = open("CONOUT$", "w", encoding="utf-8", errors="replace")  # noqa: SIM115 - process-long
        sys.stderr = stream
        return stream
    except Exception:
        return None


def _report_copy() -> TextIO | None:
    path = os.environ.get(REPORT_ENV, "").strip()
    if not path:
        return None
    try:
        return open(path, "w", encoding="utf-8")  # closed at the end of the run
    except OSError:
        return None
