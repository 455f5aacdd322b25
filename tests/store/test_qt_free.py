from __future__ import annotations

import subprocess
import sys


def test_store_never_imports_qt() -> None:
    code = (
        "import sys\n"
        "import portone_desk.store.paths, portone_desk.store.secrets, portone_desk.store.profiles\n"
        "import portone_desk.store.audit, portone_desk.store.audit_export\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'qasync'))\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
