"""Colours and small style sheets shared by the shell's widgets (one place to change the look)."""

from __future__ import annotations

# Training mode must be impossible to mistake for live data: loud amber, dark text for contrast.
SANDBOX_BANNER_BG = "#FFB300"
SANDBOX_BANNER_FG = "#1A1A1A"
SANDBOX_BANNER_BORDER = "#E65100"

ERROR_FG = "#C62828"
OK_FG = "#1B5E20"
MUTED_FG = "#5F6368"
ACCENT = "#E8530E"

SANDBOX_BANNER_QSS = (
    f"QLabel#sandboxBanner {{ background: {SANDBOX_BANNER_BG}; color: {SANDBOX_BANNER_FG};"
    f" border-bottom: 3px solid {SANDBOX_BANNER_BORDER}; font-weight: bold; font-size: 15px;"
    " padding: 8px 12px; }"
)

FIELD_ERROR_QSS = f"color: {ERROR_FG};"
STATUS_OK_QSS = f"color: {OK_FG};"
STATUS_ERROR_QSS = f"color: {ERROR_FG};"
HINT_QSS = f"color: {MUTED_FG};"

FIRST_RUN_TITLE_QSS = "font-size: 22px; font-weight: bold;"
FIRST_RUN_CHOICE_QSS = (
    "QPushButton { font-size: 16px; font-weight: bold; padding: 14px 20px; min-width: 220px; }"
)
PRIMARY_BUTTON_QSS = (
    f"QPushButton {{ background: {ACCENT}; color: white; border: none; border-radius: 6px;"
    " font-size: 16px; font-weight: bold; padding: 14px 20px; min-width: 220px; }"
    " QPushButton:hover { background: #D4470A; }"
)

# The 할 일 tab's count on its title, and its overdue queue entries.
COUNT_BADGE_QSS = (
    f"QLabel {{ background: {ACCENT}; color: white; border-radius: 8px; padding: 0px 6px;"
    " font-weight: bold; }"
)
OVERDUE_FG = ERROR_FG
