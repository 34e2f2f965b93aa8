"""Starting a local server and knowing when it answers: shared by `make cluster`, the browser tests
and the benchmarks, which all start `streamlit run` (and HAProxy) on free loopback ports."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


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


@contextmanager
def streamlit_served(script: str, env: dict[str, str], logs: Path, flags: list[str] = (),
                     launcher: tuple[str, ...] = ("-m", "streamlit", "run"), port: int | None = None,
                     with_pid: bool = False):
    """`streamlit run script` from the repository, headless on a free loopback port (or `port`: a
    server restarted where its browsers left it), with `env` added to this process's environment and
    its output in `logs`/streamlit-PORT.log; yields its URL once it answers, and stops it afterwards.
    `launcher`: what runs the script (a test's own wrapper of `streamlit run`, say). `with_pid`: yield
    (URL, process id), for a bench that measures the server's CPU and memory."""
    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    with open(Path(logs) / f"streamlit-{port}.log", "ab") as log:
        process = subprocess.Popen([sys.executable, *launcher, script, "--server.headless", "true",
                                    "--server.address", "127.0.0.1", *flags, "--server.port", str(port)],
                                   cwd=ROOT, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_until_ok(f"{url}/_stcore/health", process, f"streamlit run {script}", Path(log.name), seconds=60)
            yield (url, process.pid) if with_pid else url
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
