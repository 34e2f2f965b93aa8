"""One person's answers: an assessment and its rules (assessment: scoring, examples where the source
asks for one, finishing), the plain-language summary (summary), the next-steps plan (plans), review
rounds and their dates (rounds), and others who rate a person (raters).

May import: coprod.common, coprod.storage and coprod.library. Must not import sessions, charts, files or ui.
"""
