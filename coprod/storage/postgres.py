"""The PostgreSQL store: the same interface and rules as the TinyDB store, for an organisation that runs
several app processes (or machines) on one database.

- A document is one row of `documents`: its JSON as JSONB and a revision that moves with every save.
- Codes and aliases have tables of their own whose keys are unique constraints, so two processes can
  never hand out one code, and whose rows go with their document (ON DELETE CASCADE).
- Every read-modify-write is one transaction that first locks the document's row (SELECT … FOR
  UPDATE): a writer in another process waits for it and then reads what it saved, so no update is
  lost between processes. Within a process, writes to one document are still grouped (the shared
  `DocumentStore` logic): fifty people joining one session cost a few transactions, not fifty.
- The schema is made by numbered migrations, applied on first start under an advisory lock (several
  processes starting together apply each migration once), and recorded in `schema_migrations`.
"""

from __future__ import annotations

import copy
import logging
import threading
import time
from contextlib import contextmanager

from coprod.storage.document_store import DocumentStore
from coprod.storage.documents import encoded
from coprod.storage.interface import (
    Damaged,
    NotFound,
    Unavailable,
    new_code,
    new_token,
)
from coprod.storage.limits import (
    WINDOW,
    TooManyTries,
    client_key,
    configured_limit,
)

# Each entry is applied once, in order, and never changed once released: a new change is a new entry.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE documents (
        token      text PRIMARY KEY,
        doc        jsonb NOT NULL,
        revision   bigint NOT NULL DEFAULT 1,
        saved_at   timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE codes (
        code  text PRIMARY KEY,
        token text NOT NULL REFERENCES documents (token) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED
    );
    CREATE INDEX codes_token ON codes (token);
    CREATE TABLE aliases (
        kind  text NOT NULL,
        key   text NOT NULL,
        token text NOT NULL REFERENCES documents (token) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
        PRIMARY KEY (kind, key)
    );
    CREATE INDEX aliases_token ON aliases (token);
    """,
    """
    CREATE TABLE failed_lookups (
        client   text NOT NULL,
        minute   bigint NOT NULL,
        failures integer NOT NULL,
        PRIMARY KEY (client, minute)
    );
    """,
)
_MIGRATION_LOCK = 7_426_611  # an arbitrary advisory-lock number of coprod's own


def migrate_schema(conn) -> int:
    """Apply the migrations this database has not had yet; how many were applied."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
        conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, "
                     "applied_at timestamptz NOT NULL DEFAULT now())")
        done = {row[0] for row in conn.execute("SELECT version FROM schema_migrations")}
        applied = 0
        for version, sql in enumerate(MIGRATIONS, start=1):
            if version not in done:
                conn.execute(sql)
                conn.execute("INSERT INTO schema_migrations (version) VALUES (%s)", (version,))
                applied += 1
    return applied


# What went wrong, said for whoever runs coprod in words that name no host, port, user, socket path,
# password or connection string: the drivers' own messages name them all (and a connection string
# with a badly encoded password is repeated whole).
_REASONS = (
    ("percent-encoded", "COPROD_DATABASE_URL is not a valid address: write a % in the password as %25"),
    ("invalid connection option", "COPROD_DATABASE_URL is not a valid address"),
    ("invalid uri", "COPROD_DATABASE_URL is not a valid address"),
    ("password", "the database refused the user name or password in COPROD_DATABASE_URL"),
    ("authentication", "the database refused the user name or password in COPROD_DATABASE_URL"),
    ("does not exist", "the database or user named in COPROD_DATABASE_URL does not exist"),
    ("permission denied", "the database user may not create coprod's tables (it needs CREATE on the database)"),
    ("resolve host", "the database's host name is not known"),
    ("name or service not known", "the database's host name is not known"),
    ("connection refused", "nothing answers at the database's address (is PostgreSQL running?)"),
    ("no such file", "no database listens on the local socket (is PostgreSQL running?)"),
    ("timeout", "the database did not answer in time"),
    ("timed out", "the database did not answer in time"),
    ("couldn't get a connection", "no database connection came free in time (COPROD_DATABASE_WAIT)"),
    ("too many", "the database has no connection free (see COPROD_DATABASE_POOL and max_connections)"),
    ("shutting down", "the database is shutting down or restarting"),
    ("terminat", "the database ended the connection (a restart or an administrator)"),
    ("closed", "the connection to the database was closed (a restart?)"),
    ("read-only", "the database takes no writes (a standby after a failover?)"),
)
_logger = logging.getLogger("coprod.database")
LOGGED: dict[str, float] = {}  # when each reason was last said in the log


