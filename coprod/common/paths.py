"""Where coprod finds its instruments and keeps its data."""

import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]


def instruments_dir() -> Path:
    """The instrument library: $COPROD_INSTRUMENTS_DIR (an organisation's own copies), or instruments/."""
    return Path(os.environ.get("COPROD_INSTRUMENTS_DIR") or PROJECT_DIR / "instruments")


def data_dir() -> Path:
    """The folder for stored assessments: $COPROD_DATA_DIR, or data/ in the project."""
    return Path(os.environ.get("COPROD_DATA_DIR") or PROJECT_DIR / "data")


def retention_days() -> int | None:
    """How many days untouched data is kept, if the organisation says so ($COPROD_RETENTION_DAYS,
    the same number it gives `python -m coprod purge --older-than`), to tell people."""
    value = os.environ.get("COPROD_RETENTION_DAYS", "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else None


def accessibility_contact() -> str:
    """How to reach the organisation running this copy about accessibility, if it says so
    ($COPROD_ACCESSIBILITY_CONTACT: an e-mail address, a telephone number, a web page), for the
    accessibility statement. Empty when it does not."""
    return os.environ.get("COPROD_ACCESSIBILITY_CONTACT", "").strip()[:300]
