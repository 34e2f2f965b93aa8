"""Several app processes behind a proxy on this machine, for a try-out: PostgreSQL, N `streamlit run`
processes sharing it, and HAProxy (Debian's `haproxy`) in front with session affinity.

    python -m deploy.cluster up     # `make cluster`: starts everything, serves http://127.0.0.1:8500, Ctrl-C stops all
    python -m deploy.cluster stop   # `make cluster-stop`: stops what an `up` left running (another terminal)

Settings (environment): COPROD_CLUSTER_PORT (8500, the proxy), COPROD_CLUSTER_PROCESSES (3),
COPROD_CLUSTER_DIR (.cluster/: PostgreSQL's files, the proxy's configuration, logs),
COPROD_DATABASE_URL (use this database instead of starting one).

Why each piece is as it is:
- Affinity: Streamlit keeps a browser's session (and its download files) in the process its websocket
  reached, so HAProxy pins a browser to one process with a cookie it inserts (COPROD_BACKEND) on the
  first page; the websocket that follows carries the cookie and is upgraded as is.
- The proxy adds `X-Coprod-Backend: appN` to every response, naming the process that answered.
- When a process goes (crash, restart), health checks take it out within seconds and `option
  redispatch` sends its browsers to another; Streamlit's page reconnects by itself and reruns from
  its URL, and everything a page shows lives in the database and the URL, so nothing is lost.
- Every process gets the same cookie secret (Streamlit signs its XSRF cookie with it), so a form or
  upload started on one process is accepted by another.
- Every process trusts X-Forwarded-For only from the proxy (COPROD_TRUSTED_PROXIES), which connects
  from PROXY_SOURCE: the address HAProxy appends is who is counted for the limit on failed code
  lookups (README, "Security"), whatever a visitor wrote in the header themselves.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from deploy.processes import free_port, wait_until_ok

ROOT = Path(__file__).resolve().parents[1]
BACKEND_HEADER = "X-Coprod-Backend"
# HAProxy connects to the app processes from this address, which no browser on this machine uses, and
# the processes trust X-Forwarded-For from it alone (COPROD_TRUSTED_PROXIES): so the address HAProxy
# appends is believed even for a browser on this machine, and nothing a browser writes in the header is.
PROXY_SOURCE = "127.0.0.2"
AFFINITY_COOKIE = "COPROD_BACKEND"



def haproxy_config(port: int, app_ports: list[int]) -> str:
    servers = "\n".join(f"    server app{n} 127.0.0.1:{p} check inter 1s fall 2 rise 2 cookie app{n} source {PROXY_SOURCE}"
                        for n, p in enumerate(app_ports, start=1))
    return f"""# Written by deploy/cluster.py.
global
    maxconn 4000

defaults
    mode http
    timeout connect 5s
    timeout client 1h
    timeout server 1h
    # a websocket stays open as long as its page does
    timeout tunnel 1h
    # a request to a process that has gone is sent to another
    option redispatch
    retries 2

frontend coprod
    bind 127.0.0.1:{port}
    # the app limits failed code lookups per address: it believes the X-Forwarded-For line HAProxy
    # adds (after any the browser wrote) because the app processes name this proxy as trusted
    option forwardfor
    default_backend apps

