"""Widgets of an organisation's overview: opening one (a coordinator), adding results to it and
taking them back (a team, from its session or assessment), the coordinator's page, and what a team
sees beside the overview's figures where the coordinator allows it."""

from __future__ import annotations

from datetime import date

import streamlit as st

from coprod.answers import assessment as A
from coprod.answers import rounds
from coprod.charts import overview as heat
from coprod.charts import specs as charts
from coprod.charts import words as chart_text
from coprod.common.memo import Memo
from coprod.files import downloads
from coprod.library.model import Instrument, Library
from coprod.overview import contributions as C
from coprod.overview import figures as F
from coprod.storage.interface import Damaged, NotFound, format_code
from coprod.ui import show, textbox
from coprod.ui.charts import draw
from coprod.ui.editor import choose
from coprod.ui.files import download_buttons
from coprod.ui.links import app_url, hand_out
from coprod.ui.lookups import TooManyTries, by_code
from coprod.ui.show import heading
from coprod.ui.store import store

_TEAMS, _FIGURES = Memo(16), Memo(16)  # an overview's teams and figures, made again only when it changes; forgotten
# with it (coprod.common.memo)

MODE = "overview-mode"  # the heatmap shows the latest round, the first, or the change
PAGE = "overview-page"  # which teams the heatmap shows, where there are more than fit one screen
PER_PAGE = 20  # teams a screen shows: more rows than this read as a wall, and would slow the page
MODES = {"Latest round": heat.LATEST, "First round": heat.FIRST, "Change since the first round": heat.CHANGE}


# --------------------------------------------------------------------------- opening


def open_form(lib: Library) -> None:
    instrument = choose(lib, "overview-instrument", "Instrument (the toolkit every team scored)")
    with st.container(border=True, key="open-overview"):
        title = textbox.line("Overview title", "overview-title", placeholder="e.g. Youth services, 2026")
        tags = textbox.area("Tags teams can pick (optional, one per line)", "overview-tags", limit=2000,
                            help="For example service areas or countries: the overview compares them.")
        minimum = st.number_input("Smallest group of teams whose combined figures may be shown", 1, 50,
                                  C.DEFAULT_MIN_GROUP, key="overview-min")
        share_back = st.toggle("Teams may see their results beside the overview's", key="overview-share-back",
                               help="Each team sees only its own scores beside the overview's median and spread: no other "
                                    "team named, no rank.")
        opened = st.button("Open the overview", type="primary", icon=":material/dashboard:", key="open-overview-button")
    if not opened or title.cut or tags.cut:
        return
    try:
        overview = C.new_overview(instrument, title=title, tags=str(tags).splitlines(), min_group=int(minimum),
                                  share_back=share_back)
    except A.BadInput as problem:
        show.message("error", str(problem), icon=":material/error:")
        return
    saved = C.open_overview(store(), overview)
    st.query_params.clear()
    st.query_params["o"] = saved["token"]
    st.rerun()


def load_as_coordinator(token: str) -> dict:
    try:
        overview = store().get(token)
    except (NotFound, Damaged):
        overview = None
    if overview is None or overview.get("kind") != C.OVERVIEW:
        st.title("Overview not found")
        st.write("There is no overview at this link. Check that the whole coordinator's link was copied. If the "
                 "overview was deleted, nothing of it is kept.")
        st.page_link("app_pages/overview.py", label="Open a new overview", icon=":material/add:")
        st.stop()
    return overview


def share(overview: dict) -> None:
    hand_out(app_url("contribute", c=overview["contribute_key"]), "Scan to add your results",
             "Teams add their results with this link",
             f"or with **Add to an overview** on their results or session page, and the code "
             f"**{format_code(overview['contribute_code'])}**",
             ("Your private coordinator's link", "Keep this to yourself: it opens this page, with every team's results.",
              app_url("overview", o=overview["token"])))


# --------------------------------------------------------------------------- the coordinator's page


def teams_of(overview: dict) -> tuple[list[F.Team], int]:
    """The overview's teams (and how many contributions cannot be read), read from the store only
    when the overview changed (its revision moved): a coordinator's rerun costs nothing per team."""
    def read() -> tuple[list[F.Team], int]:
        docs, unreadable = C.contributions(store(), overview)
        return F.teams_of(docs), unreadable

    return _TEAMS.get((overview["token"], overview.get("revision", 0)), read, [overview["token"], *overview["contributions"]])


