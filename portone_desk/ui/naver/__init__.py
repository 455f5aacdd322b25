"""Pieces of the Naver Pay tab: orders table, detail pane, action panel, results, payment type, reviews."""
