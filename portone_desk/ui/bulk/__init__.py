"""The bulk tab (``tab.py``) and its pieces: mapping panel, rows view, run controller, progress text."""
