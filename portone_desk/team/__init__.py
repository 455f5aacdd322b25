"""Team mode: one activity log, claims and shared batches for every agent's desk, on PostgreSQL.

Qt-free. psycopg is imported lazily (inside the functions that connect), so the GUI's start-up and
a one-PC shop never load it.
"""
