"""Uploaded files, stored under generated names in a folder (instance/uploads by default)."""

import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from reviewhub.errors import DomainError


@dataclass(frozen=True)
class StoredFile:
    key: str
    size: int
    sha256: str


class StorageFull(DomainError, OSError):
    """The upload could not be written (disk full or quota); nothing was kept. A DomainError,
    so forms show it next to the user's kept input instead of a 500."""

    status_code = 507  # Insufficient Storage


def _root() -> Path:
    root = Path(current_app.config["UPLOAD_FOLDER"])
    root.mkdir(parents=True, exist_ok=True)
    return root


def path_for(key: str) -> Path:
    if "/" in key or "\\" in key or key.startswith("."):
        raise ValueError("bad storage key")
    return _root() / key


def save_bytes(data: bytes, *, suffix: str = "") -> StoredFile:
    """Write data under a fresh random name; on a write error nothing is left behind."""
    key = secrets.token_hex(16) + suffix
    target = path_for(key)
    temporary = target.with_name(target.name + ".part")
    try:
        with open(temporary, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise StorageFull("The file could not be stored: the server has no room for it right now. "
                          "Nothing was saved; try again later or write to the organizers.") from error
    return StoredFile(key=key, size=len(data), sha256=hashlib.sha256(data).hexdigest())


def read_bytes(key: str) -> bytes:
    return path_for(key).read_bytes()


def delete(key: str) -> None:
    path_for(key).unlink(missing_ok=True)
