"""Widgets of the team-session pages: open, share, watch, reveal, compare, agree, publish."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import streamlit as st

from coprod.answers import assessment as A
from coprod.answers import rounds
from coprod.charts import team as team_charts
from coprod.charts import words as chart_text
from coprod.charts.specs import tally_chart
from coprod.common import i18n
from coprod.common.i18n import _, marked, n_
from coprod.common.memo import Memo
from coprod.files import downloads
from coprod.library.model import Instrument, Item, Library
from coprod.sessions import disclosure, languages, retention, views
from coprod.sessions import lifecycle as S
from coprod.sessions import stats as teams
from coprod.storage.interface import Damaged, NotFound, format_code
from coprod.ui import guard, language, room, show, textbox, translate
from coprod.ui.charts import draw
from coprod.ui.contribute import withdraw, withdraw_on_delete
from coprod.ui.editor import choose
from coprod.ui.files import download_buttons, stop_page
from coprod.ui.library import instrument_of, library
from coprod.ui.links import app_url, hand_out
from coprod.ui.show import heading
from coprod.ui.store import shown as shown_documents
from coprod.ui.store import store

ROLE_HELP = marked("One role group per line. People pick one when they join.")
REVEAL_HELP = marked("Shows everyone's answers at once, here and on every participant's own device (their page updates by "
                     "itself): groups under the smallest size stay counts only, and an anonymous session shows no names. "
                     "Answers that come in later are kept but not shown, and nobody new can join.")
REVEALED = marked("Revealed: everyone's answers are on this screen and on every participant's own device.")


# --------------------------------------------------------------------------- opening


OPEN_TRIED = "session-open-tried"  # Open was pressed: say what is missing, until it is filled in
# The session this press of Open made, until its page is shown: a run cut short by another rerun after the
# session was stored (the title box's own rerun, say) is run again with the press still in it, and must
# go to that session rather than open a second one.
JUST_OPENED = "session-just-opened"


def room_language_name(code: str) -> str:
    """An option of the session's language: a language named in itself, or none chosen. (A function of
    the module, not a lambda: a widget's state must survive being pickled.)"""
    return i18n.LANGUAGES.get(code) or _("Each person's own language")


def open_form(lib: Library) -> None:
    """Not an st.form, for the reason given at coprod.ui.start.start_form: a form's error stayed on
    screen while the title was being typed in."""
    instrument = choose(lib, "session-instrument", _("Instrument (the toolkit everyone scores)"))
    with st.container(border=True, key="open-session"):
        title = textbox.line(_("Session title"), "session-title", placeholder=_("e.g. Youth forum review, March 2026"))
        anonymous = st.toggle(_("Anonymous: store no names"), value=True, key="session-anonymous",
                              help=_("People give only their role group. Names are never asked for or stored."))
        roles = textbox.area(_("Role groups"), "session-roles", limit=1000, value="\n".join(_(role) for role in S.DEFAULT_ROLES), help=_(ROLE_HELP))
        min_group = st.number_input(_("Smallest group whose answers may be shown"), min_value=1, max_value=50,
                                    value=S.DEFAULT_MIN_GROUP, key="session-min-group",
                                    help=_("A view with fewer people than this shows counts only, so nobody can be picked out."))
        views = {p.label: p.id for p in instrument.perspectives}
        view = st.selectbox(_("Everyone scores"), list(views), key=f"session-view-{instrument.id}") if views else None
        auto_reveal = st.toggle(_("Reveal by itself when everyone is in"), value=False, key="session-auto-reveal",
                                help=_("Once everyone who joined has submitted (and at least the smallest group size), the "
                                       "answers are shown on every device, as with the button. You can still reveal early."))
        moderate = st.toggle(_("Read the examples before the group does (moderate)"), value=False, key="session-moderate",
                             help=_("You can then hold an example back from the room, for example one that names someone. "
                                    "The join page tells people so."))
        chosen_language = st.selectbox(_("Language of the session"), ["", *i18n.LANGUAGES], key="session-language",
                                       format_func=room_language_name,
                                       help=_("Each person's own: everyone sees coprod in their browser's language. Or "
                                              "choose one: the join link, its QR code, the projector and the paper forms "
                                              "are then in it. Each person can still switch their own page."))
        in_languages = translate.offered_languages(lib, instrument)  # issue 27
        opened = st.button(_("Open the session"), type="primary", icon=":material/groups:", key="open-session-button")
    if opened:
        st.session_state[OPEN_TRIED] = True
    if not st.session_state.get(OPEN_TRIED):
        return
    try:
        session = S.new_session(instrument, title=title, anonymous=anonymous, roles=roles.splitlines(),
                                min_group=int(min_group), perspective=views.get(view) if view else None,
                                auto_reveal=auto_reveal, moderate=moderate, language=chosen_language)
    except A.BadInput as problem:
        show.message("error", str(problem), icon=":material/error:")
        return
    if not opened or title.cut or roles.cut:
        return
    token = st.session_state.get(JUST_OPENED)
    if not token:
        languages.offer(session, instrument, in_languages)  # issue 27
        token = st.session_state[JUST_OPENED] = S.open_session(store(), session)["token"]
    st.session_state.pop(OPEN_TRIED, None)
    st.query_params.clear()
    st.query_params["f"] = token
    st.rerun()