def coordinator_page(instrument: Instrument, overview: dict, teams: list[F.Team]) -> None:
    """Where the organisation stands per item, who moved, which actions are done, whose review is due."""
    minimum = overview["min_group"]
    figures = _FIGURES.get((overview["token"], overview.get("revision", 0), date.today()),
                           lambda: F.figures(instrument, teams, minimum, overview["tags"]), [overview["token"]])
    show.caption(f"{len(teams)} {'team' if len(teams) == 1 else 'teams'} chose to add their results. Teams are listed by "
                 "name: nothing here ranks them, and no scores are added up.")
    if not teams:
        st.info("No team has added its results yet. Hand out the link or the code above.", icon=":material/hourglass_top:")
        return
    heading("Where each team stands", 2)
    picked = st.radio("Show", list(MODES), horizontal=True, key=MODE, format_func=show.choice)
    mode = MODES[picked]
    these = _page_of(teams)
    cells = F.first_grid(instrument, these) if mode == heat.FIRST else F.grid(instrument, these)
    draw(("overview-heatmap", instrument.fingerprint, overview.get("revision", 0), mode, these[0].key),
         lambda: heat.heatmap(instrument, cells, mode), key="overview-heatmap",
         words=lambda: [heat.legend_words(instrument, mode), *chart_text.overview_grid(instrument, cells, mode)])
    show.table([{"Team": team, **{c.item.name: _cell_text(instrument, c, mode) for c in cells if c.team == team}}
                for team in dict.fromkeys(c.team for c in cells)])

    heading("How many teams are in each band", 2)
    show.table([{"Item": item.name, **{band: str(n) for band, n in counts.items()}}
                for item, counts in figures.distribution])
    hardest = figures.hardest
    if hardest:
        heading("Where to put effort across the organisation")
        show.caption("The items most teams are in the lowest band on, with what that band looks like in the source's words.")
        show.table([{"Item": item.name, "Teams in the lowest band": str(n),
                     f"{instrument.scale.bands[0].name}, in the source's words": words} for item, n, words in hardest])

    heading("Who moved between reviews", 2)
    moved = [t for t in these if len(t.rounds) > 1]
    if not moved:
        show.caption("No team has added a second review round yet.")
    else:
        show.table([{"Team": t.name, "Reviews": str(len(t.rounds)),
                     **dict(zip(("Items up", "Items down", "The same"), map(str, F.team_moves(instrument, t))))} for t in moved])
        show.table([{"Item": m.item.name, "Teams up": str(m.up), "Teams down": str(m.down), "The same": str(m.same)}
                    for m in figures.movement])
    reviews = figures.reviews
    if len(reviews) > 1:
        rows = [{"item": item.name, "round": n, "score": m[item.id]} for n, _, m in reviews for item in instrument.items]
        draw(("overview-reviews", instrument.fingerprint, overview.get("revision", 0)),
             lambda: charts.rounds_chart(instrument, rows), key="overview-reviews", words=lambda: chart_text.over_rounds(rows))
        show.caption(f"The overview's median per item at each review; a review of fewer than {minimum} teams shows none.")

    heading("Plans across teams", 2)
    across = [a for a in figures.plans if a.actions]
    if not across:
        show.caption("No team has shared its plan.")
    listed = {t.name for t in these}
    for actions in across:
        show.label(actions.item.name)
        show.caption(" · ".join(f"{status}: {n}" for status, n in actions.by_status.items()) + " (every team)")
        show.table([{"Team": team, "Action": action, "Status": status} for team, action, status in actions.actions if team in listed])

    heading("Reviews due", 2)
    due = figures.due
    if due:
        show.caption(f"{len(due)} {'team' if len(due) == 1 else 'teams'} in all.")
        show.table([{"Team": name, "Next review was due": on} for name, on in due if name in listed])
    else:
        show.caption("No team's next review date has passed.")

    if overview["tags"]:
        heading("Tags compared", 2)
        compared, note = figures.tags
        show.table([{"Item": item.name, **{f"{t.tag} ({t.teams})": _median(instrument, t.medians.get(item.id)) if t.medians
                                           else "counts only" for t in compared}} for item in instrument.items])
        if note:
            show.caption(note)


def _page_of(teams: list[F.Team]) -> list[F.Team]:
    """The teams one screen of the heatmap shows: all of them, or a page of them by name."""
    if len(teams) <= PER_PAGE:
        return teams
    pages = [teams[n:n + PER_PAGE] for n in range(0, len(teams), PER_PAGE)]
    names = [f"{page[0].name} … {page[-1].name} ({len(page)} teams)" for page in pages]
    chosen = st.selectbox("Teams (by name)", names, key=PAGE, format_func=show.choice)
    return pages[names.index(chosen)]


def _cell_text(instrument: Instrument, cell: F.Cell, mode: str) -> str:
    if mode == heat.CHANGE:
        return "" if cell.change is None else ("no change" if cell.change == 0 else f"{cell.change:+d}")
    return "not scored" if cell.score is None else instrument.scale.level(cell.score)


def _median(instrument: Instrument, value: float | None) -> str:
    if value is None:
        return "—"
    return instrument.scale.level(int(value)) if float(value).is_integer() else f"{value:g}"


def overview_downloads(instrument: Instrument, overview: dict, teams: list[F.Team]) -> None:
    download_buttons(downloads.of_overview(instrument, store(), overview))


# --------------------------------------------------------------------------- a team's side


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
    show.table([{"Item": r.item.name, "Yours": _score_text(instrument, r.own), "Overview's median": _median(instrument, r.median),
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
