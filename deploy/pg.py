"""A PostgreSQL server of its own in a folder, from the machine's PostgreSQL binaries (Debian's
`postgresql` package): for the tests, the benchmarks and `make cluster`'s try-out. A real
installation uses the organisation's own PostgreSQL (see the README) and none of this.

It listens on 127.0.0.1 only, with trust authentication for the local user `coprod`: fit for one
machine's try-out, never for a server reachable by others. PostgreSQL refuses to run as root, so
under root the server runs as the `postgres` user the Debian package creates.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
from pathlib import Path

USER = "coprod"


class PostgresMissing(RuntimeError):
    pass


def bin_dir() -> Path:
    """The folder of initdb and pg_ctl: $COPROD_PG_BINDIR, `pg_config --bindir`, the newest
    /usr/lib/postgresql/*/bin, or PATH."""
    candidates = [os.environ.get("COPROD_PG_BINDIR", "")]
    if shutil.which("pg_config"):
        found = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True)
        candidates.append(found.stdout.strip())
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name), reverse=True)
    if shutil.which("initdb"):
        candidates.append(str(Path(shutil.which("initdb")).parent))
    for folder in candidates:
        if folder and (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    raise PostgresMissing("PostgreSQL's server programs (initdb, pg_ctl) are not installed: "
                          "apt-get install postgresql (or set COPROD_PG_BINDIR to their folder)")


class LocalPostgres:
    """A server whose files live in `folder` (made on first start), listening on 127.0.0.1:`port`."""

    def __init__(self, folder: Path, port: int, *, durable: bool = True):
        self.folder = Path(folder)
        self.port = port
        self.durable = durable  # the tests turn fsync off: their data is thrown away anyway
        self.data = self.folder / "data"
        self.log = self.folder / "postgres.log"

    def url(self, database: str = "coprod") -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str, **kwargs) -> subprocess.CompletedProcess:
        command = list(args)
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, capture_output=True, text=True, **kwargs)

    def start(self) -> "LocalPostgres":
        programs = bin_dir()
        self.folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
            if self._run("test", "-w", str(self.folder)).returncode:
                raise RuntimeError(f"the postgres user cannot reach {self.folder} (a folder above it is closed to "
                                   "others): choose another place, for example COPROD_CLUSTER_DIR=/var/tmp/coprod-cluster")
        if not (self.data / "PG_VERSION").exists():
            made = self._run(str(programs / "initdb"), "-D", str(self.data), "-U", USER, "--auth=trust",
                             "-E", "UTF8", "--locale=C.UTF-8", "--no-instructions")
            if made.returncode:
                raise RuntimeError(f"initdb failed: {made.stderr or made.stdout}")
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} -c max_connections=200"
        if not self.durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        started = self._run(str(programs / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", options,
                            "-w", "-t", "60", "start")
        if started.returncode:
            raise RuntimeError(f"PostgreSQL did not start: {started.stderr or started.stdout}; see {self.log}")
        self.create_database("coprod")
        return self

    def create_database(self, name: str) -> str:
        """An empty database `name` (if there is none yet); its URL."""
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run(str(bin_dir() / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def running(self) -> bool:
        return self._run(str(bin_dir() / "pg_ctl"), "-D", str(self.data), "status").returncode == 0