def reason(error: BaseException | str) -> str:
    """Why the database cannot be used, in words safe for a log: never the driver's own message."""
    text = str(error).lower()
    return next((said for needle, said in _REASONS if needle in text),
                f"the database cannot be used ({type(error).__name__ if isinstance(error, BaseException) else 'error'})")


def _unreachable(error: BaseException) -> Unavailable:
    """The plain Unavailable a page shows, having said why in the log (once a minute per reason: a
    database that is away for an hour, under many visitors, must not flood the log)."""
    said, now = reason(error), time.monotonic()
    if now - LOGGED.get(said, -60.0) >= 60.0:
        LOGGED[said] = now
        _logger.warning("The database cannot be reached: %s.", said)
    return Unavailable()


class _SaysNoConnectionDetails(logging.Filter):
    """Rewrites the drivers' own log records (the pool logs every failed attempt to connect, naming
    host and port) into the same safe words, without their tracebacks."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = f"psycopg: {reason(record.getMessage())}", ()
        record.exc_info = record.exc_text = record.stack_info = None
        return True


_DRIVER_LOGGERS = ("psycopg", "psycopg.pool", "psycopg.pq", "psycopg.transaction", "psycopg.waiting",
                   "psycopg.debug", "psycopg_pool.sched", "psycopg_pool.sched_async")


def _quiet_drivers() -> None:
    for name in _DRIVER_LOGGERS:
        driver = logging.getLogger(name)
        if not any(isinstance(f, _SaysNoConnectionDetails) for f in driver.filters):
            driver.addFilter(_SaysNoConnectionDetails())


@contextmanager
def _reachable():
    """A database that cannot be reached (down, restarting, a connection cut, no connection free in
    time, a standby that takes no writes) is said as Unavailable, which the pages handle like any
    refused save, rather than as a driver's error; the driver's message goes nowhere."""
    import psycopg
    from psycopg_pool import PoolClosed, PoolTimeout, TooManyRequests

    try:
        yield
    except (psycopg.OperationalError, psycopg.InterfaceError, psycopg.InternalError, PoolTimeout, PoolClosed,
            TooManyRequests) as error:
        raise _unreachable(error) from None


class SharedFailedLookups:
    """Failed code lookups per client in the database, so every app process counts the same tries:
    one row per client (a digest of its address, coprod.storage.limits.client_key) and minute. A client waits
    once it has `limit` failures in the current and the previous minute together; rows older than that
    are removed as new ones come."""

    def __init__(self, store: "PostgresStore", limit: int | None = None, window: float = WINDOW) -> None:
        self.store, self.limit, self.window = store, limit or configured_limit(), window
        self._writes = 0

    def _now(self) -> tuple[float, int]:
        now = time.time()
        return now, int(now // self.window)

    def check(self, client: str) -> None:
        now, minute = self._now()
        with self.store._connection() as conn:
            row = conn.execute("SELECT coalesce(sum(failures), 0) FROM failed_lookups WHERE client = %s AND minute >= %s",
                               (client_key(client), minute - 1)).fetchone()
        if row[0] >= self.limit:
            raise TooManyTries(self.window - now % self.window)

    def failed(self, client: str) -> None:
        now, minute = self._now()
        with self.store._connection() as conn:
            conn.execute("INSERT INTO failed_lookups (client, minute, failures) VALUES (%s, %s, 1) "
                         "ON CONFLICT (client, minute) DO UPDATE SET failures = failed_lookups.failures + 1",
                         (client_key(client), minute))
            self._writes += 1
            if self._writes % 100 == 1:  # now and then: a flood of clients leaves a table of two minutes' rows
                conn.execute("DELETE FROM failed_lookups WHERE minute < %s", (minute - 1,))

    def clear(self) -> None:
        with self.store._connection() as conn:
            conn.execute("DELETE FROM failed_lookups")


class PostgresStore(DocumentStore):
    """Documents in PostgreSQL, through a pool of connections shared by the threads of this process."""

    def __init__(self, url: str, *, pool_size: int = 10, wait: float = 15, check=None):
        super().__init__(check)
        import psycopg
        from psycopg_pool import ConnectionPool

        _quiet_drivers()
        # One connection first, so a database that cannot be reached says so at once (a pool would
        # keep trying), and the schema is brought up to date before anything is served. Any driver
        # error here (a malformed URL included, whose message repeats the password) is Unavailable.
        try:
            with psycopg.connect(url, autocommit=True, connect_timeout=10) as conn:
                migrate_schema(conn)
        except psycopg.Error as error:
            raise _unreachable(error) from None
        # `wait`: how long a request waits for a connection (all busy, or the database away) before
        # the page says the database cannot be reached (Unavailable) and keeps what was typed.
        self._pool = ConnectionPool(url, min_size=1, max_size=pool_size, open=True, timeout=wait,
                                    kwargs={"autocommit": True}, check=self._still_open,
                                    name="coprod")
        self._held = threading.local()  # the connection of the transaction this thread is writing in
        self._failed_lookups = SharedFailedLookups(self)

    def close(self) -> None:
        self._pool.close()

    def failed_lookups(self) -> SharedFailedLookups:
        """Failed code lookups counted in the database, for every process at once."""
        return self._failed_lookups

    def _still_open(self, conn) -> None:
        """The pool's check of a connection it hands out. An idle connection has nothing to read unless
        the server has closed it (PostgreSQL restarted, or an administrator ended it): then its socket
        reads as ready. A poll with no wait costs no round trip, unlike a test query on every borrow.
        A closed one is dropped, with every other idle one that is closed too, and the pool hands out a
        working connection instead, so a restart costs nobody a failed request. poll, not select: a busy
        process (a hall's websockets) holds more than 1,024 files, and select() refuses any numbered
        past that, which turned every connection away."""
        import select

        import psycopg

        if conn.closed:
            readable = True
        else:
            watch = select.poll()
            watch.register(conn.fileno(), select.POLLIN)
            readable = bool(watch.poll(0))
        if readable:
            conn.close()  # the pool then replaces it rather than handing it out again
            self._pool.check()  # the others idle since the restart are closed too: drop them in one go
            raise psycopg.OperationalError("the server closed this connection")

    @contextmanager
    def _connection(self):
        """The writing transaction's connection when this thread is in one, else one from the pool."""
        held = getattr(self._held, "conn", None)
        if held is not None:
            yield held
        else:
            with _reachable(), self._pool.connection() as conn:
                yield conn

    @contextmanager
    def _exclusive(self, token: str):
        """Threads of this process queue on the token's lock (so their changes are grouped); the
        transaction then locks the row against every other process until it commits."""
        with self._locks.hold(token), _reachable(), self._pool.connection() as conn, conn.transaction():
            conn.execute("SELECT 1 FROM documents WHERE token = %s FOR UPDATE", (token,))
            self._held.conn = conn
            try:
                yield
            finally:
                self._held.conn = None

    # -- the primitives

    def create(self, doc: dict, *, code: bool = True) -> dict:
        """The document and its code in one transaction: the code's uniqueness is the database's."""
        from psycopg.types.json import Jsonb

        token = new_token()
        doc = {**copy.deepcopy(doc), "token": token}
        doc["created_at"] = doc["updated_at"] = time.time()
        encoded(doc)
        with _reachable(), self._pool.connection() as conn, conn.transaction():
            while code:
                doc["code"] = new_code()
                if conn.execute("INSERT INTO codes (code, token) VALUES (%s, %s) ON CONFLICT DO NOTHING",
                                (doc["code"], token)).rowcount:
                    break
            conn.execute("INSERT INTO documents (token, doc) VALUES (%s, %s)", (token, Jsonb(doc)))
        return copy.deepcopy(doc)

    def _exists(self, token: str) -> bool:
        with self._connection() as conn:
            return conn.execute("SELECT 1 FROM documents WHERE token = %s", (token,)).fetchone() is not None

    def _stamp(self, token: str) -> int | None:
        """The row's revision, which every save moves: one small read by the primary key."""
        with self._connection() as conn:
            row = conn.execute("SELECT revision FROM documents WHERE token = %s", (token,)).fetchone()
        return row[0] if row else None

    def _load(self, token: str) -> dict:
        with self._connection() as conn:
            row = conn.execute("SELECT doc FROM documents WHERE token = %s", (token,)).fetchone()
        if row is None:
            raise NotFound(token)
        if not isinstance(row[0], dict):
            raise Damaged(token, None)  # the row stays as it is, for a person to look at
        return row[0]

    def _save(self, token: str, doc: dict) -> None:
        from psycopg.types.json import Jsonb

        with self._connection() as conn:
            conn.execute("INSERT INTO documents (token, doc) VALUES (%s, %s) ON CONFLICT (token) DO UPDATE "
                         "SET doc = excluded.doc, revision = documents.revision + 1, saved_at = now()",
                         (token, Jsonb(doc)))

    def _claim_code(self, code: str, token: str) -> bool:
        with self._connection() as conn:
            return bool(conn.execute("INSERT INTO codes (code, token) VALUES (%s, %s) ON CONFLICT DO NOTHING",
                                     (code, token)).rowcount)

    def _code(self, code: str) -> str | None:
        with self._connection() as conn:
            row = conn.execute("SELECT token FROM codes WHERE code = %s", (code,)).fetchone()
        return row[0] if row else None

    def _set_alias(self, kind: str, key: str, token: str) -> None:
        import psycopg

        try:
            with self._connection() as conn, conn.transaction():
                conn.execute("INSERT INTO aliases (kind, key, token) VALUES (%s, %s, %s) "
                             "ON CONFLICT (kind, key) DO UPDATE SET token = excluded.token", (kind, key, token))
        except psycopg.errors.ForeignKeyViolation:
            raise NotFound(token) from None

    def _alias(self, kind: str, key: str) -> str | None:
        with self._connection() as conn:
            row = conn.execute("SELECT token FROM aliases WHERE kind = %s AND key = %s", (kind, key)).fetchone()
        return row[0] if row else None

    def _remove(self, token: str, doc: dict | None) -> None:
        with self._connection() as conn:  # its code and aliases go with it (ON DELETE CASCADE)
            if not conn.execute("DELETE FROM documents WHERE token = %s", (token,)).rowcount:
                raise NotFound(token)

    def delete_aliases(self, token: str) -> None:
        with self._connection() as conn:
            conn.execute("DELETE FROM aliases WHERE token = %s", (token,))

    def _tokens(self) -> list[str]:
        with self._connection() as conn:
            return [row[0] for row in conn.execute("SELECT token FROM documents ORDER BY token")]

    def _release_code(self, code: str, token: str) -> None:
        with self._connection() as conn:
            conn.execute("DELETE FROM codes WHERE code = %s AND token = %s", (code, token))

    def mentioned(self, token: str) -> bool:
        with self._connection() as conn:
            return conn.execute("SELECT 1 FROM documents WHERE token <> %s AND strpos(doc::text, %s) > 0 LIMIT 1",
                                (token, token)).fetchone() is not None

    def codes(self) -> dict[str, str]:
        with self._connection() as conn:
            return dict(conn.execute("SELECT code, token FROM codes").fetchall())

    def aliases(self) -> dict[tuple[str, str], str]:
        with self._connection() as conn:
            return {(kind, key): token for kind, key, token in conn.execute("SELECT kind, key, token FROM aliases")}
