"""Copying every document, code and alias from one store to another (`python -m coprod migrate`):
a data folder into PostgreSQL when an organisation outgrows one process, or back.

Safe to re-run: what the target already holds unchanged is left alone, a document changed at the
source since the last run is copied again, and nothing is ever deleted from the target. A code or
alias the target already gives to another document is a conflict: reported, not overwritten. A
document the source cannot read is reported and skipped (its code and aliases with it). At the end
every copied document, code and alias is read back from the target and compared.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from coprod.storage.document_store import DocumentStore
from coprod.storage.interface import Damaged, NotFound


@dataclass
class Moved:
    documents: int = 0
    copied: int = 0  # of them, written this run (the rest were there already, the same)
    codes: int = 0
    aliases: int = 0
    unreadable: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    mismatches: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.unreadable or self.conflicts or self.mismatches)


def _stored(store: DocumentStore, token: str) -> dict | None:
    try:
        return store.get(token)
    except (NotFound, Damaged):
        return None


def copy_store(source: DocumentStore, target: DocumentStore) -> Moved:
    moved = Moved()
    copied: dict[str, dict] = {}
    for token, doc in source.documents():
        if doc is None:
            moved.unreadable.append(token)
            continue
        if _stored(target, token) != doc:
            target.put(token, doc)
            moved.copied += 1
        copied[token] = doc
    codes = {code: token for code, token in source.codes().items() if token in copied}
    taken_codes = {code for code, token in codes.items() if not target.put_code(code, token)}
    moved.conflicts += [f"code {code} already leads to another document in the target" for code in sorted(taken_codes)]
    aliases = {key: token for key, token in source.aliases().items() if token in copied}
    held = target.aliases()
    taken_aliases = {alias for alias, token in aliases.items() if held.get(alias, token) != token}
    moved.conflicts += [f"{kind} link {key[:4]}… already leads to another document in the target" for kind, key in sorted(taken_aliases)]
    for (kind, key), token in aliases.items():
        if (kind, key) not in taken_aliases:
            target.add_alias(kind, key, token)

    # read everything back from the target
    for token, doc in copied.items():
        if _stored(target, token) != doc:
            moved.mismatches.append(f"document {token[:4]}… differs in the target")
    target_codes, target_aliases = target.codes(), target.aliases()
    moved.mismatches += [f"code {code} is missing in the target" for code, token in codes.items()
                         if target_codes.get(code) != token and code not in taken_codes]
    moved.mismatches += [f"{kind} link {key[:4]}… is missing in the target" for (kind, key), token in aliases.items()
                         if target_aliases.get((kind, key)) != token and (kind, key) not in taken_aliases]
    moved.documents, moved.codes, moved.aliases = len(copied), len(codes), len(aliases)
    return moved
