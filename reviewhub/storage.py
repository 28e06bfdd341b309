"""Uploaded files, stored under generated names in a folder (instance/uploads by default).

A request's uploads are written once, as they arrive, into that folder under a temporary
name while their sha256 is computed (`UploadRequest`); keeping one is a rename (`keep`), so
a 20 MB paper is never copied or re-read to be stored. Temporary names end in `.part`.
"""

import hashlib
import io
import os
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from flask import Request, current_app
from werkzeug.formparser import FormDataParser, MultiPartParser

from reviewhub.errors import DomainError

PARTIAL_SUFFIX = ".part"
# Uploads are written and hashed in steps of UPLOAD_STEP, read and parsed in steps of
# PARSE_STEP (below werkzeug's 500 kB cap on the parser's buffer). Each step releases the GIL
# (recv, write, sha256) and, with busy threads in the same worker, may wait up to
# sys.getswitchinterval() (5 ms) to get it back: at werkzeug's 64 KiB, a 20 MB upload made
# ~1,000 such waits under a deadline rush; now ~120.
UPLOAD_STEP = 1024 * 1024
PARSE_STEP = 256 * 1024


@dataclass(frozen=True)
class StoredFile:
    key: str
    size: int
    sha256: str


class StorageFull(DomainError, OSError):
    """The upload could not be written (disk full or quota); nothing was kept. A DomainError,
    so forms show it next to the user's kept input instead of a 500."""

    status_code = 507  # Insufficient Storage

    def __init__(self, message: str = ""):
        super().__init__(message or "The file could not be stored: the server has no room for it right "
                                    "now. Nothing was saved; try again later or write to the organizers.")


def _root() -> Path:
    root = Path(current_app.config["UPLOAD_FOLDER"])
    root.mkdir(parents=True, exist_ok=True)
    return root


def path_for(key: str) -> Path:
    if "/" in key or "\\" in key or key.startswith("."):
        raise ValueError("bad storage key")
    return _root() / key


def _new_key(suffix: str) -> str:
    return secrets.token_hex(16) + suffix


