"""The order an event's dates must keep (pure: no Flask, no database): the call opens before
abstracts are registered, which comes before the submission deadline; reviews end after it;
authors are notified after the reviews, send the camera-ready version after that; the event
day comes last. Used by the settings form to put each complaint by its field."""

from datetime import date, datetime

# (field, what people call it), in the order the dates must follow.
ORDER = (
    ("submission_open_at", "the opening of submissions"),
    ("abstract_deadline_at", "the abstract registration"),
    ("submission_deadline_at", "the submission deadline"),
    ("review_deadline_at", "the review deadline"),
    ("notification_at", "the notification"),
    ("camera_ready_at", "the camera-ready deadline"),
    ("event_date", "the event day"),
)
NAMES = dict(ORDER)
# Pairs that may fall on the same moment (an abstract deadline equal to the paper deadline).
MAY_BE_EQUAL = {("abstract_deadline_at", "submission_deadline_at"),
                ("review_deadline_at", "notification_at")}


def _day(value: datetime | date) -> date:
    return value.date() if isinstance(value, datetime) else value


def _shown(value: datetime | date) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if isinstance(value, datetime) else value.isoformat()


def date_order_problems(dates: dict[str, datetime | date | None]) -> dict[str, str]:
    """{field: message} for each date that comes before an earlier step's date. Each date is
    compared with the latest earlier date that is set (blank dates are skipped), so one
    misplaced date gives one message, by that date's field. The datetimes are all in the same
    (the event's) zone; the event day, a date, may fall on the camera-ready day."""
    problems: dict[str, str] = {}
    previous: tuple[str, datetime | date] | None = None
    for field, name in ORDER:
        value = dates.get(field)
        if value is None:
            continue
        if previous is not None:
            before_field, before = previous
            if isinstance(value, date) and not isinstance(value, datetime):
                wrong = value < _day(before)
            elif (before_field, field) in MAY_BE_EQUAL:
                wrong = value < before
            else:
                wrong = value <= before
            if wrong:
                problems[field] = f"{name.capitalize()} must come after {NAMES[before_field]} ({_shown(before)})."
                continue  # judge the next date against the last one in order
        previous = (field, value)
    return problems
