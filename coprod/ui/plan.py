"""The next-steps plan as a table people edit. Its edits are saved, by row id, at the start of the
next run (coprod.ui.autosave)."""

from __future__ import annotations

import math

import streamlit as st

from coprod.answers import assessment as A
from coprod.answers import plans
from coprod.common import i18n
from coprod.common.i18n import _, marked
from coprod.library import attribution
from coprod.library.model import Instrument
from coprod.ui import show
from coprod.ui.autosave import bind_plan, save_pending
from coprod.ui.show import heading


def _plan_frame(rows: list[dict]):
    import pandas as pd  # the table editor's input; imported only by the pages that show a plan

    frame = pd.DataFrame([{c: plans.status_shown(row.get(c, "")) if c == "status" else row.get(c, "") for c in plans.COLUMNS}
                          for row in rows], columns=plans.COLUMNS)
    return frame.astype("string")  # explicit dtype: empty columns would otherwise be guessed wrongly


CHAR_PX, LINE_PX, PAD_PX = 7.5, 21, 24  # the table's 14 px text: about 7.5 px a character, 21 px a line


def principle_fit(rows: list[dict]) -> tuple[int, int]:
    """The first column's width and the rows' height (px) that show its longest text whole: a HeadStart
    check runs to 160 characters, cut to "I am ready and prepared t…" in 110 px. Text wraps in rows
    taller than one line; up to 320 px wide and six lines tall."""
    longest = max((len(str(row.get("principle", ""))) for row in rows), default=0)
    width = int(min(320, max(110, longest * CHAR_PX + PAD_PX)))
    lines = min(6, max(1, math.ceil(longest * CHAR_PX / (width - PAD_PX))))
    return width, (35 if lines == 1 else PAD_PX + LINE_PX * lines)


def plan_editor(instrument: Instrument, doc: dict, heading_text: str = marked("Next steps")) -> None:
    """The plan table, fed the stored plan at one revision; its edits are saved, by row id, at the
    start of the next run (coprod.ui.autosave)."""
    heading(_(heading_text))
    for part in instrument.guidance_for("plan"):  # what the source asks you to think about when planning
        show.guidance(instrument, part)
    st.caption(f"{plans.order_note(instrument)} " + _(
        "Edit the actions, who and by when; add a progress update later. Add or remove rows at the bottom of the table. "
        "Changes are saved as you make them. A cell keeps up to {most} characters (who and the first column {who}, by when "
        "{by_when}); anything longer is cut, and the page shows you what was cut.").format(
        most=i18n.number(A.MAX_TEXT), who=i18n.number(plans.LIMITS["who"]), by_when=i18n.number(plans.LIMITS["by_when"])))
    rows = plans.plan_of(instrument, doc)
    if instrument.kind == "scale":
        show.caption(attribution.actions_note(instrument, plans.headings(instrument)["actions"]))
    named = plans.headings(instrument)
    text = st.column_config.TextColumn
    width, height = principle_fit(rows)
    st.data_editor(
        _plan_frame(rows),
        key=bind_plan(doc, instrument, rows),
        on_change=save_pending,
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        row_height=height,
        disabled=["current", "next_level"],
        column_config={
            "principle": text(named["principle"], width=width, default=""),
            "current": text(named["current"], width=110, default=""),
            "next_level": text(named["next_level"], width=210, default=""),
            "actions": text(named["actions"], width=210, default=""),
            "who": text(named["who"], width=80, default=""),
            "by_when": text(named["by_when"], width=80, default=""),
            "progress": text(named["progress"], width=150, default=""),
            # Not required: the table keeps a new row with an empty required cell in the browser only, never sending
            # it, so it was gone on reload. A new row starts "not started" instead.
            "status": st.column_config.SelectboxColumn(named["status"], options=[_(s) for s in plans.STATUSES],
                                                       width=100, default=_(plans.STATUSES[0])),
        },
    )