class IncomingFile:
    """One uploaded file as it arrives: written into the upload folder under a temporary name,
    hashed on the way. Readable and seekable like the temporary file werkzeug would use.
    A write error (disk full) is recorded, not raised, so the rest of the form is still
    parsed and shown back to the user; `keep` then raises StorageFull. Closing an upload
    nobody kept deletes it."""

    def __init__(self, folder: Path):
        self.path = folder / (_new_key("") + PARTIAL_SUFFIX)
        self._hash = hashlib.sha256()
        self._pending = bytearray()  # written and hashed UPLOAD_STEP at a time
        self.size = 0
        self.failed: OSError | None = None
        self.kept: StoredFile | None = None
        try:
            self._file = open(self.path, "xb+")  # noqa: SIM115 (closed by close(), at the request's end)
        except OSError as error:  # no room even for the name: like a failed write
            self.failed, self._file = error, io.BytesIO()

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.failed is None:
            self._pending += data
            if len(self._pending) >= UPLOAD_STEP:
                self._write_pending()
        return len(data)

    def _write_pending(self) -> None:
        if not self._pending or self.failed is not None:
            return
        try:
            self._file.write(self._pending)
            self._file.flush()  # visible to readers of the path (the PDF check opens it anew)
            self._hash.update(self._pending)
        except OSError as error:
            self.failed = error
            self._drop()
        self._pending = bytearray()

    def _drop(self) -> None:
        self._file.close()
        self.path.unlink(missing_ok=True)

    @property
    def sha256(self) -> str:
        self._write_pending()
        return self._hash.hexdigest()

    def head(self, size: int) -> bytes:
        """The first bytes (for sniffing the kind), without moving the read position."""
        self._require_written()
        return os.pread(self._file.fileno(), size, 0)

    def read(self, size: int = -1) -> bytes:
        self._require_written()
        return self._file.read(size)

    def readline(self, size: int = -1) -> bytes:
        self._require_written()
        return self._file.readline(size)

    def seek(self, offset: int, whence: int = 0) -> int:
        self._write_pending()
        return 0 if self.failed else self._file.seek(offset, whence)

    def tell(self) -> int:
        self._write_pending()
        return 0 if self.failed else self._file.tell()

    def flush(self) -> None:
        self._write_pending()
        if not self.failed:
            self._file.flush()

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def writable(self) -> bool:
        return True

    @property
    def closed(self) -> bool:
        return self._file.closed

    def _require_written(self) -> None:
        self._write_pending()
        if self.failed is not None:
            raise StorageFull() from self.failed

    def keep(self, *, suffix: str = "") -> StoredFile:
        """Make the upload durable under a fresh random name (fsync, then rename); on a
        write error nothing is left behind."""
        if self.kept is not None:
            return self.kept
        self._require_written()
        key = _new_key(suffix)
        try:
            self._file.flush()
            os.fsync(self._file.fileno())
            os.rename(self.path, self.path.with_name(key))
        except OSError as error:
            self.failed = error
            self._drop()
            raise StorageFull() from error
        self.path = self.path.with_name(key)
        self.kept = StoredFile(key=key, size=self.size, sha256=self.sha256)
        return self.kept

    def close(self) -> None:
        if not self._file.closed:
            self._file.close()
        if self.kept is None:
            self.path.unlink(missing_ok=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


DROPPED = "The file arrived after the deadline and was not kept."


class DroppedUpload:
    """An upload the request will not keep (it arrived after the deadline): its bytes are
    counted and dropped as they arrive, so a late 20 MB paper costs no disk write or hash
    while the rest of its form is still parsed and shown back. Keeping it is refused. (The
    parser only writes and rewinds it; the request closes it.)"""

    def __init__(self) -> None:
        self.size = 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        return len(data)

    def seek(self, offset: int, whence: int = 0) -> int:
        return 0

    def close(self) -> None:
        pass

    def head(self, size: int) -> bytes:
        raise DomainError(DROPPED)

    def keep(self, *, suffix: str = "") -> StoredFile:
        raise DomainError(DROPPED)


class _StepParser(FormDataParser):
    def _parse_multipart(self, stream, mimetype, content_length, options):
        # The parser's buffer may not outgrow max_form_memory_size (413): stay well below it.
        step = min(PARSE_STEP, (self.max_form_memory_size or 2 * PARSE_STEP) // 2)
        parser = MultiPartParser(stream_factory=self.stream_factory, max_form_memory_size=self.max_form_memory_size,
                                 max_form_parts=self.max_form_parts, cls=self.cls, buffer_size=step)
        boundary = options.get("boundary", "").encode("ascii")
        if not boundary:
            raise ValueError("Missing boundary")
        form, files = parser.parse(stream, boundary, content_length)
        return stream, form, files


class UploadRequest(Request):
    """Flask's request, with uploads streamed into the upload folder (see IncomingFile), read
    PARSE_STEP at a time. Every upload it started is closed with the request, also when the
    body was cut short."""

    form_data_parser_class = _StepParser
    drop_uploads = False  # set before the body is read when its files cannot be kept

    def _get_file_stream(self, total_content_length, content_type, filename=None, content_length=None):
        if self.drop_uploads:
            return DroppedUpload()
        incoming = IncomingFile(_root())
        self.__dict__.setdefault("_incoming_files", []).append(incoming)
        return incoming

    def close(self) -> None:
        super().close()
        for incoming in self.__dict__.get("_incoming_files", ()):
            incoming.close()


def incoming_from_bytes(data: bytes) -> IncomingFile:
    """An IncomingFile holding `data` (files made in code: the demo, imports, tests)."""
    incoming = IncomingFile(_root())
    incoming.write(data)
    incoming.seek(0)
    return incoming


def save_bytes(data: bytes, *, suffix: str = "") -> StoredFile:
    """Write data under a fresh random name; on a write error nothing is left behind."""
    with incoming_from_bytes(data) as incoming:
        return incoming.keep(suffix=suffix)


def reserve() -> Path:
    """A fresh temporary path in the upload folder for a file made from an upload (a blind
    copy): swept like an unfinished upload if nobody keeps it."""
    return _root() / (_new_key("") + PARTIAL_SUFFIX)


def keep_path(path: Path, *, suffix: str = "") -> str:
    """Make a file written at a reserved path durable under a fresh name (fsync, then
    rename) and return its key; on a write error nothing is left behind (StorageFull)."""
    key = _new_key(suffix)
    try:
        with open(path, "rb+") as handle:
            os.fsync(handle.fileno())
        os.rename(path, path.with_name(key))
    except OSError as error:
        path.unlink(missing_ok=True)
        raise StorageFull() from error
    return key


def read_bytes(key: str) -> bytes:
    return path_for(key).read_bytes()


def delete(key: str) -> None:
    path_for(key).unlink(missing_ok=True)


# The names this module gives files (a 32-hex key, an extension, ".part" while written): the
# sweep never touches anything else an operator may keep in the folder.
_GENERATED_NAME = re.compile(r"[0-9a-f]{32}(\.[A-Za-z0-9]{1,10})?(\.part)?")


def unreferenced(referenced: set[str], *, older_than_seconds: float) -> list[Path]:
    """Files this module wrote that no row names and that nobody has written to for
    `older_than_seconds` (an upload being written, or stored and awaiting its commit, is newer).
    What refused saves and dropped database connections leave behind."""
    cutoff = time.time() - older_than_seconds
    found = []
    for entry in os.scandir(_root()):
        if entry.name in referenced or not _GENERATED_NAME.fullmatch(entry.name):
            continue
        if entry.is_file(follow_symlinks=False) and entry.stat(follow_symlinks=False).st_mtime < cutoff:
            found.append(Path(entry.path))
    return sorted(found)


class FinishedPart(IncomingFile):
    """A file already written in the upload folder (a finished chunked upload) that a save
    takes like an upload of its request: keeping it hard-links it under its stored name (no
    copy), so the upload stays whole for a retry until the save commits and its row goes."""

    def __init__(self, path: Path, *, size: int, sha256: str):  # noqa: D107 (no super: the file exists)
        self.path, self.size, self._sha256 = path, size, sha256
        self._pending = bytearray()
        self.failed: OSError | None = None
        self.kept: StoredFile | None = None
        try:
            self._file = open(path, "rb")  # noqa: SIM115 (closed by close())
        except OSError as error:
            self.failed, self._file = error, io.BytesIO()

    @property
    def sha256(self) -> str:
        return self._sha256

    def keep(self, *, suffix: str = "") -> StoredFile:
        if self.kept is not None:
            return self.kept
        self._require_written()
        key = _new_key(suffix)
        try:
            os.link(self.path, self.path.with_name(key))
        except OSError as error:
            raise StorageFull() from error
        self.kept = StoredFile(key=key, size=self.size, sha256=self._sha256)
        return self.kept

    def close(self) -> None:
        if not self._file.closed:
            self._file.close()  # the part file stays: its row owns it


def adopt(path: Path, *, size: int, sha256: str) -> FinishedPart:
    """A FinishedPart closed with the current request (as its own uploads are)."""
    from flask import has_request_context, request

    part = FinishedPart(path, size=size, sha256=sha256)
    if has_request_context():
        request.__dict__.setdefault("_incoming_files", []).append(part)
    return part
