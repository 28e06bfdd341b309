"""A bad or forged export is refused with a message saying what is wrong, and nothing of it
stays: path traversal, another format version, a listed file missing, a taken slug."""

import json
import zipfile

import pytest
import sqlalchemy as sa

from reviewhub.events.models import Event
from reviewhub.extensions import db
from reviewhub.transfer import export, load
from reviewhub.transfer.archive import BadArchive
from tests import factories as f


@pytest.fixture
def small_export(app, tmp_path):
    """A small event with a file, exported (then removed, as if on another installation)."""
    from reviewhub.storage import save_bytes
    from reviewhub.submissions.models import SubmissionFile

    organizer = f.make_user(email="org@example.org")
    event = f.make_event(slug="small", organizer=organizer)
    work = f.make_submission(event, author=f.make_user(email="ann@example.org"))
    stored = save_bytes(b"%PDF-1.4 a paper")
    db.session.add(SubmissionFile(submission_id=work.id, purpose="main", kind="pdf", original_name="p.pdf",
                                  content_type="application/pdf", size=stored.size, sha256=stored.sha256,
                                  storage_key=stored.key, extracted_text=""))
    db.session.commit()
    out = tmp_path / "small.zip"
    export.export_event(event, out)
    return out


def _rewrite(source, target, *, drop=(), add=None, manifest=None):
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            if info.filename in drop:
                continue
            data = old.read(info)
            if info.filename == "manifest.json" and manifest:
                data = json.dumps(manifest(json.loads(data))).encode()
            new.writestr(info.filename, data)
        for name, data in (add or {}).items():
            new.writestr(name, data)
    return target


def _events() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Event))


def test_a_taken_slug_is_refused_and_another_may_be_given(small_export):
    with pytest.raises(load.SlugTaken, match="exists already"):
        load.import_event(small_export)
    result = load.import_event(small_export, slug="small-copy")
    db.session.commit()
    assert result["event"].slug == "small-copy" and _events() == 2
    assert result["users_created"] == 0  # matched by email


def test_path_traversal_is_refused(small_export, tmp_path):
    forged = _rewrite(small_export, tmp_path / "f.zip", add={"../../etc/evil": b"x"})
    with pytest.raises(BadArchive, match="no export writes"):
        load.import_event(forged, slug="forged-copy")


def test_another_format_version_is_refused(small_export, tmp_path):
    forged = _rewrite(small_export, tmp_path / "f.zip", manifest=lambda m: {**m, "format_version": 99})
    with pytest.raises(BadArchive, match="format version is 99"):
        load.import_event(forged, slug="forged-copy")


def test_a_missing_file_is_refused(small_export, tmp_path):
    with zipfile.ZipFile(small_export) as zf:
        stored = [n for n in zf.namelist() if n.startswith("files/")]
    forged = _rewrite(small_export, tmp_path / "f.zip", drop=stored)
    with pytest.raises(BadArchive, match="missing from the archive"):
        load.import_event(forged, slug="forged-copy")


def test_a_swapped_file_is_refused_and_nothing_stays(app, small_export, tmp_path):
    with zipfile.ZipFile(small_export) as zf:
        stored = [n for n in zf.namelist() if n.startswith("files/")][0]
    forged = _rewrite(small_export, tmp_path / "f.zip", drop=[stored], add={stored: b"%PDF-1.4 another"})
    before = set((tmp_path / "uploads").iterdir())
    with pytest.raises(BadArchive, match="sha256"):
        load.import_event(forged, slug="forged-copy")
    db.session.rollback()
    assert _events() == 1
    assert set((tmp_path / "uploads").iterdir()) == before


def test_ids_from_the_file_are_never_kept(small_export):
    with zipfile.ZipFile(small_export) as zf:
        exported_ids = {json.loads(line)["id"] for line in zf.read("tables/authorships.jsonl").splitlines()}
    result = load.import_event(small_export, slug="small-2")
    from reviewhub.submissions.models import Authorship, Submission

    new_ids = set(db.session.scalars(sa.select(Authorship.id).join(Submission).where(
        Submission.event_id == result["event"].id)))
    assert new_ids and not new_ids & exported_ids


def test_not_a_zip_and_not_an_export(app, tmp_path):
    text = tmp_path / "a.zip"
    text.write_text("hello")
    with pytest.raises(BadArchive, match="not a zip"):
        load.import_event(text)
    empty = tmp_path / "b.zip"
    with zipfile.ZipFile(empty, "w") as zf:
        zf.writestr("tables/events.jsonl", "")
    with pytest.raises(BadArchive, match="no manifest"):
        load.import_event(empty)


def test_cli_says_what_is_wrong(app, small_export, tmp_path):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["import-event", str(small_export)])
    assert result.exit_code != 0 and "exists already" in result.output
    forged = _rewrite(small_export, tmp_path / "f.zip", manifest=lambda m: {**m, "format_version": 2})
    result = runner.invoke(args=["import-event", str(forged), "--slug", "other"])
    assert result.exit_code != 0 and "format version" in result.output
    result = runner.invoke(args=["import-event", str(small_export), "--slug", "other"])
    assert result.exit_code == 0, result.output
    assert "Imported other" in result.output


def test_cli_export_of_an_unknown_event(app, tmp_path):
    result = app.test_cli_runner().invoke(args=["export-event", "nope", str(tmp_path / "x.zip")])
    assert result.exit_code != 0 and "No event" in result.output


def test_a_row_with_a_forged_reference_is_refused(small_export, tmp_path):
    with zipfile.ZipFile(small_export) as zf:
        lines = zf.read("tables/authorships.jsonl").decode().splitlines()
    row = json.loads(lines[0])
    row["submission_id"] = 987654
    forged = _rewrite(small_export, tmp_path / "f.zip", drop=["tables/authorships.jsonl"],
                      add={"tables/authorships.jsonl": json.dumps(row) + "\n"})
    with pytest.raises(BadArchive, match="does not hold"):
        load.import_event(forged, slug="forged-copy")


def test_a_bad_value_is_refused(small_export, tmp_path):
    with zipfile.ZipFile(small_export) as zf:
        row = json.loads(zf.read("tables/events.jsonl"))
    row["created_at"] = "yesterday"
    forged = _rewrite(small_export, tmp_path / "f.zip", drop=["tables/events.jsonl"],
                      add={"tables/events.jsonl": json.dumps(row) + "\n"})
    with pytest.raises(BadArchive, match="created_at"):
        load.import_event(forged, slug="forged-copy")


def test_every_file_of_an_export_follows_its_schema(small_export):
    import jsonschema

    with zipfile.ZipFile(small_export) as zf:
        schema = json.loads(zf.read("schema.json"))
        jsonschema.Draft202012Validator.check_schema(schema)
        manifest = json.loads(zf.read("manifest.json"))
        jsonschema.validate(manifest, {**schema, "$ref": "#/$defs/manifest"})
        for table in manifest["tables"]:
            rows = [json.loads(line) for line in zf.read(f"tables/{table}.jsonl").splitlines()]
            assert len(rows) == manifest["tables"][table]
            for row in rows:
                jsonschema.validate(row, {**schema, "$ref": f"#/$defs/tables/{table}"})


def test_a_bad_slug_is_refused(small_export):
    from reviewhub.errors import DomainError

    for slug in ("../up", "account", "A B"):
        with pytest.raises(DomainError, match="lowercase letters"):
            load.import_event(small_export, slug=slug)
