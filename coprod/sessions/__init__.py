"""Team sessions: opening, joining, submitting, revealing, rounds and closing (lifecycle); what of a
session may be shown, the one way from answers to any page or file (disclosure); sums over answers
such as medians, spread and tally (stats); what the pages and files say of what is shown, and which
charts they show (views); answers typed in from paper forms (paper); deleting, withdrawing and
purging old data (retention).

May import: coprod.common, coprod.storage, coprod.library and coprod.answers. Must not import charts,
files or ui.
"""
