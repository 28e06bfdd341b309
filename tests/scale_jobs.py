"""Job functions for the tests that run real RQ workers (importable by the worker processes)."""

import os
import time
from pathlib import Path

from reviewhub import jobs


def gated(job, *, gate: str, pidfile: str, limit: int = 3000) -> dict:
    """Report progress every 0.05 s until the file `gate` exists; writes its pid to `pidfile`
    first, so a test can kill the process running it."""
    Path(pidfile).write_text(str(os.getpid()))
    step = 0
    while not Path(gate).exists() and step < limit:
        step += 1
        jobs.report_progress(job, step, limit, f"step {step}")
        time.sleep(0.05)
    return {"steps": step, "pid": os.getpid()}
