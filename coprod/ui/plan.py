"""The next-steps plan as a table people edit. Its edits are saved, by row id, at the start of the
next run (coprod.ui.autosave)."""

from __future__ import annotations

import streamlit as st

from coprod import assessment as A
from coprod import plans
from coprod.instruments import Instrument
from coprod.ui.autosave import bind_plan, save_pending
from coprod.ui.show import heading


def _plan_frame(rows: list[dict]):
    import pandas as pd  # the table editor's input; imported only by the pages that show a plan

    frame = pd.DataFrame([{c: row.get(c, "") for c in plans.COLUMNS} for row in rows], columns=plans.COLUMNS)
    return frame.astype("string")  # explicit dtype: empty columns would otherwise be guessed wrongly


def plan_editor(instrument: Instrument, doc: dict, heading_text: str = "Next steps") -> None:
    """The plan table, fed the stored plan at one revision; its edits are saved, by row id, at the
    start of the next run (coprod.ui.autosave)."""
    heading(heading_text)
    st.caption("Weakest first. Edit the actions, who and by when; add a progress update later. "
               "Add or remove rows at the bottom of the table. Changes are saved as you make them. "
               f"A cell keeps up to {A.MAX_TEXT:,} characters (who and the principle {plans.LIMITS['who']}, by when "
               f"{plans.LIMITS['by_when']}); anything longer is cut, and the page shows you what was cut.")
    rows = plans.plan_of(instrument, doc)
    named = plans.headings(instrument)
    text = st.column_config.TextColumn
    st.data_editor(
        _plan_frame(rows),
        key=bind_plan(doc, instrument, rows),
        on_change=save_pending,
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        disabled=["current", "next_level"],
        column_config={
            "principle": text(named["principle"], width=110, default=""),
            "current": text(named["current"], width=110, default=""),
            "next_level": text(named["next_level"], width=210, default=""),
            "actions": text(named["actions"], width=210, default=""),
            "who": text(named["who"], width=80, default=""),
            "by_when": text(named["by_when"], width=80, default=""),
            "progress": text(named["progress"], width=150, default=""),
            # Not required: the table keeps a new row with an empty required cell in the browser only, never sending
            # it, so it was gone on reload. A new row starts "not started" instead.
            "status": st.column_config.SelectboxColumn(named["status"], options=list(plans.STATUSES), width=100,
                                                       default=plans.STATUSES[0]),
        },
    )
