"""The next review as a calendar file (.ics, RFC 5545): a one-day event whose identity is derived one
way from the assessment, so the file opens nothing, yet a re-download updates the same event."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

from coprod.common.i18n import _


def calendar_uid(token: str) -> str:
    """The review event's identity in calendars: derived one way from the assessment, so a calendar
    file never carries anything that opens it, yet a re-download updates the same event."""
    return hashlib.sha256(f"coprod-review:{token}".encode("utf-8")).hexdigest()[:32]


def to_ics(title: str, on: date, uid: str, description: str = "") -> str:
    """A one-day calendar event (RFC 5545) for the next review."""

    def text(value: str) -> str:
        return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")

    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//coprod//review//EN",
        "CALSCALE:GREGORIAN",
        "BEGIN:VEVENT",
        f"UID:{uid}@coprod",
        f"DTSTAMP:{date.today().strftime('%Y%m%d')}T000000Z",
        f"DTSTART;VALUE=DATE:{on.strftime('%Y%m%d')}",
        f"DTEND;VALUE=DATE:{(on + timedelta(days=1)).strftime('%Y%m%d')}",
        f"SUMMARY:{text(_('Review: {title}').format(title=title))}",
        f"DESCRIPTION:{text(description)}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 3.1)."""
    out, current = [], ""
    for ch in line:
        if len((current + ch).encode("utf-8")) > 75:
            out.append(current)
            current = " " + ch
        else:
            current += ch
    out.append(current)
    return "\r\n".join(out)
