"""Bulk work from a sheet (Qt-free): import, column mapping, validation, dry run, grouped and
resumable runs through the one audited call path (``DeskService.call``).

The pieces, each in its own module:

- ``sheet``: read XLSX / CSV (UTF-8, UTF-8 with BOM, CP949) into text cells.
- ``kinds`` + ``mapping``: what each kind of job needs and which sheet column holds it.
- ``naver_actions``: per Naver action (발송처리, 발주확인) how rows group, are checked and verified.
- ``normalize`` + ``rows``: sheet cells → typed, validated values per row (catalog rules).
- ``dryrun``: each row's target state looked up, rows that cannot succeed flagged.
- ``grouping``: rows that can share one API call.
- ``jobstore``: batch and per-row state in SQLite, written as the run goes.
- ``verify``: what really happened to rows whose outcome is unknown.
- ``runner``: bounded concurrency, pause/cancel, progress, resume.
- ``export``: per-row results to CSV / XLSX.
"""

# Here rather than in ``jobstore`` so the app can check the file before first paint without
# importing the catalog and validation rules that ``jobstore`` brings.
FILE_NAME = "batches.sqlite3"
