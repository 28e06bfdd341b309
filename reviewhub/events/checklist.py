"""The setup checklist a new event's organizers follow (pure: computed from plain facts).

Each item says what to set up, whether it is done, and which page does it; the settings
page shows them so that after creating an event an organizer is led through the rest."""

from dataclasses import dataclass


@dataclass(frozen=True)
class SetupFacts:
    """What the checklist needs to know about an event (events.queries.setup_facts)."""

    submission_deadline_set: bool
    review_deadline_set: bool
    notification_set: bool
    event_day_set: bool
    submission_types: int
    review_forms: int
    topics: int
    reviewers: int  # reviewers with the role, plus invitations not declined or revoked
    mail_templates: int  # templates the organizers edited


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    label: str
    done: bool
    endpoint: str  # the page that does it
    anchor: str = ""
    hint: str = ""


def setup_checklist(facts: SetupFacts) -> list[ChecklistItem]:
    """The items in the order an organizer meets them."""
    dates = (facts.submission_deadline_set, facts.review_deadline_set, facts.notification_set, facts.event_day_set)
    return [
        ChecklistItem("dates", "Dates", all(dates), "events.edit", "submission_deadline_at",
                      "The submission and review deadlines, the notification and the event day."),
        ChecklistItem("submission_types", "Submission types", facts.submission_types > 0, "submissions.types",
                      hint="What authors may submit (a paper, a creative work, ...): the call lists them."),
        ChecklistItem("review_form", "Review form", facts.review_forms > 0, "reviewing.forms",
                      hint="The questions reviewers answer, and which of them authors read."),
        ChecklistItem("topics", "Topics", facts.topics > 0, "events.edit", "topic_lines",
                      hint="Authors choose them; they help match reviewers."),
        ChecklistItem("reviewers", "Reviewers", facts.reviewers > 0, "assignment.reviewers",
                      hint="Invite the programme committee."),
        ChecklistItem("mail_templates", "Mail templates", facts.mail_templates > 0, "mail.templates",
                      hint="Read the emails reviewhub sends and put them in your event's words."),
    ]


def remaining(items: list[ChecklistItem]) -> int:
    return sum(1 for item in items if not item.done)
