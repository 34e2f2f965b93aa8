"""coprod: the co-production self-assessment app's domain, in packages by concern, lowest first:
common (basics), storage, library (the instruments), answers (one person's), sessions (a team's),
charts, files; then ui (the Streamlit widgets) and cli (the command line). A package may import the
packages below it, never above (tests/test_layers.py reads the imports and says where one runs up).
"""
