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


@pytest.fixture(autouse=True)
def fresh_lookup_limit():
    """Failed lookups are limited per client for the whole process; each test starts with none."""
    from coprod.ui.lookups import failed_lookups

    failed_lookups.clear()
    yield
