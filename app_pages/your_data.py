"""Your data: what coprod keeps, where, for how long, who can open it, and how to delete it."""

import streamlit as st

from coprod.common.i18n import _, n_
from coprod.common.paths import retention_days
from coprod.ui import show

st.title(_("Your data"))
st.markdown(_("This page says, in plain words, what happens to what you type into coprod."))

st.header(_("What is kept"))
st.markdown(
    _("- **What you type:** your scores, your examples and answers, the plan, and the title, role and date you gave.\n"
      "- **Your name, only if you gave one.** An anonymous team session never asks for it and stores none.\n"
      "- **A paper form you filled in,** if the facilitator typed its answers in: they are kept like answers given online.\n"
      "- **If you only watch a session:** that you watch it, and your name if you give one (an anonymous session "
      "asks none). It goes when you stop watching or the session is deleted.\n"
      "- **A version of a toolkit you made:** its wording and each version you saved. The wording something "
      "was scored on stays with that assessment or session, so its results never change.\n"
      "- **Wrong codes, for a minute or two.** To stop anyone guessing codes, coprod counts the wrong codes typed "
      "from each internet address, then forgets them. Where a database keeps the count, it keeps a scrambled form "
      "of the address, never the address itself.\n"
      "- **Nothing else about you:** no account, no e-mail address, no tracking.")
)

st.header(_("Where it is kept"))
st.markdown(
    _("On the server of the organisation that runs this copy of coprod, and nowhere else. coprod sends nothing "
      "to any other service: no analytics, no usage statistics, no fonts or pictures from the internet.")
)

st.header(_("Who can open it"))
st.markdown(
    _("- **Whoever has the link (or the short code) of an assessment** can open it and change it. Keep it like a key. "
      "Links cannot be guessed, and nobody can list the assessments that are stored.\n"
      "- **Whoever has the link (or the code) of a version of a toolkit** can change it. Anyone scoring with it "
      "sees its wording, never its link.\n"
      "- **In a team session,** until the facilitator shows everyone's answers together, nobody sees yours: the "
      "facilitator sees only how many have joined and submitted (and who, if the session is named). Then the group sees them. "
      "In an anonymous session they carry no names. They are never tied to a role group smaller than the "
      "session's minimum, so that nobody can be picked out.")
)

st.header(_("How long it is kept"))
days = retention_days()
if days:
    show.text(n_("Until you delete it. This organisation also deletes anything nobody has changed for {days} days.",
                 "Until you delete it. This organisation also deletes anything nobody has changed for {days} days.",
                 days).format(days=days))
else:
    st.markdown(_("Until you delete it, or until the organisation that runs coprod deletes old data. Ask them how long they keep it."))

st.header(_("How to delete it"))
st.markdown(
    _("- **Your own assessment:** open it and choose **Delete this assessment** at the bottom of the page. You can "
      "delete its earlier review rounds at the same time.\n"
      "- **Your answers in a team session:** choose **Withdraw my answers** at the bottom of your page, until the "
      "facilitator has shown them to the group. Answers sent after the group's were shown are kept back and never "
      "shown, so you can still withdraw those. After that, ask the facilitator.\n"
      "- **A whole team session** (facilitators): **Delete this session** at the bottom of the facilitator's page "
      "deletes everybody's answers.\n"
      "- **A version of a toolkit:** **Delete this version** at the bottom of its editor. Assessments and sessions "
      "scored on it keep the wording they used.\n"
      "- **Files you downloaded** (PDF, CSV, JSON) are your own copies: delete them where you saved them.\n\n"
      "Deleting removes everything at once, including the link and the code. It cannot be undone.")
)
