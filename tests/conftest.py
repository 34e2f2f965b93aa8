import logging
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

# No time limit per example: this machine is shared and noisy, and tests never assert on speed
# (timings belong in bench/).
settings.register_profile("coprod", deadline=None)
settings.load_profile("coprod")

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# The source documents the instruments are transcribed from. They are not part of the repository:
# a bare clone skips the tests that read them; CI, which has them, fails without them.
SEEDS = Path(os.environ.get("COPROD_SEEDS_DIR") or ROOT.parent / "shared" / "seeds")


def seeds_or_skip() -> Path:
    """The seed documents' folder; a skip naming the setting when it is absent (a failure under CI)."""
    if not SEEDS.is_dir():
        message = f"the seed documents are not at {SEEDS}; set COPROD_SEEDS_DIR to the folder that holds them"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return SEEDS


@pytest.fixture
def seeds() -> Path:
    return seeds_or_skip()


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """Each test stores its assessments in its own empty folder."""
    folder = tmp_path / "data"
    monkeypatch.setenv("COPROD_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def chromium_path():
    """Debian's chromium. Under CI a missing browser is a failure, elsewhere a skip."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; .ci/run installs it with apt-get")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return CHROMIUM


class _Kept(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(autouse=True)
def no_unexpected_errors():
    """The app says an unexpected error to the visitor in plain words (coprod.ui.guard) rather than
    letting it escape, so a page test would no longer see it as an exception: the guard's log line
    fails the test instead."""
    kept = _Kept()
    logger = logging.getLogger("coprod.errors")
    logger.addHandler(kept)
    yield
    logger.removeHandler(kept)
    if kept.records:
        pytest.fail("the app met an unexpected error: " + "; ".join(r.getMessage() for r in kept.records))


@pytest.fixture(scope="session")
def postgres_server():
    """A PostgreSQL server of the tests' own, from Debian's binaries, in a temporary folder. Missing
    PostgreSQL is a skip locally and a failure under CI (.ci/run installs it)."""
    import tempfile

    from deploy.pg import LocalPostgres, PostgresMissing
    from deploy.processes import free_port

    folder = Path(tempfile.mkdtemp(prefix="coprod-test-pg-"))
    try:
        server = LocalPostgres(folder, free_port(), durable=False).start()
    except PostgresMissing as missing:
        shutil.rmtree(folder, ignore_errors=True)
        if os.environ.get("CI"):
            pytest.fail(f"{missing}; .ci/run installs it")
        pytest.skip(str(missing))
    _SERVERS.append(server)
    try:
        yield server
    finally:
        _SERVERS.remove(server)
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server, request):
    """The URL of an empty database of this test's own, dropped afterwards."""
    import re

    name = "t_" + re.sub(r"[^a-z0-9]+", "_", request.node.name.lower())[:40] + "_" + os.urandom(3).hex()
    url = postgres_server.create_database(name)
    yield url
    postgres_server.drop_database(name)


_SERVERS: list = []  # the tests' PostgreSQL servers, to quote their log when a test on them fails


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A test that failed on the database says why the database said no: coprod's own log gives a
    reason in plain words only (never the driver's message), and the server's log has the rest."""
    outcome = yield
    report = outcome.get_result()
    if report.failed and "postgres" in item.nodeid and _SERVERS:
        from coprod.storage import postgres

        log = _SERVERS[-1].log
        tail = log.read_text(errors="replace").splitlines()[-30:] if log.exists() else ["(no server log)"]
        report.sections.append(("PostgreSQL", "reasons logged: " + "; ".join(postgres.LOGGED) + "\n" + "\n".join(tail)))
