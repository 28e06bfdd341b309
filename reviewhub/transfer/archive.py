"""The export archive's layout and the checks that refuse a bad or forged one (pure, no app).

    manifest.json          {"format": "reviewhub-event", "format_version": 1, ...}
    schema.json            the JSON Schema of the manifest and of each table's rows
    tables/<table>.jsonl   one JSON object per line, one line per row
    files/<key>            the stored files the rows name (submission files, speaker photos)
"""

import json
import re
import zipfile

FORMAT = "reviewhub-event"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SCHEMA = "schema.json"  # the JSON Schema of this version's files (schema.py); read by people
TABLE_NAME = re.compile(r"^tables/([a-z][a-z0-9_]{0,62})\.jsonl$")
FILE_NAME = re.compile(r"^files/([A-Za-z0-9][A-Za-z0-9_-]{0,80}(\.[A-Za-z0-9]{1,10})?)$")
MAX_MEMBERS = 500_000
MAX_UNCOMPRESSED = 50 * 2**30  # what a large conference's files may reach
MAX_RATIO = 200  # a member expanding more than this is a zip bomb, not an export


class BadArchive(ValueError):
    """The file is not an export this version can load; the message says what is wrong."""


def check(archive: zipfile.ZipFile) -> dict:
    """The manifest, once every member's name and size is one an export writes, the format
    and its version are this one, and every table and file the manifest lists is present."""
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise BadArchive(f"the archive has {len(infos)} members, more than an export ever has")
    names = set()
    total = 0
    for info in infos:
        name = info.filename
        if info.is_dir():
            continue
        if name not in (MANIFEST, SCHEMA) and not TABLE_NAME.match(name) and not FILE_NAME.match(name):
            raise BadArchive(f"the archive holds {name!r}, which no export writes (a path outside "
                             "tables/ and files/ is refused)")
        if name in names:
            raise BadArchive(f"the archive holds {name!r} twice")
        if info.file_size > MAX_RATIO * max(info.compress_size, 1024):
            raise BadArchive(f"{name!r} expands {info.file_size // max(info.compress_size, 1)} times: refused")
        names.add(name)
        total += info.file_size
    if total > MAX_UNCOMPRESSED:
        raise BadArchive("the archive expands to more than 50 GiB")
    if MANIFEST not in names:
        raise BadArchive("this is not a reviewhub event export (no manifest.json)")
    manifest = _manifest(archive)
    for table in manifest["tables"]:
        if f"tables/{table}.jsonl" not in names:
            raise BadArchive(f"the manifest lists the table {table!r} but the archive lacks tables/{table}.jsonl")
    for key in manifest["files"]:
        if not FILE_NAME.match(f"files/{key}") or f"files/{key}" not in names:
            raise BadArchive(f"the file {key!r} the export names is missing from the archive")
    return manifest


def _manifest(archive: zipfile.ZipFile) -> dict:
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except (ValueError, UnicodeDecodeError) as error:
        raise BadArchive(f"manifest.json is not JSON ({error})") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BadArchive("this is not a reviewhub event export (manifest.json names another format)")
    version = manifest.get("format_version")
    if version != FORMAT_VERSION:
        raise BadArchive(f"the export's format version is {version!r}; this installation reads "
                         f"version {FORMAT_VERSION}")
    tables, files = manifest.get("tables"), manifest.get("files")
    if not isinstance(tables, dict) or not all(isinstance(v, int) for v in tables.values()):
        raise BadArchive("manifest.json: 'tables' must map table names to row counts")
    if not isinstance(files, list) or not all(isinstance(k, str) for k in files):
        raise BadArchive("manifest.json: 'files' must list the stored files' names")
    if not isinstance(manifest.get("event"), dict) or not isinstance(manifest["event"].get("slug"), str):
        raise BadArchive("manifest.json: 'event' must give the event's slug")
    return manifest


def rows(archive: zipfile.ZipFile, table: str):
    """The rows of one table, one dict per line (streamed: a large table is never all read)."""
    with archive.open(f"tables/{table}.jsonl") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except ValueError as error:
                raise BadArchive(f"tables/{table}.jsonl line {number} is not JSON ({error})") from error
            if not isinstance(row, dict):
                raise BadArchive(f"tables/{table}.jsonl line {number} is not an object")
            yield number, row
