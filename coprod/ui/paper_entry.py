"""The facilitator's paper tools in a team session: print blank forms with the join code, and type
in the answers of a paper form for a participant (coprod.files.paper)."""

from __future__ import annotations

import streamlit as st

from coprod.answers import assessment as A
from coprod.common.i18n import _, marked
from coprod.files import downloads, paper
from coprod.library.model import Instrument
from coprod.sessions import lifecycle as S
from coprod.sessions import paper as paper_entry
from coprod.ui import show, textbox
from coprod.ui.files import download_buttons
from coprod.ui.store import store

ENTERED = "coprod.paper-entered"  # how many forms were entered in this browser session: resets the form
JUST_ENTERED = "coprod.paper-just-entered"  # say so once, after the rerun that empties the form
SOMEONE_NEW = marked("Someone new")  # the first option of "Whose form is this?"; the others are "Paper form 3" and so on


def paper_tools(instrument: Instrument, session: dict) -> None:
    """Blank forms to print and, while the session is open, entering a paper form's answers."""
    entered = paper_entry.from_paper(session)
    with st.expander(_("Paper forms ({count} entered)").format(count=entered) if entered else _("Paper forms"), icon=":material/description:",
                     expanded=bool(st.session_state.get(JUST_ENTERED))):  # open for the next form
        st.markdown(_("For people who take part on paper: print a copy each (the join code is on it), then type "
                      "each form's answers in here. They count like any other answers, under the same rules and privacy."))
        copies = st.number_input(_("Copies to print"), min_value=1, max_value=paper.MAX_COPIES, value=10, key="paper-copies")
        download_buttons(downloads.paper_forms(instrument, store(), session, int(copies)))
        if session["status"] == S.OPEN:
            entry_form(instrument, session)


def entry_form(instrument: Instrument, session: dict) -> None:
    show.heading(_("Enter a paper form"), 4)
    just = st.session_state.pop(JUST_ENTERED, None)
    if just:
        show.message("success", _("Entered as paper form {n}, marked as from paper. Write {n} on the form: in a second round you "
                                  "enter that person's new answers under the same number. The form below is empty again for the "
                                  "next one.").format(n=just), icon=":material/check_circle:")
    choices = A.score_choices(instrument)
    n = st.session_state.get(ENTERED, 0)
    form = None
    waiting = paper_entry.waiting_forms(session)
    if session["round"] > 1 and waiting:  # a person who answered round 1 on paper, re-scoring on paper
        whose = st.radio(_("Whose form is this?"), [SOMEONE_NEW, *(f"Paper form {w}" for w in waiting)],
                         key=f"paper-whose-{n}", horizontal=True, format_func=_whose,
                         help=_("The number you wrote on the form when you entered its first round."))
        form = None if whose == SOMEONE_NEW else int(whose.rsplit(" ", 1)[1])
    with st.form(f"paper-entry-{n}"):
        if form is None:
            role = st.radio(_("Role group"), session["roles"], format_func=show.choice, key=f"paper-role-{n}")
            name = "" if session["anonymous"] else textbox.line(_("Name (as written on the form; optional)"), f"paper-name-{n}")
        else:
            role, name = "", ""
            st.caption(_("Round {round} answers of paper form {form}: same role group as its first round.").format(
                round=session["round"], form=form))
        scores, examples, options = {}, {}, {}
        for item in instrument.items:
            show.label(item.name)
            picked = st.radio(_("Score ticked"), list(choices), format_func=_score_label, key=f"paper-score-{n}-{item.id}",
                              horizontal=True)  # one click per tick on the paper
            scores[item.id] = choices[picked]
            if item.options:
                options[item.id] = st.multiselect(_("Ticked"), list(item.options), format_func=show.choice,
                                                  key=f"paper-options-{n}-{item.id}")
            examples[item.id] = textbox.area(show.plain(instrument.rules.example_label), f"paper-example-{n}-{item.id}", height=80)
        prompts = {p.id: textbox.area(show.plain(p.label), f"paper-prompt-{n}-{p.id}") for p in instrument.prompts}
        entered = st.form_submit_button(_("Enter these answers"), type="primary", icon=":material/keyboard:")
    if not entered or any(typed.cut for typed in [name, *examples.values(), *prompts.values()] if isinstance(typed, textbox.Typed)):
        return
    try:
        entered = paper_entry.enter_answers(store(), instrument, session, role=role, name=name, scores=scores, examples=examples,
                                      prompts=prompts, options=options, form=form)
    except (A.BadInput, S.Refused) as problem:
        show.message("error", _("Not entered: {problem} What you typed is still in the form.").format(problem=problem),
                     icon=":material/error:")
        return
    st.session_state[ENTERED] = n + 1
    st.session_state[JUST_ENTERED] = form or paper_entry.paper_forms(store().get(session["token"])).index(entered["token"]) + 1
    st.rerun()


def _score_label(choice: str) -> str:
    """A score's option: "Not scored yet" in the reader's language, a level as the source names it."""
    return show.choice(_(A.NOT_SCORED)) if choice == A.NOT_SCORED else show.choice(choice)


def _whose(option: str) -> str:
    """An option of "Whose form is this?" in the reader's language (the options stay in English: the
    form's number is read back from them)."""
    if option == SOMEONE_NEW:
        return _(SOMEONE_NEW)
    return _("Paper form {n}").format(n=option.rsplit(" ", 1)[1])


def blank_pack_button(instrument: Instrument) -> None:
    """On an instrument's page: its blank paper form, to print."""
    download_buttons([downloads.blank_paper_pack(instrument, f"{instrument.id}-paper.pdf")])
