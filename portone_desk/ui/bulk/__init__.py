"""Pieces of the bulk tab (and the simple table model the history tab shares)."""
