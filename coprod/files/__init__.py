"""Every file the app hands out and takes in: the PDF page and its text in any script (pdf,
text_layout), the PDFs' charts (pdf_drawing, pdf_charts), one person's PDF (report), a team's PDF and
CSV (team_report), CSVs and their safe cells (sheets), chart pictures (png), the calendar file
(calendar), JSON export and import (exchange), the blank paper pack (paper), words they share
(wording), the fonts (fonts/), and the list of downloads of every page (downloads).

May import: every coprod package below it (common, storage, library, answers, sessions, charts).
Must not import coprod.ui or Streamlit.
"""
