"""The 처리 내역 tab: the activity log, filtered, with details and export."""
