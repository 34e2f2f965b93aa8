"""Charts: a person's and the tally's charts as Altair specs, with the geometry the PDFs draw from
too (specs, person), the team's charts (team), and every chart said in words (words).

May import: coprod.common, coprod.storage, coprod.library, coprod.answers and coprod.sessions. Must not
import files or ui.
"""