def load_as_facilitator(token: str) -> dict:
    st.session_state.pop(JUST_OPENED, None)  # its page is shown: the next press of Open opens a new session
    message = ""
    try:
        session = store().get(token)  # a link: never limited (coprod.ui.lookups)
    except (NotFound, Damaged) as problem:
        session = None
        message = str(problem) if isinstance(problem, Damaged) else ""
    if session is None or session.get("kind") != "session":
        st.title(_("Session not found"))
        st.markdown(_("There is no session at this link. Check that the whole facilitator link was copied. "
                      "If the session was deleted, nothing of it is kept."))
        if message:
            show.message("error", message)
        st.page_link("app_pages/session.py", label=_("Open a new session"), icon=":material/add:")
        stop_page()
    return session


# --------------------------------------------------------------------------- sharing


def share(session: dict) -> None:
    hand_out(app_url("join", s=session["join_token"], **language.of_room(session)), _("Scan to join"), _("Participants join with this link"),
             _("or on the Join page with the code **{code}**").format(code=format_code(session["join_code"])),
             (_("Your private facilitator link"), _("Keep this to yourself: it opens this view, with everyone's answers."),
              app_url("session", f=session["token"])))


# --------------------------------------------------------------------------- watching


def live_status(session: dict) -> None:
    """Who has joined and submitted this round, refreshed every few seconds without a click: names
    in a named session, head counts per role group only in an anonymous one before the reveal, so
    that no name is ever seen beside a role group's count (coprod.sessions.disclosure.status). Who
    is still scoring: names in a named session, a count in an anonymous one. The whole page is drawn
    again when the round reveals itself, and, while examples are moderated, when answers come in."""
    session_token, seen = session["token"], _moment(session)

    @guard.fragment(run_every=3)
    def status() -> None:
        session = store().get(session_token)
        if _moment(session) != seen:
            st.rerun(scope="app")
        now = disclosure.status(session)
        submitted = _("Submitted (round {round})").format(round=session["round"]) if session["round"] > 1 else _("Submitted")
        st.metric(submitted, _("{submitted} of {joined} joined").format(submitted=now.submitted, joined=now.joined), border=True)
        if now.missing and not now.people:
            show.caption(_("Still scoring: {who}").format(who=now.missing))
        if now.by_role:
            show.table([{_("Role group"): role, _("Joined"): joined} for role, joined in now.by_role])
        if now.held:
            show.caption(n_("{n} answer came in after the reveal: kept, not shown to anyone. They can still be withdrawn.",
                            "{n} answers came in after the reveal: kept, not shown to anyone. They can still be withdrawn.",
                            now.held).format(n=now.held))
        if now.people:
            show.caption(_("Submitted: {who}").format(who=", ".join(name for name, done in now.people if done) or _("nobody yet")))
            waiting = [name for name, done in now.people if not done]
            if waiting:
                show.caption(_("Still scoring: {who}").format(who=", ".join(waiting)))
        room.observers(now)

    status()


def _moment(session: dict) -> tuple:
    """What redraws the facilitator's whole page when it moves: a round revealed (by itself, when
    everyone is in) and, in a moderated session before its reveal, the answers in."""
    moderated = session.get("moderate") and not S.is_revealed(session)
    return session["round"], tuple(session["revealed"]), S.revision(session) if moderated else 0


