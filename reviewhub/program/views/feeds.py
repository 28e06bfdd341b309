"""Feeds and files of the latest release: iCal, frab XML/JSON, CSV, BibTeX, photos, PDFs, media."""

from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import Response, abort, current_app, send_file, url_for

from reviewhub import baseurl, storage
from reviewhub.events.queries import get_event_or_404
from reviewhub.extensions import db
from reviewhub.permissions import require
from reviewhub.program import bp, exporters, queries
from reviewhub.program.build import file_path
from reviewhub.program.public import live_snapshot
from reviewhub.program.views.common import cacheable, latest_or_404, not_modified, public_event
from reviewhub.submissions.models import SubmissionFile

PHOTO_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".webp": "image/webp"}


def _export(slug, mimetype: str, filename: str, produce, *parts):
    """A download of the latest release, with validators and 304 handling."""
    event = public_event(slug)  # public while the program is public
    release = latest_or_404(event)
    etag, early = not_modified(release, *parts)
    if early:
        return early
    body = produce(live_snapshot(release))
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return cacheable(response, etag, release)


def _site() -> tuple[str, str]:
    """(base URL, host) that identifiers are built from: the configured site, never the
    request's Host header, so guids and UIDs stay the same however the server is reached."""
    base = baseurl.site_url(current_app.config)
    return base, urlsplit(base).hostname or "localhost"


def _talk_url(slug):
    return lambda slot: url_for("program.talk", slug=slug, slot_id=slot.id, _external=True)


@bp.route("/schedule.ics")
def ical(slug):
    return _export(slug, "text/calendar", f"{slug}.ics", lambda s: exporters.to_ical(
        s, domain=_site()[1], slot_url=_talk_url(slug)))


@bp.route("/talks/<int:slot_id>.ics")
def talk_ical(slug, slot_id):
    def produce(snapshot):
        if slot_id not in {s.id for s in snapshot.slots}:
            abort(404)
        return exporters.to_ical_talk(snapshot, slot_id, domain=_site()[1],
                                      slot_url=_talk_url(slug))
    return _export(slug, "text/calendar", f"{slug}-{slot_id}.ics", produce, slot_id)


@bp.route("/schedule.xml")
def frab_xml(slug):
    return _export(slug, "application/xml", "schedule.xml", lambda s: exporters.to_frab_xml(
        s, _site()[0], slot_url=_talk_url(slug)))


@bp.route("/schedule.json")
def frab_json(slug):
    return _export(slug, "application/json", "schedule.json", lambda s: exporters.to_frab_json(
        s, _site()[0], slot_url=_talk_url(slug)))


@bp.route("/program.csv")
def csv(slug):
    return _export(slug, "text/csv", f"{slug}-program.csv", exporters.to_csv)


@bp.route("/accepted.bib")
def bibtex(slug):
    return _export(slug, "text/x-bibtex", f"{slug}.bib",
                   lambda s: exporters.to_bibtex(s, base_url=_site()[0]))


@bp.route("/speakers/<int:speaker_id>/photo")
def speaker_photo(slug, speaker_id):
    require(True)  # public: the event page shows these photos; presenters only once released
    event = get_event_or_404(slug)
    person = queries.get_speaker(event, speaker_id)
    require(person is not None and person.photo_key is not None, hide=True)
    if person.kind == "presenter":
        release = queries.latest_release(event) if event.program_public else None
        require(release is not None and speaker_id in live_snapshot(release).speakers_by_id,
                hide=True)
    suffix = "." + person.photo_key.rsplit(".", 1)[-1]
    response = send_file(storage.path_for(person.photo_key), mimetype=PHOTO_TYPES.get(suffix, "application/octet-stream"),
                         max_age=3600, conditional=True, etag=True)
    return response


@bp.route("/works/<int:submission_id>/files/<int:file_id>")
def work_file(slug, submission_id, file_id):
    """Only files the latest release published, of works still accepted and not withdrawn."""
    event = public_event(slug)  # public while the program is public
    snapshot = live_snapshot(latest_or_404(event))
    path = file_path(slug, submission_id, file_id)
    published = {u for s in snapshot.slots for t in s.talks if t.submission_id == submission_id
                 for u in (t.file_url, *(m.url for m in t.media))}
    work = queries.get_accepted(event, submission_id) if path in published else None
    require(work is not None and work.public, hide=True)
    stored = db.session.scalar(sa.select(SubmissionFile).where(
        SubmissionFile.id == file_id, SubmissionFile.submission_id == submission_id))
    if stored is None:
        abort(404)
    name = f"{slug}-{work.submission.number}{_suffix(stored.original_name)}"
    return send_file(storage.path_for(stored.storage_key), mimetype=stored.content_type,
                     as_attachment=True, download_name=name, max_age=3600, conditional=True)


def _suffix(name: str) -> str:
    tail = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return f".{tail}" if tail.isalnum() and len(tail) <= 5 else ""
