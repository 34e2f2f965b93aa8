"""Where coprod finds its instruments and keeps its data."""

import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]


def instruments_dir() -> Path:
    """The instrument library: $COPROD_INSTRUMENTS_DIR (an organisation's own copies), or instruments/."""
    return Path(os.environ.get("COPROD_INSTRUMENTS_DIR") or PROJECT_DIR / "instruments")


def data_dir() -> Path:
    """The folder for stored assessments: $COPROD_DATA_DIR, or data/ in the project."""
    return Path(os.environ.get("COPROD_DATA_DIR") or PROJECT_DIR / "data")
