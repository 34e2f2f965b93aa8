"""A team's side of an organisation's overview: adding its results (from a revealed session's or a
finished assessment's page), seeing exactly what is shared first, taking it back, and its scores
beside the overview's where the coordinator allows. Light: the score page uses it (taking results
back when deleting), so it draws no charts."""

from __future__ import annotations

from datetime import date

import streamlit as st

from coprod.answers import rounds
from coprod.common import i18n
from coprod.common.i18n import _, n_
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
    with st.expander(_("Add to an overview"), icon=":material/dashboard:", expanded=bool(key)):
        st.markdown(_("An overview gathers many teams' results for the organisation that runs them (a council's "
                      "participation lead, a programme). You choose what it gets, see it first, and can take it back at any time."))
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
        show.message("warning", _("“{overview}” gathers results of {toolkit}: it cannot take {other}.").format(
                     overview=overview["title"], toolkit=overview["instrument_title"], other=instrument.title), icon=":material/block:")
        return
    _offer(instrument, doc, source, overview)


def _find(key: str) -> dict | None:
    if key:
        try:
            return C.find(store(), key=key)
        except (NotFound, Damaged):
            show.message("error", _("There is no overview at this link. Ask its coordinator for the link or the code."))
            return None
    code = textbox.line(_("Contribution code (from the overview's coordinator)"), "overview-code", limit=20,
                        placeholder=_("e.g. K7PQ2-MX9RT"))
    if not str(code).strip() or code.cut:
        return None
    try:
        return by_code(lambda: C.find(store(), code=str(code)))
    except TooManyTries as wait:
        st.error(str(wait), icon=":material/hourglass_top:")
    except (NotFound, Damaged):
        st.error(_("No overview has that code. Check it with the coordinator (letters and digits, no 0, 1, O or I)."))
    return None


def _offer(instrument: Instrument, doc: dict, source: C.Source, overview: dict) -> None:
    show.label(_("To: {overview}").format(overview=overview["title"]))
    earlier = C.earlier_contribution(store(), overview, source)
    if earlier is not None:
        show.text(_("An earlier review round of this work is in the overview as “{team}”: this one will be added as its next "
                    "round.").format(team=earlier["team"]))
        team, tags = earlier["team"], list(earlier["tags"])
    else:
        team = str(textbox.line(_("Team name, as the coordinator will see it"), "overview-team",
                                placeholder=_("e.g. Northside youth club")))
        tags = st.multiselect(_("Tags"), overview["tags"], key="overview-tags-picked", format_func=show.choice) if overview["tags"] else []
    examples = st.checkbox(_("Also share the examples"), key="overview-examples",
                           help=_("Only the examples agreed or written for each score: never anyone's own answers."))
    plan = st.checkbox(_("Also share the plan's actions and their status"), key="overview-plan")
    review = _review_date(instrument, doc)
    preview = C.shared(instrument, source, examples=examples, plan=plan, review=review)
    show.label(_("Exactly what will be shared"))
    view = C.view_label(instrument, source)
    show.table([{_("Item"): item.name, _("Score"): _score_text(instrument, preview["scores"].get(item.id)),
                 **({_("Example"): preview.get("examples", {}).get(item.id, "")} if examples else {})} for item in instrument.items])
    if view:
        show.caption(_("The scores for {view}.").format(view=view))
    if plan:
        show.table([{_("Item"): row["item"], _("Action"): row["actions"], _("Status"): status_words(row["status"])}
                    for row in preview["plan"]]
                   or [{_("Plan"): _("No actions written yet.")}])
    if review:
        show.caption(_("Also the date ({on}) and the next review date ({next_review}). Never anyone's own answers, never a name, "
                       "never a link.").format(on=preview["on"], next_review=preview["next_review"]))
    else:
        show.caption(_("Also the date ({on}). Never anyone's own answers, never a name, never a link.").format(on=preview["on"]))
    if st.button(_("Add to the overview"), type="primary", icon=":material/check:", key="overview-add"):
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
    return _("not scored") if score is None else instrument.scale.level(score)


def status_words(status: str) -> str:
    """A plan action's status as shown: the stored status (coprod.answers.plans.STATUSES, English) in the reader's language."""
    return _(status) if status else status


def _added(contribution: dict, overview: dict) -> None:
    with st.container(border=True):
        rounds_in = len(contribution["rounds"])
        show.text(n_("In the overview “{overview}” as “{team}” ({count} review round).",
                     "In the overview “{overview}” as “{team}” ({count} review rounds).",
                     rounds_in).format(overview=overview["title"], team=contribution["team"], count=rounds_in))
        if st.button(_("Take it back"), icon=":material/undo:", key=f"withdraw-{contribution['token'][:8]}",
                     help=_("Removes every round of it from the overview at once. Your own results stay here.")):
            C.withdraw(store(), contribution["token"])
            show.say_on_next_page(_("Taken back from “{overview}”: nothing of it is left there.").format(overview=overview["title"]))
            st.rerun()


def team_view(instrument: Instrument, overview: dict, contribution: dict) -> None:
    """A team's own scores beside the overview's median and spread: no other team named, no rank."""
    docs, _unreadable = C.contributions(store(), overview)
    teams = F.teams_of(docs)
    own = next((t for t in teams if t.key == contribution["token"]), None)
    if own is None:
        return
    rows = F.beside(instrument, teams, own, overview["min_group"])
    if rows is None:
        show.caption(n_("Your results beside the overview's show once at least {count} teams have added theirs.",
                        "Your results beside the overview's show once at least {count} teams have added theirs.",
                        overview["min_group"]).format(count=overview["min_group"]))
        return
    show.table([{_("Item"): r.item.name, _("Yours"): _score_text(instrument, r.own), _("Overview's median"): median_words(instrument, r.median),
                 _("How many teams gave each score"): ", ".join(f"{instrument.scale.label_for(v)}: {n}" for v, n in r.spread.items())}
                for r in rows])


def withdraw_on_delete(doc: dict) -> list[str]:
    """In a delete dialog: whether to take the work out of the overviews it was added to (ticked
    unless the person says otherwise), and what stays. Returns the contributions to take back."""
    added = C.contributions_of(store(), doc)
    if not added:
        return []
    titles = "; ".join(f"“{overview['title']}”" for _contribution, overview in added)
    keep_out = st.checkbox(n_("Also take it out of the overview it was added to ({titles}), every round of it",
                              "Also take it out of the overviews it was added to ({titles}), every round of it",
                              len(added)).format(titles=titles), value=True, key="delete-withdraw")
    if not keep_out:
        show.caption(_("It then stays in the overview as it was added, and nothing here can take it back any more."))
    return [contribution["token"] for contribution, _overview in added] if keep_out else []


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
    return instrument.scale.level(int(value)) if float(value).is_integer() else i18n.number(value)
