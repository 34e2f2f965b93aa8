"""Answers from paper forms, typed in by a session's facilitator for the people who took part on
paper (the blank forms are coprod.files.paper): they become a participant's submitted answers like
any other, under the same rules and the same privacy, numbered so that a person's second round on
paper is entered under their first.
"""

from __future__ import annotations

from coprod.answers import assessment as A
from coprod.common.i18n import _
from coprod.library.model import Instrument
from coprod.sessions import lifecycle as S
from coprod.storage.interface import AssessmentStore


def enter_answers(store: AssessmentStore, instrument: Instrument, session: dict, *, role: str = "", name: str = "",
                  scores: dict[str, int | None], examples: dict[str, str], prompts: dict[str, str] | None = None,
                  options: dict[str, list[str]] | None = None, form: int | None = None) -> dict:
    """A paper form's answers, typed in by the facilitator for one participant (item id -> score and
    example). They become a participant's submitted answers like any other, marked as entered from
    paper, under the same rules (every item scored, an example where the instrument asks one, the
    text limits) and the same privacy (their role group counts towards the minimum like anyone's).
    `form` names a paper form entered before (its number, `paper_forms`): its person's answers for
    this round (round 2), under the role group and name they gave the first time. Without it the form
    is a new person's.
    Raises A.BadInput naming what is missing, or sessions.Refused; nothing is stored then."""
    view = session["perspective"]
    earlier = None
    if form is not None:
        earlier = _earlier_form(session, form)
        role, name = session["roster"][earlier]["role"], session["roster"][earlier].get("name", "")
    draft = A.new_assessment(instrument, title=session["title"], role=role, name=name, perspectives=[view])
    draft["token"] = ""
    for item in instrument.items:
        A.set_score(instrument, draft, view, item.id, scores.get(item.id))
        A.set_example(instrument, draft, view, item.id, examples.get(item.id, ""))
        if item.options:
            A.set_options(instrument, draft, view, item.id, (options or {}).get(item.id, []))
    for prompt in instrument.prompts:
        A.set_prompt(instrument, draft, prompt.id, (prompts or {}).get(prompt.id, ""))
    problems = A.open_items(instrument, draft) + A.missing_examples(instrument, draft)
    if problems:
        raise A.BadInput(_("This form cannot be entered yet: {problems}. If the paper leaves an item blank, ask the person, "
                           "or leave their form out.").format(problems="; ".join(f"{p.item.name}: {p.reason}" for p in problems)))
    if earlier is None:
        token = S.join(store, instrument, session["join_token"], role=role, name=name)["token"]
    else:
        token = earlier

    def fill(doc: dict) -> None:
        for key in ("answers", "item_examples", "prompts"):
            if key in draft:
                doc[key] = draft[key]
        doc["from_paper"] = True

    store.update(token, fill)
    session_token = store.resolve("join", session["join_token"])
    store.update(session_token, lambda s: s["roster"][token].update(paper=True))
    return S.submit(store, instrument, token)


def paper_forms(session: dict) -> list[str]:
    """The participants entered from paper, in the order they were entered: paper form 1, 2, …"""
    roster = session.get("roster", {})
    return [token for token in session["participants"] if roster.get(token, {}).get("paper")]


def waiting_forms(session: dict) -> list[int]:
    """The numbers of the paper forms whose answers for the session's round are not in yet."""
    roster = session.get("roster", {})
    return [n for n, token in enumerate(paper_forms(session), 1) if roster[token].get("submitted") != session["round"]]


def _earlier_form(session: dict, form: int) -> str:
    if session["status"] == S.CLOSED:
        raise S.Refused(_("This session is closed and takes no new answers."))
    forms = paper_forms(session)
    if not 1 <= form <= len(forms):
        raise S.Refused(_("This session has no paper form {number}. Enter it as someone new.").format(number=form))
    if form not in waiting_forms(session):
        raise S.Refused(_("Paper form {number}'s answers for round {round} are in already.").format(number=form, round=session["round"]))
    return forms[form - 1]


def from_paper(session: dict) -> int:
    """How many of a session's participants were entered from paper forms."""
    return sum(1 for entry in session.get("roster", {}).values() if entry.get("paper"))
