"""Marshmallow schemas: they parse the requests, serialise the responses and make the document."""

from marshmallow import Schema, fields, validate


class PageArgs(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


class EventOut(Schema):
    slug = fields.String(required=True)
    name = fields.String(required=True)
    short_name = fields.String()
    venue = fields.String()
    timezone = fields.String()
    double_blind = fields.Boolean()
    submission_deadline_at = fields.DateTime(allow_none=True)
    event_date = fields.Date(allow_none=True)


class PageMeta(Schema):
    total = fields.Integer(required=True)
    page = fields.Integer(required=True)
    limit = fields.Integer(required=True)


class EventPage(PageMeta):
    items = fields.List(fields.Nested(EventOut), required=True)
