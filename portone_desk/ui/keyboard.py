"""The desk's keyboard: one shortcut map for the window, each shortcut asked of the current tab.

A tab offers what it can through optional methods (duck-typed, so a tab without a search box is
simply skipped): ``search_box() -> QWidget | None``, ``repeat_lookup() -> bool``,
``submit_form() -> bool`` (the open form to its confirmation), ``close_form() -> bool`` and
``receipt_url() -> str``. ``chain`` sets a Tab order in the order widgets are read on screen, and
``settle_keyboard`` lets Tab leave every table of a tab (arrow keys still move inside it).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateTimeEdit,
    QLineEdit,
    QMainWindow,
    QMenu,
    QTabWidget,
    QWidget,
)


@dataclass(frozen=True)
class Shortcut:
    name: str  # the QAction's objectName
    text: str  # menu text with its mnemonic
    keys: tuple[str, ...]
    handler: str  # the function below that carries it out


SHORTCUTS: tuple[Shortcut, ...] = (
    Shortcut("focusSearchAction", "검색창으로(&F)", ("Ctrl+F",), "focus_search"),
    Shortcut("repeatLookupAction", "다시 조회(&R)", ("F5",), "repeat_lookup"),
    Shortcut("submitFormAction", "확인 후 보내기(&S)", ("Ctrl+Return", "Ctrl+Enter"), "submit_form"),
    Shortcut("closeFormAction", "입력 양식 닫기(&C)", ("Esc",), "close_form"),
    Shortcut("copyReceiptUrlAction", "영수증 URL 복사(&U)", ("Ctrl+Shift+C",), "copy_receipt_url"),
)
TAB_KEYS = "Ctrl+{n}"  # Ctrl+1 … Ctrl+9 open the tabs in order


def focus_search(tab: QWidget | None) -> bool:
    """Focus the tab's search box with its text selected (typing replaces it)."""
    box = _call(tab, "search_box")
    if not isinstance(box, QWidget) or not box.isEnabled():
        return False
    box.setFocus(Qt.FocusReason.ShortcutFocusReason)
    if isinstance(box, QLineEdit):
        box.selectAll()
    return True


def repeat_lookup(tab: QWidget | None) -> bool:
    return bool(_call(tab, "repeat_lookup"))


def submit_form(tab: QWidget | None) -> bool:
    return bool(_call(tab, "submit_form"))


def close_form(tab: QWidget | None) -> bool:
    return bool(_call(tab, "close_form"))


def copy_receipt_url(tab: QWidget | None) -> bool:
    url = _call(tab, "receipt_url")
    if not url:
        return False
    QGuiApplication.clipboard().setText(str(url))
    return True


_HANDLERS: dict[str, Callable[[QWidget | None], bool]] = {
    "focus_search": focus_search,
    "repeat_lookup": repeat_lookup,
    "submit_form": submit_form,
    "close_form": close_form,
    "copy_receipt_url": copy_receipt_url,
}
# What the status bar says when a shortcut did something the agent cannot see at once.
_DONE_TEXT = {"copy_receipt_url": "영수증 URL을 복사했습니다."}
_NOTHING_TEXT = {
    "copy_receipt_url": "복사할 영수증 URL이 없습니다.",
    "submit_form": "지금 보낼 수 있는 입력 양식이 없습니다.",
}


def _call(tab: QWidget | None, method: str) -> object:
    func = getattr(tab, method, None)
    return func() if callable(func) else None


def install(
    window: QMainWindow,
    tabs: QTabWidget,
    current_tab: Callable[[], QWidget | None],
    before: QAction | None = None,
) -> dict[str, QAction]:
    """The 작업 and 화면 menus with every shortcut; returns the actions by objectName."""
    actions: dict[str, QAction] = {}
    work = QMenu("작업(&A)", window)
    for shortcut in SHORTCUTS:
        action = QAction(shortcut.text, window)
        action.setObjectName(shortcut.name)
        action.setShortcuts([QKeySequence(k) for k in shortcut.keys])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _c=False, s=shortcut: _run(window, s, current_tab()))
        work.addAction(action)
        actions[shortcut.name] = action
    view = QMenu("화면(&V)", window)

    def fill_view() -> None:
        view.clear()
        for index in range(min(tabs.count(), 9)):
            action = view.addAction(f"&{index + 1} {tabs.tabText(index)}")
            action.setObjectName(f"showTab{index + 1}Action")
            action.triggered.connect(lambda _c=False, i=index: tabs.setCurrentIndex(i))

    view.aboutToShow.connect(fill_view)
    # The Ctrl+number keys live on the window (the menu is filled only when opened).
    for index in range(9):
        key = QAction(window)
        key.setObjectName(f"tabKey{index + 1}")
        key.setShortcut(QKeySequence(TAB_KEYS.format(n=index + 1)))
        key.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        key.triggered.connect(lambda _c=False, i=index: _show_tab(tabs, i))
        window.addAction(key)
        actions[key.objectName()] = key
    bar = window.menuBar()
    if before is not None:
        bar.insertMenu(before, work)
        bar.insertMenu(before, view)
    else:
        bar.addMenu(work)
        bar.addMenu(view)
    return actions


def _show_tab(tabs: QTabWidget, index: int) -> None:
    if index < tabs.count():
        tabs.setCurrentIndex(index)


def _run(window: QMainWindow, shortcut: Shortcut, tab: QWidget | None) -> None:
    done = _HANDLERS[shortcut.handler](tab)
    text = (_DONE_TEXT if done else _NOTHING_TEXT).get(shortcut.handler)
    if text:
        window.statusBar().showMessage(text, 4000)


def chain(*widgets: QWidget | None) -> None:
    """Tab visits ``widgets`` in this order (None and hidden-forever widgets are skipped)."""
    present = [w for w in widgets if w is not None]
    for first, second in itertools.pairwise(present):
        QWidget.setTabOrder(first, second)


def settle_keyboard(root: QWidget, views: Iterable[QAbstractItemView] | None = None) -> None:
    """Tab leaves every table and date edit under ``root`` (the arrow keys still move inside)."""
    for view in views if views is not None else root.findChildren(QAbstractItemView):
        view.setTabKeyNavigation(False)
    for edit in root.findChildren(QDateTimeEdit):
        tab_leaves(edit)


class _TabLeaves(QObject):
    """Tab and Shift+Tab go to the next field instead of the next part of a date (day → hour…)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
            and not event.modifiers() & Qt.KeyboardModifier.ControlModifier
            and isinstance(watched, QWidget)
        ):
            forward = (
                event.key() == Qt.Key.Key_Tab and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            )
            return focus_next(watched, forward)
        return False


_TAB_LEAVES = _TabLeaves()


def tab_leaves(widget: QWidget) -> None:
    widget.installEventFilter(_TAB_LEAVES)


def focus_next(widget: QWidget, forward: bool = True) -> bool:
    """Give the keyboard to the next (or previous) widget Tab would reach outside ``widget``."""
    candidate: QWidget | None = widget
    for _ in range(500):
        assert candidate is not None
        candidate = candidate.nextInFocusChain() if forward else candidate.previousInFocusChain()
        if candidate is None or candidate is widget:
            return False
        if widget.isAncestorOf(candidate) or candidate.focusProxy() is not None:
            continue
        tabbable = bool(candidate.focusPolicy() & Qt.FocusPolicy.TabFocus)
        if tabbable and candidate.isEnabled() and candidate.isVisible():
            candidate.setFocus(
                Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason
            )
            return True
    return False
