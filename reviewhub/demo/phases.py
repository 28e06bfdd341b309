"""Sample data per demo phase: cfp, review, decided, program (each builds on the one before).

Each domain that has demo data provides `reviewhub/<domain>/demo.py` with
`populate(event, phase)`, idempotent, called in the order below; a domain acts for the
phases at or after its own (submissions from cfp on, reviews from review on, ...).
"""

import importlib

PHASES = ("cfp", "review", "decided", "program")

# Each phase's dates, in days from today: the story is one workshop seen at four moments.
# cfp: the call is open (deadline in two weeks). review: the deadline passed a week ago and
# reviews are due in two weeks. decided: reviews are in, authors were notified three days ago
# and the camera-ready versions are due. program: camera-ready passed, the workshop is in two
# weeks. Every date keeps the order the settings form asks (events.dates).
PHASE_DAYS = {
    #           open  deadline review notify camera event
    "cfp":     (-30,  14,      35,    42,    50,    60),
    "review":  (-60,  -7,      14,    21,    30,    45),
    "decided": (-90,  -40,     -15,   -3,    14,    30),
    "program": (-120, -70,     -45,   -30,   -10,   14),
}
DATE_FIELDS = ("submission_open_at", "submission_deadline_at", "review_deadline_at", "notification_at",
               "camera_ready_at", "event_date")


def phase_days(phase: str) -> dict[str, int]:
    """{date field: days from today} for a phase (pure)."""
    if phase not in PHASES:
        raise ValueError(f"unknown phase {phase!r}; choose one of {', '.join(PHASES)}")
    return dict(zip(DATE_FIELDS, PHASE_DAYS[phase], strict=True))


def call_open(phase: str) -> bool:
    """Only in the cfp phase are new submissions taken."""
    return phase == "cfp"


# Integrity right after submissions: the near-duplicate it plants is a submission like the
# others, so it is assigned, reviewed and decided with them.
# The committee before decisions: its meta-reviews (organizers', in the workshop) go out with them.
DOMAINS = ("submissions", "questions", "integrity", "assignment", "reviewing", "committee", "decisions", "program")


def at_least(phase: str, minimum: str) -> bool:
    """True when `phase` is `minimum` or a later one."""
    return PHASES.index(phase) >= PHASES.index(minimum)


def populate(event, phase: str) -> None:
    """Every domain's sample data for the phase. The event's dates are the phase's already
    (demo.set_phase_dates), and the call is still open while the data is made (submissions are
    made at moments before their deadline); the caller closes it after, for later phases."""
    if phase not in PHASES:
        raise ValueError(f"unknown phase {phase!r}; choose one of {', '.join(PHASES)}")
    for domain in DOMAINS:
        try:
            module = importlib.import_module(f"reviewhub.{domain}.demo")
        except ModuleNotFoundError as error:
            if error.name != f"reviewhub.{domain}.demo":
                raise
            continue
        module.populate(event, phase)
