"""Widgets of an organisation's overview: opening one (a coordinator), adding results to it and
taking them back (a team, from its session or assessment), the coordinator's page, and what a team
sees beside the overview's figures where the coordinator allows it."""

from __future__ import annotations

from datetime import date
from functools import partial

import streamlit as st

from coprod.answers import assessment as A
from coprod.charts import overview as heat
from coprod.charts import specs as charts
from coprod.charts import words as chart_text
from coprod.common import i18n
from coprod.common.i18n import _, marked, n_
from coprod.common.memo import Memo
from coprod.files import downloads
from coprod.library import attribution
from coprod.library.model import Instrument, Library
from coprod.overview import contributions as C
from coprod.overview import figures as F
from coprod.storage.interface import Damaged, NotFound, format_code
from coprod.ui import show, textbox
from coprod.ui.charts import draw
from coprod.ui.contribute import median_words, status_words
from coprod.ui.editor import choose
from coprod.ui.files import download_buttons, stop_page
from coprod.ui.links import app_url, hand_out
from coprod.ui.show import heading
from coprod.ui.store import store

_TEAMS, _FIGURES = Memo(16), Memo(16)  # an overview's teams and figures, made again only when it changes; forgotten
# with it (coprod.common.memo)

MODE = "overview-mode"  # the heatmap shows the latest round, the first, or the change
PAGE = "overview-page"  # which teams the heatmap shows, where there are more than fit one screen
PER_PAGE = 20  # teams a screen shows: more rows than this read as a wall, and would slow the page
# The options' values stay English (tests and session state compare them); each is shown in the reader's language.
MODES = {marked("Latest round"): heat.LATEST, marked("First round"): heat.FIRST, marked("Change since the first round"): heat.CHANGE}


# --------------------------------------------------------------------------- opening


def open_form(lib: Library) -> None:
    instrument = choose(lib, "overview-instrument", marked("Instrument (the toolkit every team scored)"))
    with st.container(border=True, key="open-overview"):
        title = textbox.line(_("Overview title"), "overview-title", placeholder=_("e.g. Youth services, 2026"))
        tags = textbox.area(_("Tags teams can pick (optional, one per line)"), "overview-tags", limit=2000,
                            help=_("For example service areas or countries: the overview compares them."))
        minimum = st.number_input(_("Smallest group of teams whose combined figures may be shown"), 1, 50,
                                  C.DEFAULT_MIN_GROUP, key="overview-min")
        share_back = st.toggle(_("Teams may see their results beside the overview's"), key="overview-share-back",
                               help=_("Each team sees only its own scores beside the overview's median and spread: no other "
                                      "team named, no rank."))
        opened = st.button(_("Open the overview"), type="primary", icon=":material/dashboard:", key="open-overview-button")
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
        st.title(_("Overview not found"))
        st.markdown(_("There is no overview at this link. Check that the whole coordinator's link was copied. If the "
                      "overview was deleted, nothing of it is kept."))
        st.page_link("app_pages/overview.py", label=_("Open a new overview"), icon=":material/add:")
        stop_page()
    return overview