backend apps
    balance roundrobin
    # session affinity: a browser stays on the process that holds its Streamlit session
    cookie {AFFINITY_COOKIE} insert indirect nocache httponly
    option httpchk GET /_stcore/health
    http-check expect status 200
    http-response set-header {BACKEND_HEADER} %[srv_name]
{servers}
"""


class Cluster:
    """PostgreSQL (unless given a database), `processes` app processes and HAProxy on `port`."""

    def __init__(self, folder: Path, *, processes: int = 3, port: int | None = None,
                 database_url: str | None = None, durable: bool = True, env: dict[str, str] | None = None):
        self.folder = Path(folder)
        self.processes = processes
        self.port = port or free_port()
        self.database_url = database_url
        self.durable = durable
        self.env = env or {}  # more settings for every app process
        self.postgres = None
        self.apps: list[subprocess.Popen] = []
        self.app_ports: list[int] = []
        self.proxy: subprocess.Popen | None = None
        self._logs: list = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def app_url(self, n: int) -> str:
        """The address of app process n (1-based), without the proxy."""
        return f"http://127.0.0.1:{self.app_ports[n - 1]}"

    def start(self) -> "Cluster":
        if not shutil.which("haproxy"):
            raise RuntimeError("HAProxy is not installed: apt-get install haproxy")
        self.folder.mkdir(parents=True, exist_ok=True)
        if not self.database_url:
            from deploy.pg import LocalPostgres

            pg_port = int(os.environ.get("COPROD_CLUSTER_PG_PORT") or free_port())
            self.postgres = LocalPostgres(self.folder / "pg", pg_port, durable=self.durable).start()
            self.database_url = self.postgres.url()
        from coprod.storage.postgres import PostgresStore

        PostgresStore(self.database_url).close()  # the schema, once, before the processes start
        cookie_secret = secrets.token_urlsafe(32)
        for n in range(1, self.processes + 1):
            self.app_ports.append(free_port())
            self.apps.append(self._start_app(n, cookie_secret))
        for n, app in enumerate(self.apps, start=1):
            wait_until_ok(f"{self.app_url(n)}/_stcore/health", app, f"app process {n}", self.folder / f"app{n}.log")
        config = self.folder / "haproxy.cfg"
        config.write_text(haproxy_config(self.port, self.app_ports), encoding="utf-8")
        log = open(self.folder / "haproxy.log", "wb")
        self._logs.append(log)
        self.proxy = subprocess.Popen(["haproxy", "-db", "-f", str(config)], stdout=log, stderr=subprocess.STDOUT)
        wait_until_ok(f"{self.url}/_stcore/health", self.proxy, "haproxy", self.folder / "haproxy.log")
        self._write_state()
        return self

    def _start_app(self, n: int, cookie_secret: str) -> subprocess.Popen:
        env = {**os.environ, "COPROD_DATABASE_URL": self.database_url, "STREAMLIT_SERVER_COOKIE_SECRET": cookie_secret,
               "COPROD_TRUSTED_PROXIES": PROXY_SOURCE, **self.env}
        log = open(self.folder / f"app{n}.log", "wb")
        self._logs.append(log)
        return subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.headless", "true",
             "--server.address", "127.0.0.1", "--server.port", str(self.app_ports[n - 1])],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)

    def kill_app(self, n: int) -> None:
        """Kill app process n (1-based) at once, as a crash would."""
        self.apps[n - 1].send_signal(signal.SIGKILL)
        self.apps[n - 1].wait(timeout=30)

    def _write_state(self) -> None:
        pids = [os.getpid()] + [p.pid for p in self.apps] + ([self.proxy.pid] if self.proxy else [])
        (self.folder / "pids").write_text("\n".join(map(str, pids)) + "\n", encoding="ascii")

    def stop(self) -> None:
        for process in ([self.proxy] if self.proxy else []) + self.apps:
            if process.poll() is None:
                process.terminate()
        for process in ([self.proxy] if self.proxy else []) + self.apps:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self.postgres:
            self.postgres.stop()
        for log in self._logs:
            log.close()
        (self.folder / "pids").unlink(missing_ok=True)


def stop_left_running(folder: Path) -> None:
    """Stop what an `up` in another terminal left running: its processes by the ids it wrote, and
    its PostgreSQL."""
    pids = folder / "pids"
    if pids.exists():
        for line in pids.read_text(encoding="ascii").split():
            if int(line) != os.getpid():
                try:
                    os.kill(int(line), signal.SIGTERM)
                except ProcessLookupError:
                    pass
        pids.unlink()
    from deploy.pg import LocalPostgres

    if (folder / "pg" / "data" / "postmaster.pid").exists():
        LocalPostgres(folder / "pg", 0).stop()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    folder = Path(os.environ.get("COPROD_CLUSTER_DIR") or ROOT / ".cluster")
    if args[:1] == ["stop"]:
        stop_left_running(folder)
        print("stopped")
        return 0
    if args[:1] != ["up"]:
        print(__doc__)
        return 2
    stop_left_running(folder)  # a previous `up` that was not stopped
    cluster = Cluster(folder, processes=int(os.environ.get("COPROD_CLUSTER_PROCESSES", "3")),
                      port=int(os.environ.get("COPROD_CLUSTER_PORT", "8500")),
                      database_url=os.environ.get("COPROD_DATABASE_URL") or None)
    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    try:
        cluster.start()
        print(f"coprod on {cluster.url} through HAProxy: {cluster.processes} app processes "
              f"({', '.join(cluster.app_url(n) for n in range(1, cluster.processes + 1))}), "
              f"{'the database COPROD_DATABASE_URL names' if cluster.postgres is None else 'a PostgreSQL of its own in ' + str(folder / 'pg')}"
              f" (never printed: a connection string can hold a password). Logs in {folder}. Ctrl-C (or make cluster-stop) stops everything.",
              flush=True)
        while not stopping:
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        cluster.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
