"""The instrument library: the objects an instrument is made of (model), the schema a file is
checked against (schema), loading files into instruments (loading), the scoring rules every
instrument shares: bands, what counts as a practical example, the median (scoring), and
personalised versions with their numbered snapshots that never change (versions).

May import: coprod.common and coprod.storage. Must not import answers, sessions, charts, files or ui.
"""