def share(overview: dict) -> None:
    hand_out(app_url("contribute", c=overview["contribute_key"]), _("Scan to add your results"),
             _("Teams add their results with this link"),
             _("or with **Add to an overview** on their results or session page, and the code "
               "**{code}**").format(code=format_code(overview["contribute_code"])),
             (_("Your private coordinator's link"), _("Keep this to yourself: it opens this page, with every team's results."),
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
    figures = _FIGURES.get((overview["token"], overview.get("revision", 0), date.today(), i18n.language()),  # its notes are words
                           lambda: F.figures(instrument, teams, minimum, overview["tags"]), [overview["token"]])
    show.caption(n_("{count} team chose to add their results. Teams are listed by name: nothing here ranks them, and no "
                    "scores are added up.",
                    "{count} teams chose to add their results. Teams are listed by name: nothing here ranks them, and no "
                    "scores are added up.", len(teams)).format(count=len(teams)))
    if not teams:
        st.info(_("No team has added its results yet. Hand out the link or the code above."), icon=":material/hourglass_top:")
        return
    heading(_("Where each team stands"), 2)
    picked = st.radio(_("Show"), list(MODES), horizontal=True, key=MODE, format_func=_)
    mode = MODES[picked]
    these = _page_of(teams)
    cells = F.first_grid(instrument, these) if mode == heat.FIRST else F.grid(instrument, these)
    draw(("overview-heatmap", instrument.fingerprint, overview.get("revision", 0), mode, these[0].key),
         lambda: heat.heatmap(instrument, cells, mode), key="overview-heatmap",
         words=lambda: [heat.legend_words(instrument, mode), *chart_text.overview_grid(instrument, cells, mode)])
    show.table([{_("Team"): team, **{c.item.name: _cell_text(instrument, c, mode) for c in cells if c.team == team}}
                for team in dict.fromkeys(c.team for c in cells)])

    heading(_("How many teams are in each band"), 2)
    show.table([{_("Item"): item.name, **{band: str(n) for band, n in counts.items()}}
                for item, counts in figures.distribution])
    hardest = figures.hardest
    if hardest:
        heading(_("Where to put effort across the organisation"))
        show.caption(_("The items most teams are in the lowest band on, with what that band looks like."))
        show.table([{_("Item"): item.name, _("Teams in the lowest band"): str(n),
                     f"{instrument.scale.bands[0].name}, {attribution.in_the_words_of(instrument)}": words}
                    for item, n, words in hardest])

    heading(_("Who moved between reviews"), 2)
    moved = [t for t in these if len(t.rounds) > 1]
    if not moved:
        show.caption(_("No team has added a second review round yet."))
    else:
        show.table([{_("Team"): t.name, _("Reviews"): str(len(t.rounds)),
                     **dict(zip((_("Items up"), _("Items down"), _("The same")), map(str, F.team_moves(instrument, t))))} for t in moved])
        show.table([{_("Item"): m.item.name, _("Teams up"): str(m.up), _("Teams down"): str(m.down), _("The same"): str(m.same)}
                    for m in figures.movement])
    reviews = figures.reviews
    if len(reviews) > 1:
        rows = [{"item": item.name, "round": n, "score": m[item.id]} for n, _, m in reviews for item in instrument.items]
        draw(("overview-reviews", instrument.fingerprint, overview.get("revision", 0)),
             lambda: charts.rounds_chart(instrument, rows), key="overview-reviews", words=lambda: chart_text.over_rounds(instrument, rows))
        show.caption(n_("The overview's median per item at each review; a review of fewer than {count} teams shows none.",
                        "The overview's median per item at each review; a review of fewer than {count} teams shows none.",
                        minimum).format(count=minimum))

    heading(_("Plans across teams"), 2)
    across = [a for a in figures.plans if a.actions]
    if not across:
        show.caption(_("No team has shared its plan."))
    listed = {t.name for t in these}
    for actions in across:
        show.label(actions.item.name)
        show.caption(_("{counts} (every team)").format(counts=" · ".join(f"{status_words(status)}: {n}"
                                                                        for status, n in actions.by_status.items())))
        show.table([{_("Team"): team, _("Action"): action, _("Status"): status_words(status)}
                    for team, action, status in actions.actions if team in listed])

    heading(_("Reviews due"), 2)
    due = figures.due
    if due:
        show.caption(n_("{count} team in all.", "{count} teams in all.", len(due)).format(count=len(due)))
        show.table([{_("Team"): name, _("Next review was due"): on} for name, on in due if name in listed])
    else:
        show.caption(_("No team's next review date has passed."))

    if overview["tags"]:
        heading(_("Tags compared"), 2)
        compared, note = figures.tags
        show.table([{_("Item"): item.name, **{f"{t.tag} ({t.teams})": median_words(instrument, t.medians.get(item.id)) if t.medians
                                              else _("counts only") for t in compared}} for item in instrument.items])
        if note:
            show.caption(note)


def _page_of(teams: list[F.Team]) -> list[F.Team]:
    """The teams one screen of the heatmap shows: all of them, or a page of them by name."""
    if len(teams) <= PER_PAGE:
        return teams
    pages = [teams[n:n + PER_PAGE] for n in range(0, len(teams), PER_PAGE)]
    # Each page's name stays English as the option's value (session state compares it); shown in the reader's language.
    names = {f"{page[0].name} … {page[-1].name} ({len(page)} teams)":
             n_("{first} … {last} ({count} teams)", "{first} … {last} ({count} teams)", len(page)).format(
                 first=page[0].name, last=page[-1].name, count=len(page)) for page in pages}
    chosen = st.selectbox(_("Teams (by name)"), list(names), key=PAGE, format_func=partial(_shown_as, names))
    return pages[list(names).index(chosen)]


def _shown_as(names: dict[str, str], name: str) -> str:
    """An option as shown (a format_func kept in session state must pickle: no lambda)."""
    return show.choice(names[name])


def _cell_text(instrument: Instrument, cell: F.Cell, mode: str) -> str:
    if mode == heat.CHANGE:
        return "" if cell.change is None else (_("no change") if cell.change == 0 else f"{cell.change:+d}")
    return _("not scored") if cell.score is None else instrument.scale.level(cell.score)


def overview_downloads(instrument: Instrument, overview: dict, teams: list[F.Team]) -> None:
    download_buttons(downloads.of_overview(instrument, store(), overview))
