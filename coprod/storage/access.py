"""How people reach what is stored: by a link, which carries a 128-bit secret, or by a short code,
which a person can read out and type.

A code is one of 30^10, so codes are where guessing would start: each kind of document says whether
a code may open it at all, and failed code lookups are limited per client (coprod.storage.limits). A link
is never guessed, so a valid link always opens what it leads to.
"""

from __future__ import annotations

from coprod.storage.interface import AssessmentStore, Damaged, NotFound

# What a typed code never opens, whatever code it holds: a session (its facilitator's view is opened
# only by its 128-bit link; people join it by its join code, a separate alias), and a version's stored
# wording, an overview (its coordinator's link only) or a contribution. Sessions and snapshots stored
# before this rule still hold a code.
NOT_BY_CODE = ("session", "instrument-snapshot", "overview", "contribution")


def carried_on_by_code(store: AssessmentStore, code: str) -> str:
    """The token of what a person carries on with by typing its code (their assessment, or a
    version's editor), or NotFound."""
    token = store.token_for_code(code)
    try:
        kind = store.get(token).get("kind")
    except Damaged:
        return token  # its page says it is damaged
    if kind in NOT_BY_CODE:
        raise NotFound(code)
    return token
