"""The server settings a public address depends on (.streamlit/config.toml), read as Streamlit reads
them: no error detail reaches a visitor, an upload is refused by the server past what the app takes,
nothing is reported to an outside service, and the experimental agent API stays off."""

from __future__ import annotations

import math
import tomllib

from coprod.files import exchange
from coprod.library import versions
from tests.conftest import ROOT

CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


def test_visitors_see_no_error_detail():
    assert CONFIG["client"]["showErrorDetails"] == "none"


def test_the_server_takes_no_upload_larger_than_the_app_does():
    megabytes = CONFIG["server"]["maxUploadSize"]
    assert megabytes == math.ceil(max(exchange.MAX_BYTES, versions.MAX_UPLOAD) / 1_000_000)
    assert megabytes * 1024 * 1024 < 3 * exchange.MAX_BYTES


def test_nothing_is_reported_outside_and_no_other_way_in_is_open():
    assert CONFIG["browser"]["gatherUsageStats"] is False
    assert CONFIG.get("server", {}).get("enableAgentApi", False) is False
