"""A team's side of an organisation's overview: adding its results (from a revealed session's or a
finished assessment's page), seeing exactly what is shared first, taking it back, and its scores
beside the overview's where the coordinator allows. Light: the score page uses it (taking results
back when deleting), so it draws no charts."""

from __future__ import annotations

from datetime import date

import streamlit as st

from coprod.answers import rounds
from coprod.library.model import Instrument
from coprod.overview import contributions as C
from coprod.overview import figures as F
from coprod.storage.interface import Damaged, NotFound
from coprod.ui import show, textbox
from coprod.ui.lookups import TooManyTries, by_code
from coprod.ui.store import store

ADDING = "overview-adding"  # the overview a team is adding its results to (its contribution link's key)


def add_to_overview(instrument: Instrument, doc: dict, key: str = "") -> None:
    """"Add to an overview" on a finished assessment's or a revealed session's page: the contribution
    code (or the link's key), a team name and tags, a preview of exactly what will be shared, and a
    confirmation. Below it, the overviews this work was added to, each with a way to take it back."""
    try:
        source = C.source_of(instrument, doc)
    except C.Refused:
        return
    mine = C.contributions_of(store(), doc)
    with st.expander("Add to an overview", icon=":material/dashboard:", expanded=bool(key)):
        st.write("An overview gathers many teams' results for the organisation that runs them (a council's "
                 "participation lead, a programme). You choose what it gets, see it first, and can take it back at any time.")
        _adding(instrument, doc, source, key)
    for contribution, overview in mine:
        _added(contribution, overview)
        if overview.get("share_back"):
            team_view(instrument, overview, contribution)


def _adding(instrument: Instrument, doc: dict, source: C.Source, key: str) -> None:
    overview = _find(key)
    if overview is None:
        return
    if overview["instrument_id"] != instrument.id:
        show.message("warning", f"“{overview['title']}” gathers results of {overview['instrument_title']}: it cannot take "
                     f"{instrument.title}.", icon=":material/block:")
        return
    _offer(instrument, doc, source, overview)


def _find(key: str) -> dict | None:
    if key:
        try:
            return C.find(store(), key=key)
        except (NotFound, Damaged):
            show.message("error", "There is no overview at this link. Ask its coordinator for the link or the code.")
            return None
    code = textbox.line("Contribution code (from the overview's coordinator)", "overview-code", limit=20,
                        placeholder="e.g. K7PQ2-MX9RT")
    if not str(code).strip() or code.cut:
        return None
    try:
        return by_code(lambda: C.find(store(), code=str(code)))
    except TooManyTries as wait:
        st.error(str(wait), icon=":material/hourglass_top:")
    except (NotFound, Damaged):
        st.error("No overview has that code. Check it with the coordinator (letters and digits, no 0, 1, O or I).")
    return None


def _offer(instrument: Instrument, doc: dict, source: C.Source, overview: dict) -> None:
    show.label(f"To: {overview['title']}")
    earlier = C.earlier_contribution(store(), overview, source)
    if earlier is not None:
        show.text(f"An earlier review round of this work is in the overview as “{earlier['team']}”: this one will be added as "
                  "its next round.")
        team, tags = earlier["team"], list(earlier["tags"])
    else:
        team = str(textbox.line("Team name, as the coordinator will see it", "overview-team",
                                placeholder="e.g. Northside youth club"))
        tags = st.multiselect("Tags", overview["tags"], key="overview-tags-picked", format_func=show.choice) if overview["tags"] else []
    examples = st.checkbox("Also share the examples", key="overview-examples",
                           help="Only the examples agreed or written for each score: never anyone's own answers.")
    plan = st.checkbox("Also share the plan's actions and their status", key="overview-plan")
    review = _review_date(instrument, doc)
    preview = C.shared(instrument, source, examples=examples, plan=plan, review=review)
    show.label("Exactly what will be shared")
    view = C.view_label(instrument, source)
    show.table([{"Item": item.name, "Score": _score_text(instrument, preview["scores"].get(item.id)),
                 **({"Example": preview.get("examples", {}).get(item.id, "")} if examples else {})} for item in instrument.items])
    if view:
        show.caption(f"The scores for {view}.")
    if plan:
        show.table([{"Item": row["item"], "Action": row["actions"], "Status": row["status"]} for row in preview["plan"]]
                   or [{"Plan": "No actions written yet."}])
    show.caption(f"Also the date ({preview['on']})" + (f" and the next review date ({preview['next_review']})" if review else "")
                 + ". Never anyone's own answers, never a name, never a link.")
    if st.button("Add to the overview", type="primary", icon=":material/check:", key="overview-add"):
        try:
            contribution, is_next = C.contribute(store(), instrument, overview, source, team=team, tags=tags,
                                                 examples=examples, plan=plan, review=review)
        except C.Refused as refused:
            show.message("error", str(refused), icon=":material/block:")
            return
        show.say_on_next_page(C.join_words(is_next, contribution["team"]))
        st.query_params.pop("c", None)
        st.rerun()


