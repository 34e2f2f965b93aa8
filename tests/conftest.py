import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


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
