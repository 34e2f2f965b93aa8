"""Accessibility statement, in the form public bodies use (GOV.UK's model statement): what works,
what does not yet, how to ask for another format, how to complain, and how it was tested."""

import streamlit as st

from coprod.common.i18n import _
from coprod.common.paths import accessibility_contact
from coprod.ui import show

st.title(_("Accessibility statement for coprod"))
st.markdown(_("This statement is about this copy of coprod, the co-production self-assessment app. The organisation "
              "that gave you its address runs it."))
st.markdown(_("We want as many people as possible to be able to use coprod. For example, you should be able to:"))
st.markdown(
    _("- make the text bigger, up to 400 %, without it spilling off the screen\n"
      "- use every page with the keyboard alone, with a ring that shows where you are\n"
      "- use it on a phone, down to 320 pixels wide, without scrolling sideways\n"
      "- listen to most of it with a screen reader\n"
      "- choose each score from a list of words instead of a slider\n"
      "- read every chart in words, and in a table beside it")
)
st.markdown(_("We have written the app's own words as plainly as we can. The toolkits are written by their authors: "
              "we do not change what they say."))

st.header(_("How accessible coprod is"))
st.markdown(_("We know some parts are not fully accessible:"))
st.markdown(
    _("- Streamlit, which draws the pages, first says every page is in English. coprod then sets it to your "
      "language. It also marks English words that come from a toolkit as English. A screen reader that reads the page "
      "before then may use English sounds for a moment.\n"
      "- A few of Streamlit's own words stay in English: “Drag and drop file here” and “Upload” to upload a "
      "file, “Press Enter to apply” under a text box, “Choose an option” in an empty list. So do the months and "
      "days in the date picker.\n"
      "- Some screen readers read out a slider's number but not the name of its level. **Choose from a list instead "
      "of a slider** gives the same choice as a list of words.\n"
      "- A screen reader may not read out every cell of the next-steps plan table, which is drawn as a picture of a "
      "grid. The print view, the PDF and the spreadsheet hold the same plan as plain tables.\n"
      "- The timer's minutes change on the screen every few seconds, but a screen reader is not told each time. The "
      "timer ends nothing: when time is up, nothing closes and nothing is lost.")
)

st.header(_("Another format"))
st.markdown(_("Every toolkit has a **blank paper pack** to print: the instructions, each item with what every level looks "
              "like, boxes to tick and lines to write on. Open a toolkit from the home page to find it. In a team "
              "session, the facilitator can print a form for each person and type the answers in for them."))
st.markdown(_("For large print, easy read, audio or braille, ask the organisation that runs this copy."))
contact = accessibility_contact()
if contact:
    show.text(_("Contact: {contact}").format(contact=contact))
else:
    st.markdown(_("They have not put their contact details here: ask whoever gave you the link."))
st.markdown(_("We will look at your request and tell you when you can expect an answer."))

st.header(_("Reporting a problem"))
st.markdown(_("If you find a problem that is not listed here, or think a page fails the rules, please tell the "
              "organisation that runs this copy. Say which page, what you were doing, and what you use, such as a screen "
              "reader or a phone."))

st.header(_("If you are not happy with the answer"))
st.markdown(_("In the UK, the Equality and Human Rights Commission (EHRC) enforces the rules for public bodies' websites "
              "and apps. If you are not happy with how a complaint was handled, contact the Equality Advisory and Support "
              "Service (EASS). In Northern Ireland, contact the Equality Commission for Northern Ireland."))

st.header(_("Technical information"))
st.markdown(_("The rules are the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility "
              "Regulations 2018. They use the Web Content Accessibility Guidelines (WCAG) version 2.2, level AA."))
st.subheader(_("Compliance status"))
st.markdown(_("coprod is partly compliant with WCAG 2.2 level AA, because of the problems listed below."))
st.subheader(_("Problems and the rules they fail"))
st.markdown(
    _("- The page's language is English until the page has loaded, when coprod sets it to the reader's (WCAG 3.1.1). "
      "Streamlit, which draws the pages, sets it first, and coprod cannot change that.\n"
      "- A few of Streamlit's own words are in English on a French or Dutch page (WCAG 3.1.2).\n"
      "- A slider's level may be read out as a number only (WCAG 4.1.2). The list of words is the way round it.\n"
      "- The plan table may not be read cell by cell (WCAG 1.3.1). The same plan is in the print view, the PDF and "
      "the spreadsheet.")
)

st.header(_("How we tested coprod"))
st.markdown(_("coprod's own tests run on every change to it:"))
st.markdown(
    _("- **A machine check.** axe-core checks every page in every state against the WCAG 2.2 A and AA rules, in the "
      "Chromium browser. A serious or critical finding fails the test.\n"
      "- **Keyboard only.** A test does a whole self-assessment with the keyboard alone, from the home page to the "
      "downloaded PDF.\n"
      "- **Phones.** A test takes part in a team session on a 390 × 844 touch screen, and again at 320 pixels wide. "
      "It checks that nothing scrolls sideways and that every target is at least 24 pixels.\n"
      "- **Plain words.** A test reads every sentence the app writes and checks that it is short and plain.")
)
st.markdown(_("No person with a disability and no accessibility specialist has tested this version yet."))

st.header(_("What we are doing about it"))
st.markdown(_("We fix what these tests find before a change is made, and we add a test for each problem we fix."))

st.header(_("About this statement"))
st.markdown(_("This statement was written on 7 December 2026, and last reviewed on 7 December 2026."))
st.page_link("app_pages/your_data.py", label=_("Your data: what is kept, and how to delete it"), icon=":material/shield:")
