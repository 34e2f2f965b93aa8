"""Every input is drawn with the value it holds, on every run (coprod.ui.held).

A browser shows an input as its element says, the first time it meets the input. That is usually the
first run that draws it, but not always: when a person clicks while a page is still drawing (a busy
server, a slow first load), the run is cut short, the input it had just registered never reaches the
browser, and the next run's element is the browser's first sight of it. Were that element drawn with
the widget's own default (empty, the lowest score) while the server holds the stored or first value,
the browser would show the default and send it back with the next click: the role groups of a new
session came back empty on CI this way, and a stored score or example would be saved over.

So after a second run of every page in every state, each input's element must show (as its default)
exactly what the server holds for it."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from streamlit.testing.v1.element_tree import (
    ButtonGroup, Checkbox, DateInput, Multiselect, NumberInput, Radio, Selectbox, SelectSlider, Slider, TextArea,
    TextInput, Toggle,
)

from streamlit.testing.v1 import AppTest

from tests.apptest import page
from tests.states import every_state


def _shown(options, indices) -> list[str]:
    return [options[int(i)] for i in indices]


def first_sight(widget) -> object:
    """What a browser shows for `widget` when its element is the first it sees of it."""
    proto = widget.proto
    if isinstance(widget, (TextInput, TextArea)):
        return proto.default if proto.HasField("default") else ""
    if isinstance(widget, NumberInput):
        return proto.default if proto.HasField("default") else None
    if isinstance(widget, (Checkbox, Toggle)):
        return proto.default
    if isinstance(widget, (Radio, Selectbox)):
        return proto.options[proto.default] if proto.HasField("default") else None
    if isinstance(widget, Multiselect):
        return _shown(list(proto.options), proto.default)
    if isinstance(widget, ButtonGroup):
        return _shown([o.content for o in proto.options], proto.default)
    if isinstance(widget, SelectSlider):
        return _shown(list(proto.options), proto.default)
    if isinstance(widget, Slider):
        return [float(v) for v in proto.default]
    if isinstance(widget, DateInput):
        return list(proto.default)
    raise TypeError(f"no rule yet for {type(widget).__name__}: add one")


def held(widget) -> object:
    """What the server holds for `widget`, in the same terms."""
    if isinstance(widget, (TextInput, TextArea)):
        return widget.value or ""
    if isinstance(widget, (NumberInput, Checkbox, Toggle)):
        return widget.value
    if isinstance(widget, (Radio, Selectbox)):
        state = widget._widget_state
        return state.string_value if state.HasField("string_value") else None
    if isinstance(widget, (Multiselect, ButtonGroup, DateInput, SelectSlider)):
        return list(widget._widget_state.string_array_value.data)
    if isinstance(widget, Slider):
        return [float(v) for v in widget._widget_state.double_array_value.data]
    raise TypeError(f"no rule yet for {type(widget).__name__}: add one")


INPUTS = ("text_input", "text_area", "number_input", "checkbox", "toggle", "radio", "selectbox", "multiselect",
          "button_group", "select_slider", "slider", "date_input")


def inputs(at):
    for kind in INPUTS:
        yield from at.get(kind)


def test_every_input_is_drawn_with_what_it_holds(data_dir):
    wrong = {}
    for state, path in every_state(data_dir).states.items():
        address = urlsplit("/" + path)
        at = page(f"app_pages/{address.path.strip('/') or 'home'}.py", **dict(parse_qsl(address.query)))
        at.run()  # the run after the first: no input is new to the server any more
        assert not at.exception, state
        found = [(w.key or w.label, first_sight(w), held(w)) for w in inputs(at) if first_sight(w) != held(w)]
        if found:
            wrong[state] = found
    assert not wrong, "\n".join(f"{state}: {found}" for state, found in wrong.items())


def _given_a_first_value_once():
    import streamlit as st

    if "box" in st.session_state:
        st.text_area("Box", key="box")
    else:
        st.text_area("Box", value="first", key="box")


def test_the_check_sees_an_input_given_its_first_value_only_once():
    at = AppTest.from_function(_given_a_first_value_once)
    at.run()
    box = at.text_area(key="box")
    assert first_sight(box) == held(box) == "first"
    at.run()
    box = at.text_area(key="box")
    assert held(box) == "first" and first_sight(box) == ""


def _choices_that_changed():
    import streamlit as st

    from coprod.ui import held

    options = ["Not scored yet", "1 · Pas encore"]  # the wording changed since the key was seeded
    st.session_state.setdefault("score", "1 · Not there yet")
    st.session_state.setdefault("picked", ["Old option", "1 · Pas encore"])
    st.select_slider("Score", options, value=held.choice("score", options, options[0]), key="score")
    st.multiselect("Which apply?", options, default=held.choices("picked", options), key="picked")


def test_a_held_value_no_longer_among_the_options_is_drawn_as_the_first_value_not_an_error():
    at = AppTest.from_function(_choices_that_changed)
    at.run()
    assert not at.exception
    assert at.select_slider(key="score").proto.default[:] == [0]
    assert at.multiselect(key="picked").proto.default[:] == [1]
