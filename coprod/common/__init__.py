"""The basics every layer needs, and that need nothing of coprod: text shown as typed, never as
Markdown or HTML (text); where the instruments and the data live (paths); reading a file a person
hands in without trusting it (intake); and the process's caches of files and charts, which forget a
document when it is deleted (memo).

May import: nothing of coprod. Everything else may import it.
"""
