"""`streamlit run` with faults a test can switch on, for tests/test_browser_errors.py: the app as it is
(its own .streamlit/config.toml), but

- while the file named by COPROD_FAULT_PAGES exists, every page raises an error as it starts;
- while the file named by COPROD_FAULT_STORE exists, every use of the store raises one (so a
  fragment's own rerun and a change callback fail too, not only a page): one it does not know, or,
  where the file says "full", every write raises the failure the app knows (its storage full), while
  reading works, as on a full disk.

Each error's words hold a server path and a made-up secret, as a real error's might: the test looks
for them, and for any traceback, on every page.

    python -m tests.fault_server streamlit_app.py --server.port 8600 ...
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

SECRET = "/srv/coprod-secret/data/assessments/SECRET-TOKEN-0123456789.json"
WRITES = {"create", "add_alias", "drop_code", "update", "delete", "delete_aliases"}  # the store's calls that write


class Fault(RuntimeError):
    """An error no page expects."""


def _switched_on(setting: str) -> bool:
    return bool(os.environ.get(setting)) and Path(os.environ[setting]).exists()


def _install() -> None:
    from streamlit.navigation.page import StreamlitPage

    from coprod.ui import store as app_store

    run_page = StreamlitPage.run

    def run_or_fail(self) -> None:
        if _switched_on("COPROD_FAULT_PAGES"):
            raise Fault(f"could not open {SECRET}")
        run_page(self)

    StreamlitPage.run = run_or_fail

    real_store = app_store.store

    from coprod.storage.interface import Unwritable

    class FaultyStore:
        def __getattr__(self, name):
            if _switched_on("COPROD_FAULT_STORE"):
                if Path(os.environ["COPROD_FAULT_STORE"]).read_text() == "full":
                    if name in WRITES:
                        raise Unwritable()
                    return getattr(real_store(), name)
                raise Fault(f"{name} failed on {SECRET}")
            return getattr(real_store(), name)

    app_store.store = FaultyStore  # before any page imports it: each then calls FaultyStore()


if __name__ == "__main__":
    _install()
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", *sys.argv[1:]]
    sys.exit(cli.main())
