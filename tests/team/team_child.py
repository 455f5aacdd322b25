"""One agent's desk in its own process: connect to the team, say "ready", wait for the go file, make
one audited call and print how it ended as JSON.

    python team_child.py SANDBOX_URL TEAM_DSN GO_FILE OP_ID JSON_VALUES
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from team_support import team_service

from portone_desk.api.errors import OutcomeUnknown, PortOneError
from portone_desk.team.audit import TeamAudit
from portone_desk.team.errors import AlreadyDone, ClaimHeld, TeamUnavailable


def main() -> int:
    url, dsn, go_file, op_id, values = sys.argv[1:6]
    audit = TeamAudit(dsn)
    service = team_service(url, audit)
    audit.me()  # connected and known before the race starts
    print("ready", flush=True)
    deadline = time.monotonic() + 30
    while not Path(go_file).exists():
        if time.monotonic() > deadline:
            return 9
        time.sleep(0.005)
    try:
        service.call(op_id, json.loads(values))
        result = {"result": "ok"}
    except ClaimHeld as exc:
        result = {"result": "held", "message": str(exc)}
    except AlreadyDone as exc:
        result = {"result": "done", "message": str(exc)}
    except TeamUnavailable as exc:
        result = {"result": "unavailable", "message": str(exc)}
    except OutcomeUnknown as exc:
        result = {"result": "unknown", "message": str(exc)}
    except PortOneError as exc:
        result = {"result": "failed", "message": str(exc)}
    print(json.dumps(result, ensure_ascii=False), flush=True)
    audit.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
