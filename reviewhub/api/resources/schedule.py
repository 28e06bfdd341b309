"""The released schedule as the public pages show it: the latest release only, without works
that have left the program since; while the program is public (organizers always)."""

from marshmallow import Schema, fields

from reviewhub.api import people_schemas as s
from reviewhub.api.base import api_v1, event_in_scope
from reviewhub.permissions import can_see_program, require
from reviewhub.program.public import live_snapshot
from reviewhub.program.queries import latest_release


class ScheduleEventOut(Schema):
    slug = fields.String(required=True)
    name = fields.String(required=True)
    short_name = fields.String()
    tagline = fields.String()
    description_md = fields.String()
    venue = fields.String()
    timezone = fields.String()
    contact_email = fields.String()
    url = fields.String()
    day = fields.Date()


class PresenterOut(Schema):
    name = fields.String(required=True)
    affiliation = fields.String()
    speaker_id = fields.Integer(allow_none=True)


class MediaOut(Schema):
    kind = fields.String(required=True)
    url = fields.String(required=True)
    alt = fields.String()


class TalkOut(Schema):
    submission_id = fields.Integer(required=True)
    number = fields.Integer(allow_none=True)
    title = fields.String(required=True)
    abstract_md = fields.String()
    authors = fields.String(metadata={"description": "as the public pages print them"})
    author_list = fields.List(fields.String())
    presenters = fields.List(fields.Nested(PresenterOut))
    submission_type = fields.String()
    file_url = fields.String(allow_none=True)
    media = fields.List(fields.Nested(MediaOut))
    board_number = fields.Integer(allow_none=True)
    topics = fields.List(fields.String())
    publication = fields.String()


class SlotOut(Schema):
    id = fields.Integer(required=True)
    start = fields.DateTime(required=True)
    end = fields.DateTime(required=True)
    kind = fields.String(required=True)
    title = fields.String(required=True)
    room = fields.String()
    speaker_ids = fields.List(fields.Integer())
    talk = fields.Nested(TalkOut, allow_none=True)
    posters = fields.List(fields.Nested(TalkOut))


class SpeakerOut(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    affiliation = fields.String()
    bio_md = fields.String()
    photo_url = fields.String(allow_none=True)
    link = fields.String(allow_none=True)
    kinds = fields.List(fields.String())
    position = fields.String()


class ScheduleOut(Schema):
    version = fields.Integer(required=True)
    released_at = fields.DateTime(required=True)
    comment = fields.String()
    note = fields.String()
    event = fields.Nested(ScheduleEventOut, required=True)
    slots = fields.List(fields.Nested(SlotOut), required=True)
    speakers = fields.List(fields.Nested(SpeakerOut), required=True)


@api_v1.route("/events/<slug>/schedule")
@api_v1.etag
@api_v1.response(200, ScheduleOut)
def schedule(slug):
    """The latest released schedule (404 before the first release or while it is not public)."""
    event = event_in_scope(slug)
    require(can_see_program(s.user(), event), hide=True)
    release = latest_release(event)
    require(release is not None, hide=True)
    return live_snapshot(release)