def controls(session: dict) -> None:
    token = session["token"]
    reveal, second, publish, close = st.columns(4)
    if session["status"] == S.CLOSED:
        close.caption(_("Closed: no new answers; all results are kept."))
    elif not S.is_revealed(session):
        label = _("Reveal round 2 to everyone") if session["round"] == 2 else _("Reveal to everyone")
        if reveal.button(label, type="primary", icon=":material/visibility:", key="reveal", help=_(REVEAL_HELP)):
            try:
                store().update(token, S.reveal)
            except S.Refused as refused:
                show.message("warning", str(refused), icon=":material/hourglass_top:")
            else:
                st.rerun()
    else:
        reveal.caption(_(REVEALED))
    if session["status"] != S.CLOSED and S.is_revealed(session) and session["round"] == 1 and second.button(
        _("Open a second round"), icon=":material/replay:", key="round-2",
        help=_("After the talk, people may re-score; their first answers are kept and shown beside the second."),
    ):
        S.start_second_round(store(), token)
        st.rerun()
    if S.is_revealed(session) or session["revealed"]:
        if not session["published"] and publish.button(_("Publish agreed scores and plan"), icon=":material/campaign:", key="publish",
                                                       help=_("Everyone who took part sees them on their own link, whether or not they "
                                                              "re-scored.")):
            store().update(token, lambda s: s.update(published=True))
            st.rerun()
        if session["published"]:
            publish.caption(_("Published to participants."))
    if session["revealed"] and second.button(_("Start the next review round"), icon=":material/event_repeat:", key="next-review",
                                             help=_("A new session with the same settings and new links, some months on; this one "
                                                    "stays as it is.")):
        instrument = instrument_of(session)
        fresh = S.next_review_round(store(), instrument, session)
        st.query_params["f"] = fresh["token"]
        st.rerun()
    if session["status"] == S.OPEN and close.button(_("Close the session"), icon=":material/lock:", key="close",
                                                     help=_("No new joins or changed answers; all results are kept.")):
        S.close(store(), token)
        st.rerun()


# --------------------------------------------------------------------------- the reveal


def team_results(instrument: Instrument, shown: disclosure.Shown, before: disclosure.Shown | None = None) -> None:
    """What everyone said in one revealed round, as far as `shown` lets it be seen: on the
    facilitator's screen and, after the reveal, on each participant's own device."""
    if not shown.visible:
        show.message("info", _("{count} submitted so far.").format(count=shown.submitted) + " " + (shown.withheld or _(
            "The answers are shown once at least {count} people have submitted, so that nobody can be picked out.").format(
            count=shown.min_group)), icon=":material/group:")
        return
    answers = list(shown.answers)
    show.caption(n_("The answers of {n} person.", "The answers of {n} people.", len(answers)).format(n=len(answers)))
    derived = _derived(instrument.fingerprint, shown.fingerprint, shown.min_group, tuple(g.role for g in shown.groups),
                       instrument, shown)
    drawn = shown.fingerprint
    charts = views.charts_of(instrument)
    if views.TALLY in charts:
        if instrument.kind == "survey":
            show.text("\n\n".join(teams.opinion_lines(instrument, answers)))
        show.table([{_("Statement"): name, **{band: str(n) for band, n in counts.items()}}
                    for name, counts in teams.tally_table(instrument, answers).to_dict(orient="index").items()])
        draw(("tally", instrument.fingerprint, drawn), lambda: tally_chart(instrument, [a.scores for a in answers]), key="team-tally",
             words=lambda: chart_text.tally(instrument, [a.scores for a in answers]))
    if views.RADAR in charts:
        draw(("team-radar", instrument.fingerprint, drawn), lambda: team_charts.team_radar(instrument, shown), key="team-radar",
             words=lambda: chart_text.team(instrument, shown))
    if views.SPREAD in charts:
        draw(("team-spread", instrument.fingerprint, drawn), lambda: team_charts.spread_chart(instrument, shown), key="team-spread",
             words=lambda: chart_text.spread(instrument, shown))
    talk_about(instrument, derived.talk_about)
    role_view(instrument, shown, derived.gaps, derived.same)
    if before is not None:
        round_comparison(instrument, views.compare_rounds(instrument, before, shown))


TALK_NOTE = {
    "survey": marked("The statements people answered on both sides, agreeing and disagreeing, the most split first. What people "
                     "wrote at each end:"),
    "scale": marked("These items' answers span more than one band. What people wrote at each end:"),
}


def talk_about(instrument: Instrument, flagged: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]) -> None:
    if not flagged:
        return
    heading(_("Talk about this"))
    st.caption(_(TALK_NOTE["survey" if instrument.kind == "survey" else "scale"]))
    show.talk_items(flagged)


