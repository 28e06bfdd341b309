"""The chunk API: POST starts an upload, PATCH appends a chunk at its offset, GET says how
much the server holds (to resume). JSON answers; errors say what is wrong."""

from flask import abort, g, jsonify, request
from flask_login import current_user, login_required

from reviewhub.errors import DomainError
from reviewhub.events.queries import get_event_or_404
from reviewhub.extensions import db
from reviewhub.permissions import can_start_upload, can_use_upload, require
from reviewhub.submissions import queries
from reviewhub.uploads import bp, services
from reviewhub.web import before_body


def _state(upload, status: int = 200):
    return jsonify(id=upload.token, offset=upload.received, size=upload.size, complete=upload.complete,
                   chunk_size=services.chunk_bytes()), status


def _refused(error: DomainError):
    db.session.rollback()
    body = {"error": str(error)}
    if isinstance(error, services.WrongOffset):
        body["offset"] = error.offset
    return jsonify(body), error.status_code


def _own_upload(slug, token, *, lock=False):
    event = get_event_or_404(slug)
    upload = services.find(token, lock=lock)
    if upload is None or upload.event_id != event.id or not can_use_upload(current_user, upload):
        abort(404)  # another user's upload is not named to them
    return upload


@bp.route("", methods=["POST"])
@login_required
def start(slug):
    event = get_event_or_404(slug)
    data = request.get_json(silent=True) or {}
    kind = queries.get_type_by_key(event, str(data.get("type", "")))
    submission = None
    if data.get("submission_id"):
        try:
            submission = queries.get_submission_or_404(event, int(data["submission_id"]))
        except (TypeError, ValueError):
            abort(400, "submission_id must be a number")
        require(can_start_upload(current_user, event, submission), hide=True)
        kind = submission.type
    else:
        require(can_start_upload(current_user, event))
    if kind is None:
        return jsonify(error="Unknown submission type."), 400
    try:
        size = int(data.get("size"))
    except (TypeError, ValueError):
        return jsonify(error="size must be the file's size in bytes."), 400
    try:
        upload = services.start(event, kind, by=current_user, purpose=str(data.get("purpose", "")),
                                filename=str(data.get("filename", "")), size=size, submission=submission,
                                now=g.get("request_started_at"))
    except DomainError as error:
        return _refused(error)
    db.session.commit()
    return _state(upload, 201)


def _limit_chunk(slug, token):
    # Before the body is read: a chunk may not be larger than a chunk (nor than the request limit).
    request.max_content_length = services.chunk_bytes() + 1024


@bp.route("/<token>", methods=["PATCH"])
@before_body(_limit_chunk)
@login_required
def append(slug, token):
    upload = _own_upload(slug, token, lock=True)
    try:
        offset = int(request.headers.get("Upload-Offset", ""))
    except ValueError:
        return jsonify(error="The Upload-Offset header must say where the chunk starts."), 400
    try:
        services.append(upload, request.stream, offset=offset, length=request.content_length,
                        now=g.get("request_started_at"))
    except DomainError as error:
        # The chunk (at most chunk_bytes) is read to its end before the refusal, so the client
        # reads the answer instead of a connection the server closed under its upload.
        while request.stream.read(1 << 20):
            pass
        return _refused(error)
    db.session.commit()
    return _state(upload)


@bp.route("/<token>", methods=["GET"])
@login_required
def status(slug, token):
    return _state(_own_upload(slug, token))
