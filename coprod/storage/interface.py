"""What every store offers, and the words for what can go wrong: the one interface the rest of
coprod uses, whichever store holds the documents (coprod.storage.configured picks one).

A document is a JSON object with a token (its 128-bit link) and usually a short code (10 letters
from an alphabet without look-alikes, for reading out and typing). The stores are
`coprod.storage.tinydb.TinyDBStore` (the embedded default: a file per document),
`coprod.storage.postgres.PostgresStore` (several processes or machines) and
`coprod.storage.memory.MemoryStore` (tests); they share `coprod.storage.document_store`.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, Protocol

from coprod.common.i18n import _

TOKEN_BYTES = 16  # 128 bits: a resume link cannot be guessed
TOKEN = re.compile(r"^[A-Za-z0-9_-]{22}$")
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"  # no 0/O, 1/I/L, U: easy to read out and type
CODE_LENGTH = 10


class NotFound(LookupError):
    """No document has this token, code or link (or it was deleted). Its words are the same whatever was
    looked up, so a message built from it never shows a token."""

    def __init__(self, key: str = ""):
        self.key = key
        super().__init__(_("It is not there any more: it may have been deleted, or the link or code is not whole."))


class Unavailable(RuntimeError):
    """The store cannot be reached just now (its database is down or restarting): nothing was changed."""

    def __init__(self, message: str = "") -> None:
        super().__init__(message or _("The database cannot be reached just now, so nothing was changed. "
                                      "Try again in a minute; if it goes on, tell whoever runs coprod for you."))


class Unwritable(Unavailable):
    """The data folder takes no writes just now (its disk is full, or it is read-only): nothing was changed."""

    def __init__(self) -> None:
        super().__init__(_("The server cannot store anything just now (its storage is full or cannot be written), so "
                           "nothing was changed. Keep a copy of what you typed, and tell whoever runs coprod for you."))


def recovery_name(token: str) -> str:
    """The name of a damaged document's copy in recovery/: a one-way digest of its token, so a message
    or a folder listing that names it opens nothing."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()[:32]


class Damaged(RuntimeError):
    """A document exists but cannot be read (or is not a document coprod can show)."""

    def __init__(self, token: str, kept_at: Path | None):
        self.token = token
        self.kept_at = kept_at
        if kept_at:
            message = _("The saved answers of this assessment could not be read: its stored copy is damaged. A copy is "
                        "kept in the data folder as {file}. Nothing has been overwritten. Ask whoever runs coprod to "
                        "restore it from a backup or repair it; every other assessment works as usual, and you can "
                        "start a new one meanwhile.").format(file=f"recovery/{kept_at.name}")
        else:
            message = _("The saved answers of this assessment could not be read: its stored copy is damaged. Nothing "
                        "has been overwritten. Ask whoever runs coprod to restore it from a backup or repair it; every "
                        "other assessment works as usual, and you can start a new one meanwhile.")
        super().__init__(message)


@contextmanager
def writing():
    """A write the file system refuses (a full disk, a read-only or unwritable folder) is said as
    Unwritable, which pages handle like a database that cannot be reached: never with its path."""
    try:
        yield
    except OSError as error:
        raise Unwritable() from error


ALIAS_KINDS = ("join", "join-code", "rate", "contribute", "contribute-code")  # a session's join link and code; an
# invitation to rate someone; an overview's contribution link and code
ALIAS_KEY = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


class AssessmentStore(Protocol):
    def create(self, doc: dict) -> dict: ...

    def add_alias(self, kind: str, key: str, token: str) -> None: ...

    def resolve(self, kind: str, key: str) -> str: ...

    def get(self, token: str) -> dict: ...

    def drop_code(self, token: str) -> None: ...

    def mentioned(self, token: str) -> bool: ...

    def token_for_code(self, code: str) -> str: ...

    def update(self, token: str, change: Callable[[dict], None]) -> dict: ...

    def delete(self, token: str) -> None: ...

    def delete_aliases(self, token: str) -> None: ...

    def documents(self) -> Iterator[tuple[str, dict | None]]: ...


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _unused in range(CODE_LENGTH))


def normalise_code(code: str) -> str:
    """What a person typed (any case, spaces or dashes) as the stored code."""
    return re.sub(r"[^A-Z0-9]", "", code.upper())


def format_code(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


def valid_token(token: str) -> bool:
    return isinstance(token, str) and bool(TOKEN.fullmatch(token))
