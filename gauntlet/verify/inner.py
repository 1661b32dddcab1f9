"""The verifier's inner process, run inside the sandbox's namespaces.

Usage: ``python -m gauntlet.verify.inner SESSION``; it reads
``SESSION/request.json`` and writes ``SESSION/result.json``.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from gauntlet.verify.errors import VerifyError
from gauntlet.verify.session import (
    REQUEST_NAME,
    VerifyRequest,
    log_progress,
    run_inside,
    write_result,
)


def main(argv: list[str]) -> int:
    session = Path(argv[0])
    request = VerifyRequest.from_json((session / REQUEST_NAME).read_text())
    logging.basicConfig(
        level=request.log_level,
        format="%(levelname)s %(name)s (sandbox): %(message)s",
        stream=sys.stderr,
    )
    try:
        report = run_inside(request, session, log_progress)
    except VerifyError as err:
        write_result(session, None, str(err))
        return 2
    write_result(session, report, None)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
