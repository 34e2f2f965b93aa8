"""The axe-core accessibility engine run in the page (the copy bundled in axe-playwright-python;
nothing is fetched at test time), with WCAG 2.2 A/AA rules, keeping serious and critical findings.

Some findings sit in Streamlit's own markup, which the app cannot change. They are listed in
STREAMLIT_OWNED, each as a rule and a pattern of the element's selector or HTML, with why; a finding
not on that list fails the test, and so does one that matches the list only by its rule."""

from __future__ import annotations

import re
from dataclasses import dataclass

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
SERIOUS = {"serious", "critical"}


@dataclass(frozen=True)
class Owned:
    rule: str
    pattern: str  # searched in the element's selector and its HTML
    why: str


# Findings in markup that Streamlit draws and the app has no say over (Streamlit 1.67). Empty today:
# the two found in the first audit were fixed in coprod/ui/style.py (captions faded to 4.38:1, and
# links in them to 2.8:1; a date field's day, month and year under 24 px) and the theme; st.image's
# QR code without alt text is drawn by coprod.ui.show.qr instead. An entry reads, for example:
#   Owned("target-size", r"stDateInput", "the date picker's segments are Streamlit's own react-aria markup"),
STREAMLIT_OWNED: list[Owned] = []


@dataclass(frozen=True)
class Finding:
    state: str
    rule: str
    impact: str
    target: str
    html: str
    message: str

    def __str__(self) -> str:
        return f"[{self.state}] {self.rule} ({self.impact}) at {self.target}: {self.message} — {self.html[:160]}"


def audit(page, state: str) -> tuple[list[Finding], list[Finding]]:
    """(findings the app owns, findings on the Streamlit-owned list) of the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}, "resultTypes": ["violations"]})
    own, streamlit = [], []
    for violation in results.response["violations"]:
        if violation["impact"] not in SERIOUS:
            continue
        for node in violation["nodes"]:
            checks = node.get("any", []) + node.get("all", []) + node.get("none", [])
            finding = Finding(state, violation["id"], violation["impact"], " ".join(map(str, node["target"])),
                              node.get("html", ""), "; ".join(c.get("message", "") for c in checks)[:300])
            (streamlit if streamlit_owned(finding) else own).append(finding)
    return own, streamlit


def streamlit_owned(finding: Finding, allowed: list[Owned] | None = None) -> bool:
    """On the list: the same rule, and the pattern found in the element's selector or HTML."""
    return any(o.rule == finding.rule and (re.search(o.pattern, finding.target) or re.search(o.pattern, finding.html))
               for o in (STREAMLIT_OWNED if allowed is None else allowed))
