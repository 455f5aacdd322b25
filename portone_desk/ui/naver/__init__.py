"""The Naver Pay tab (``tab.py``) and its pieces: orders table, detail pane, action panel, results,
payment type, reviews."""
