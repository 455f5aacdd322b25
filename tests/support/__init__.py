"""Shared test helpers, one package for every test folder (loaded from the root ``conftest.py``).

- ``fixtures``: the fixtures every folder uses (app home, keyring, profiles, runner, sandbox,
  confirmation stand-in, the main window and the desk in training mode).
- ``logfail``: a test fails on an unexpected Qt warning or a Python log record at WARNING or above.
- ``sandbox``: arranging sandbox data and reading its request log (on ``SandboxControl``), and a raw
  HTTP helper for the sandbox's own tests.
- ``bulk``: an audited service against a sandbox, ship sheets and rows.
- ``desk``: the desk driver (the main window in training mode) for scenario tests.
- ``confirm``: the stand-in for the confirmation dialog.
- ``widgets``: finding, clicking and reading widgets by objectName.
- ``waiting``: waiting on a condition outside Qt (never a fixed sleep).
"""