def round_comparison(instrument: Instrument, comparison: views.Comparison) -> None:
    """Round 1 against round 2, like with like: only the people who answered both, their medians
    in each round, and how many of them moved."""
    heading(_("How the conversation moved people"))
    show.text(comparison.summary)
    if not comparison.shown:
        return
    rows = [{_("Item"): m.item.name, _("People compared"): m.n,
             _("Round 1 median"): teams.median_words(instrument, m.median_before),
             _("Round 2 median"): teams.median_words(instrument, m.median_after),
             _("Change"): teams.median_change(instrument, m.change),
             _("Who moved"): teams.who_moved(instrument, m) or _("counts only (under {count})").format(count=comparison.min_group)}
            for m in comparison.moves]
    show.table(rows)


@dataclass(frozen=True)
class _Derived:
    """What the reveal shows that is worked out from every answer, once per round's answers."""

    talk_about: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]  # (item, ((caption, quotes) at each end))
    gaps: tuple[tuple[Item, float, str, str], ...]
    same: tuple[Item, ...]  # items every shown role group gives the same median


_DERIVED, _ROUNDS = Memo(64), Memo(64)  # forgotten when their session is deleted (coprod.common.memo); words: per language


def _derived(instrument_fingerprint: str, shown_fingerprint: str, min_group: int, roles: tuple[str, ...],
             instrument: Instrument, shown: disclosure.Shown) -> _Derived:
    """Worked out again only when the answers shown change: a facilitator's rerun (an agreed score
    typed, the live status every few seconds) costs nothing per participant."""
    return _DERIVED.get((instrument_fingerprint, shown_fingerprint, min_group, roles, i18n.language()),
                        lambda: _derive(instrument, shown), shown_documents())


def _derive(_instrument: Instrument, _shown: disclosure.Shown) -> _Derived:
    flagged = []
    for talk in views.talk_about(_instrument, _shown):
        ends = tuple((end.format(words=teams.end_words(_instrument, score)), "\n\n".join(quotes) or _(teams.NOBODY_WROTE))
                     for end, score, quotes in ((_("Lowest: {words}"), talk.low, talk.low_quotes),
                                                (_("Highest: {words}"), talk.high, talk.high_quotes)))
        flagged.append((talk.item.name, ends))
    groups = list(_shown.groups)
    return _Derived(tuple(flagged), tuple(teams.role_gaps(_instrument, groups)), tuple(teams.same_medians(_instrument, groups)))


def role_view(instrument: Instrument, shown: disclosure.Shown, gaps: tuple[tuple[Item, float, str, str], ...],
              same: tuple[Item, ...] = ()) -> None:
    heading(_("By role group"))
    parts = shown.partition
    show.caption(_("Taking part: {groups}.").format(groups="; ".join(views.composition_lines(parts))))
    if parts is not None and parts.why:
        show.message("info", parts.why, icon=":material/shield:")
    groups = list(shown.groups)
    if groups:
        show.table([{_("Role group"): g.role, _("People"): g.n, _("Shown"): views.shown_words(g, shown.min_group)} for g in groups])
    visible = [g for g in groups if g.shown]
    if visible and views.ROLES in views.charts_of(instrument):
        draw(("role-radar", instrument.fingerprint, visible), lambda: team_charts.role_radar(instrument, visible), key="role-radar",
             words=lambda: chart_text.roles(instrument, visible))
    if gaps:
        st.caption(_("Where role groups see things differently, largest gap first:"))
        show.table([{_("Item"): item.name, _("Gap"): i18n.number(gap), _("Higher"): high, _("Lower"): low} for item, gap, high, low in gaps])
    if same:
        show.caption(_("The role groups' medians are the same on: {items}").format(items="; ".join(item.name for item in same)))


def consent_guidance(session: dict) -> None:
    """The sources' guidance on consent, on every session: whoever joins may be a young person, and
    what people write is quoted to the group. Open at once where a role group says young people."""
    for instrument in library().instruments:
        for part in instrument.guidance_for("sessions"):
            show.guidance(instrument, part, expanded=S.includes_young_people(session))


def _rounds(token: str, revision: int, shape: tuple, instrument: Instrument, session: dict) -> tuple[list[disclosure.Shown], int]:
    return _ROUNDS.get((token, revision, shape, i18n.language()), lambda: downloads.read_rounds(instrument, store(), session),
                       {token, *shown_documents()})


def shown_rounds(instrument: Instrument, session: dict) -> list[disclosure.Shown]:
    """What may be shown of each round, read from the participants' files only when the session's
    answers changed (its revision moved) or what decides their showing did: a facilitator watching,
    or a room of them, costs nothing per participant. The objects are shared: never change them."""
    return _read(instrument, session)[0]


