"""What a participant's or a rater's own page says of the session or the person it belongs to.

A participant's page follows the session by itself: it looks at the session every few seconds and
redraws when the facilitator opens round 2, reveals a round, publishes or closes, so the reveal
reaches every device without a click. What it shows of the group is what the facilitator's screen
shows (`coprod.sessions.disclosure`, through coprod.ui.sessions), loaded only once there is something
to show: the page people score on imports no charts."""

from __future__ import annotations

import copy

import streamlit as st

from coprod.answers import assessment as A
from coprod.answers import plans
from coprod.common.i18n import _, marked
from coprod.library.model import Instrument
from coprod.sessions import disclosure
from coprod.sessions import lifecycle as S
from coprod.storage.interface import Damaged, NotFound
from coprod.ui import follow as follow_session
from coprod.ui import guard, show
from coprod.ui.show import heading
from coprod.ui.store import store

WATCH_SECONDS = 3  # how often a participant's page looks at the session for a reveal, a new round or a publish
ROUND_ONE = marked("Your round-1 answer")


def rescoring(doc: dict, session: dict) -> bool:
    """Whether this is a participant's page in round 2, not submitted yet: their round-1 answers
    are kept, and they may score again."""
    return session["round"] > 1 and "1" in (doc.get("rounds") or {}) and doc["status"] == A.DRAFT


def participant_banner(session: dict, doc: dict) -> None:
    title = session["title"]
    if session["published"]:
        said = _("Part of the team session “{title}”. The group's agreed scores and plan are below.")
    elif rescoring(doc, session):
        said = _("Round 2 of the team session “{title}”. After the talk, score again: change any score or example "
                 "you now see differently, keep the rest, then press Submit. Your round-1 answer is shown beside each "
                 "item for reference; both rounds are kept.")
    elif disclosure.held_back(session, doc["token"]):
        said = _("Part of the team session “{title}”. Your answers came in after the facilitator had shown the group's "
                 "answers, so they are kept for you and not shown to anyone. You can still withdraw them.")
    elif S.is_revealed(session):
        said = _("Part of the team session “{title}”. The facilitator has shown everyone's answers: they are below.")
    else:
        said = _("Part of the team session “{title}”. Your answers are private until the facilitator shows everyone's together.")
    show.message("info", said.format(title=title), icon=":material/groups:")


def round_one(doc: dict, session: dict) -> dict | None:
    """The participant's round-1 answers shaped as an earlier round, to show beside each item while
    they re-score (the score page's "last round" reference), or None outside round 2."""
    if not rescoring(doc, session):
        return None
    return {"date": "", "reference_label": _(ROUND_ONE), "perspectives": [session["perspective"]],
            "answers": {session["perspective"]: doc["rounds"]["1"]}}


def submitted(doc: dict, session: dict) -> tuple[dict, str] | None:
    """The participant's answers as last submitted, with a note saying which they are when they are
    not the current round's: someone who did not re-score in round 2 has their round-1 answers.
    None if they never submitted."""
    if doc["status"] == A.FINISHED or doc.get("locked"):
        return doc, ""
    kept = doc.get("rounds") or {}
    if not kept:
        return None
    last = max(kept, key=int)
    earlier = copy.deepcopy(doc)
    earlier.update(status=A.FINISHED, answers={session["perspective"]: kept[last]}, item_examples={})
    return earlier, _("Your answers from round {last}: you did not re-score in round {now}, so these stand.").format(
        last=last, now=session["round"])


def watch(session: dict) -> None:
    """Redraw the page when the session moves on (a round opened or revealed, the results
    published, the session closed, the timer started or stopped, an example kept back): the
    facilitator's reveal reaches this device by itself."""
    seen, token = _moment(session), session["token"]

    @guard.fragment(run_every=WATCH_SECONDS)
    def follow() -> None:
        # the session's stamp first; read and parsed only when it moved, once for all its followers
        try:
            now = follow_session.moment(store(), token, _moment)
        except (NotFound, Damaged):
            return
        if now is not None and now != seen:
            st.rerun(scope="app")

    follow()


def _moment(session: dict) -> tuple:
    held = sum(len(d) for items in (session.get("held_back") or {}).values() for d in items.values())
    return session["round"], tuple(session["revealed"]), session["published"], session["status"], \
        (session.get("timer") or {}).get("ends"), held  # the timer started or stopped, an example kept back


def group_results(instrument: Instrument, session: dict, *, for_reference: bool = False) -> None:
    """What everyone said in the latest revealed round, exactly as far as the facilitator's screen
    shows it (groups under the minimum withheld, no names in an anonymous session)."""
    if not session["revealed"]:
        return
    from coprod.ui import (
        sessions as team_ui,  # charts and tables: only once there is something to show
    )

    rounds = team_ui.shown_rounds(instrument, session)
    latest = max(session["revealed"])
    title = _("What everyone said in round {n}").format(n=latest) if session["round"] > 1 else _("What everyone said")
    if for_reference:
        with st.expander(_("{title} (for reference while you re-score)").format(title=title), icon=":material/groups:"):
            team_ui.team_results(instrument, rounds[latest - 1])
        return
    heading(title, 2)
    team_ui.team_results(instrument, rounds[latest - 1], rounds[latest - 2] if latest > 1 else None)


def published(instrument: Instrument, session: dict) -> None:
    """What came of it ("You said, we did"): the agreed scores and the team plan, nobody's own answers."""
    heading(_("What the group agreed"), 2)
    show.answers([(item.name, plans.current_text(instrument, session, item) or _("not agreed yet"), (),
                   A.answer(session, session["perspective"], item.id)["example"]) for item in instrument.items])
    heading(_("The team's next steps"))
    # One block per action rather than a table of eight columns: on a phone a table that wide
    # scrolls sideways inside a box the keyboard cannot reach.
    for row in plans.table_rows(instrument, session):
        with st.container(border=True):
            (first, title), *rest = row.items()
            show.label(title or first)
            show.text("\n".join(f"{name}: {value}" for name, value in rest if str(value).strip()))


def rater_banner(person: dict | None, rating: dict) -> None:
    whom = rating["rates"]["whom"] if "whom" in rating["rates"] else _("someone")
    said = (_("You are completing this about {whom}, for “{title}”. When you submit, they see your answers, with your name ({name}).")
            if rating.get("name") else
            _("You are completing this about {whom}, for “{title}”. When you submit, they see your answers, without a name."))
    said = said.format(whom=whom, title=rating["title"], name=rating.get("name"))
    show.message("info", said + ("" if person else " " + _("(Their assessment has since been deleted.)")), icon=":material/person_search:")
