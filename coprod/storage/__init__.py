"""Where documents live and how they survive: one interface (interface), the operations every store
shares with their per-document group commit (document_store), the stores themselves (tinydb, the
embedded default; postgres, for several processes; memory, for tests) and which one a process uses
(configured); whole-file writes and cross-process locks (atomic); what a stored document must be
(documents); copying between stores (migrate); what a code may open (access) and the limit on
wrong codes per client (limits).

May import: coprod.common. Must not import the instrument library, answers, sessions, charts, files or ui.
"""
