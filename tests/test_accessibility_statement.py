"""The accessibility statement, in the form public bodies use (GOV.UK's model statement): its
sections, what is known not to work, another format (the paper pack), and the organisation's contact
as its operator sets it. The browser audit (tests/test_browser_a11y.py) checks it with axe and that
every page's sidebar links to it."""

from tests.apptest import everything_shown, page

MODEL_SECTIONS = ["How accessible coprod is", "Another format", "Reporting a problem", "If you are not happy with the answer",
                  "Technical information", "How we tested coprod", "What we are doing about it", "About this statement"]


def test_the_statement_has_the_model_statements_sections_and_says_what_does_not_work(data_dir):
    at = page("app_pages/accessibility.py")
    assert not at.exception
    assert at.title[0].value == "Accessibility statement for coprod"
    assert [h.value for h in at.header] == MODEL_SECTIONS
    assert [h.value for h in at.subheader] == ["Compliance status", "Problems and the rules they fail"]
    shown = everything_shown(at)
    for known in ("first says every page is in English", "Streamlit's own words stay in English", "a slider's number but not the name of its level",
                  "blank paper pack", "axe-core", "keyboard alone", "390 × 844", "Equality and Human Rights Commission",
                  "partly compliant with WCAG 2.2 level AA"):
        assert known in shown, known
    assert "They have not put their contact details here" in shown


def test_the_statement_gives_the_contact_its_operator_sets_as_text(data_dir, monkeypatch):
    monkeypatch.setenv("COPROD_ACCESSIBILITY_CONTACT", "access@example.org **not bold**")
    at = page("app_pages/accessibility.py")
    assert "Contact: access@example.org **not bold**" in [t.value for t in at.text]
    assert "They have not put their contact details here" not in everything_shown(at)