def _review_date(instrument: Instrument, doc: dict) -> date | None:
    if doc.get("kind") == "session":
        return rounds.review_date(instrument, doc.get("created_on", ""))
    return rounds.next_review(instrument, doc)


def _score_text(instrument: Instrument, score: int | None) -> str:
    return "not scored" if score is None else instrument.scale.level(score)


def _added(contribution: dict, overview: dict) -> None:
    with st.container(border=True):
        rounds_in = len(contribution["rounds"])
        show.text(f"In the overview “{overview['title']}” as “{contribution['team']}” "
                  f"({rounds_in} review {'round' if rounds_in == 1 else 'rounds'}).")
        if st.button("Take it back", icon=":material/undo:", key=f"withdraw-{contribution['token'][:8]}",
                     help="Removes every round of it from the overview at once. Your own results stay here."):
            C.withdraw(store(), contribution["token"])
            show.say_on_next_page(f"Taken back from “{overview['title']}”: nothing of it is left there.")
            st.rerun()


def team_view(instrument: Instrument, overview: dict, contribution: dict) -> None:
    """A team's own scores beside the overview's median and spread: no other team named, no rank."""
    docs, _ = C.contributions(store(), overview)
    teams = F.teams_of(docs)
    own = next((t for t in teams if t.key == contribution["token"]), None)
    if own is None:
        return
    rows = F.beside(instrument, teams, own, overview["min_group"])
    if rows is None:
        show.caption(f"Your results beside the overview's show once at least {overview['min_group']} teams have added theirs.")
        return
    show.table([{"Item": r.item.name, "Yours": _score_text(instrument, r.own), "Overview's median": median_words(instrument, r.median),
                 "How many teams gave each score": ", ".join(f"{instrument.scale.label_for(v)}: {n}" for v, n in r.spread.items())}
                for r in rows])


def withdraw_on_delete(doc: dict) -> list[str]:
    """In a delete dialog: whether to take the work out of the overviews it was added to (ticked
    unless the person says otherwise), and what stays. Returns the contributions to take back."""
    added = C.contributions_of(store(), doc)
    if not added:
        return []
    titles = "; ".join(f"“{overview['title']}”" for _, overview in added)
    keep_out = st.checkbox(f"Also take it out of the {'overview' if len(added) == 1 else 'overviews'} it was added to "
                           f"({titles}), every round of it", value=True, key="delete-withdraw")
    if not keep_out:
        show.caption("It then stays in the overview as it was added, and nothing here can take it back any more.")
    return [contribution["token"] for contribution, _ in added] if keep_out else []


def withdraw(tokens: list[str]) -> None:
    for token in tokens:
        try:
            C.withdraw(store(), token)
        except NotFound:
            continue


def median_words(instrument: Instrument, value: float | None) -> str:
    """An overview's median in words: "5 · Making progress", "3.5", "—" where there is none."""
    if value is None:
        return "—"
    return instrument.scale.level(int(value)) if float(value).is_integer() else f"{value:g}"
