"""Every colour of the desk and the small style sheets built from them (the one place to change
the look; no other module spells a colour)."""

from __future__ import annotations

# Text colours for inline messages; amber is dark enough to read on a light background.
ERROR_COLOR = "#C62828"
WARNING_COLOR = "#8D5A00"
OK_COLOR = "#1B5E20"
MUTED_COLOR = "#5F6368"
TEXT_COLOR = "#1A1A1A"
SENDING_COLOR = "#1A4F9C"  # a batch row on its way

# Backgrounds and borders of the status banners.
ERROR_BG = "#FDECEA"
WARNING_BG = "#FFF4E0"
WARNING_BORDER = "#E0A040"
OK_BG = "#E8F5E9"
INFO_BG = "#EEF3FB"
INFO_BORDER = "#9DB6E0"

# Training mode must be impossible to mistake for live data: loud amber, dark text for contrast.
SANDBOX_BANNER_BG = "#FFB300"
SANDBOX_BANNER_FG = TEXT_COLOR
SANDBOX_BANNER_BORDER = "#E65100"

ACCENT = "#E8530E"
ACCENT_HOVER = "#D4470A"

SANDBOX_BANNER_QSS = (
    f"QLabel#sandboxBanner {{ background: {SANDBOX_BANNER_BG}; color: {SANDBOX_BANNER_FG};"
    f" border-bottom: 3px solid {SANDBOX_BANNER_BORDER}; font-weight: bold; font-size: 15px;"
    " padding: 8px 12px; }"
)

TEAM_OFFLINE_BANNER_QSS = (
    f"QLabel#teamOfflineBanner {{ background: {ERROR_COLOR}; color: white; font-weight: bold;"
    " padding: 6px 12px; }"
)

FIELD_ERROR_QSS = f"color: {ERROR_COLOR};"
STATUS_OK_QSS = f"color: {OK_COLOR};"
STATUS_ERROR_QSS = f"color: {ERROR_COLOR};"
HINT_QSS = f"color: {MUTED_COLOR};"

# The inline banner of each tab, by kind of message.
BANNER_QSS = {
    "error": f"color: {ERROR_COLOR}; background: {ERROR_BG}; border: 1px solid {ERROR_COLOR};",
    "warning": f"color: {WARNING_COLOR}; background: {WARNING_BG}; border: 1px solid {WARNING_BORDER};",
    "success": f"color: {OK_COLOR}; background: {OK_BG}; border: 1px solid {OK_COLOR};",
    "info": f"color: {TEXT_COLOR}; background: {INFO_BG}; border: 1px solid {INFO_BORDER};",
}
# A warning that must not be missed (no safe keyring: secrets would not be kept).
ALERT_BOX_QSS = f"background: {ERROR_BG}; color: #B71C1C; padding: 8px; border: 1px solid #E57373;"

FIRST_RUN_TITLE_QSS = "font-size: 22px; font-weight: bold;"
FIRST_RUN_CHOICE_QSS = (
    "QPushButton { font-size: 16px; font-weight: bold; padding: 14px 20px; min-width: 220px; }"
)
PRIMARY_BUTTON_QSS = (
    f"QPushButton {{ background: {ACCENT}; color: white; border: none; border-radius: 6px;"
    " font-size: 16px; font-weight: bold; padding: 14px 20px; min-width: 220px; }"
    f" QPushButton:hover {{ background: {ACCENT_HOVER}; }}"
)

# The 할 일 tab's count on its title, and its overdue queue entries.
COUNT_BADGE_QSS = (
    f"QLabel {{ background: {ACCENT}; color: white; border-radius: 8px; padding: 0px 6px;"
    " font-weight: bold; }"
)
OVERDUE_FG = ERROR_COLOR
