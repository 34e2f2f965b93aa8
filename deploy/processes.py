"""Starting a local server and knowing when it answers: shared by `make cluster`, the browser tests
and the benchmarks, which all start `streamlit run` (and HAProxy) on free loopback ports."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_ok(url: str, process: subprocess.Popen | None, what: str, log: Path, seconds: float = 90) -> None:
    """Return once `url` answers 200; raise, naming `what` and its log (the log's tail included),
    if `process` ends first or `seconds` pass."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            pass
        if (process is not None and process.poll() is not None) or time.monotonic() > deadline:
            said = Path(log).read_text(errors="replace")[-3000:] if Path(log).exists() else ""
            raise RuntimeError(f"{what} did not start; see {log}:\n{said}")
        time.sleep(0.05)