def _read(instrument: Instrument, session: dict) -> tuple[list[disclosure.Shown], int]:
    who = hashlib.sha256("\n".join(session["participants"]).encode("ascii")).hexdigest()  # Streamlit hashes a long tuple slowly
    shape = (instrument.fingerprint, session["round"], tuple(session["revealed"]), session["min_group"],
             session["anonymous"], tuple(session["roles"]), who, repr(session.get("shown_in")), repr(session.get("sealed")),
             i18n.language())  # what is shown says why a round is withheld, in words
    return _rounds(session["token"], S.revision(session), shape, instrument, session)


def unreadable_answers(instrument: Instrument, session: dict) -> None:
    """Say on the facilitator's view when some participants' answers cannot be read (their stored copy
    is damaged): they are counted as joined and submitted, but left out of everything shown."""
    unreadable = _read(instrument, session)[1]
    if unreadable:
        st.warning(n_("{n} person's answers cannot be read: the stored copy is damaged. They count above as joined or submitted, "
                      "but are left out of the results, the charts and the downloads; everyone else's answers are shown "
                      "as usual. Whoever runs coprod can restore the copy from a backup (it is kept in the data folder's "
                      "recovery folder).",
                      "{n} people's answers cannot be read: the stored copy is damaged. They count above as joined or submitted, "
                      "but are left out of the results, the charts and the downloads; everyone else's answers are shown "
                      "as usual. Whoever runs coprod can restore the copy from a backup (it is kept in the data folder's "
                      "recovery folder).", unreadable).format(n=unreadable), icon=":material/warning:")


def session_downloads(instrument: Instrument, session: dict) -> None:
    """The team PDF and CSV (made when the page is drawn, and again only when the session changed)."""
    download_buttons(downloads.of_session(instrument, store(), session))


def delete_session(session: dict) -> None:
    """Delete the session with every participant's answers, after a confirmation naming what goes."""
    earlier = [r for r in rounds.earlier_rounds(store(), session)]
    with st.expander(_("Delete this session"), icon=":material/delete:"):
        people = len(session["participants"])
        show.text(n_("This deletes the session “{title}”: the answers of all {n} person who joined, the agreed scores and plan, "
                     "and its join link, join code and your facilitator link. Nothing of it is kept, and it cannot be undone. "
                     "Download the team PDF first if you need a record.",
                     "This deletes the session “{title}”: the answers of all {n} people who joined, the agreed scores and plan, "
                     "and its join link, join code and your facilitator link. Nothing of it is kept, and it cannot be undone. "
                     "Download the team PDF first if you need a record.", people).format(title=session["title"], n=people))
        also = False
        if earlier:
            dates = ", ".join(r["created_on"] for r in earlier)
            also = st.checkbox(n_("Also delete the {n} earlier review session ({dates}) with everybody's answers",
                                  "Also delete the {n} earlier review sessions ({dates}) with everybody's answers",
                                  len(earlier)).format(n=len(earlier), dates=dates), key="delete-earlier")
        taken_back = withdraw_on_delete(session)
        sure = st.checkbox(_("Yes, delete the session and everybody's answers"), key="delete-sure")
        if st.button(_("Delete for good"), type="primary", icon=":material/delete_forever:", key="delete", disabled=not sure):
            withdraw(taken_back)
            gone = retention.delete_session(store(), session["token"], with_earlier_rounds=also)
            show.say_on_next_page(n_("Deleted the session with the answers of {n} person.",
                                     "Deleted the session with the answers of {n} people.", gone).format(n=gone))
            st.switch_page("app_pages/home.py")


# --------------------------------------------------------------------------- the participant's side


def role_progress(instrument: Instrument, sessions: list[dict]) -> None:
    """Each role group's median per item in every review round (groups under the minimum: counts only)."""
    heading(_("Role groups over the review rounds"))
    rows: dict[tuple[str, str], dict] = {}
    for n, session in enumerate(sessions, start=1):
        for group in shown_rounds(instrument, session)[-1].groups:
            for item in instrument.items:
                row = rows.setdefault((group.role, item.id), {_("Role group"): group.role, _("Item"): item.name})
                median = group.medians.get(item.id) if group.shown else None
                row[_("Review {n}").format(n=n)] = _("counts only") if not group.shown else ("—" if median is None else i18n.number(median))
    show.table(list(rows.values()))
