"""An organisation's overview of many teams' results over review rounds: the coordinator's overview and
the teams' contributions, each chosen and taken back by its team (contributions), and what the
overview shows: where the organisation stands per item, who moved, which actions are done, whose
review is due, tags compared, and a team's own scores beside the overview's, never a league table
(figures).

May import: coprod.common, coprod.storage, coprod.library, coprod.answers and coprod.sessions. Must
not import charts, files or ui.
"""
