"""Access rules of the API's people resources (reviewers, invitations, bids, conflicts,
assignments and proposed runs, the released schedule, the mail log): sessions are refused
(401) everywhere under /api/v1; API_RULES give each role's answer through its tokens."""

from datetime import UTC

from tests.access.api_matrix import api_rule
from tests.access.rules import rule
from tests.access.world import AREA_CHAIRS, LOGGED_IN, NOBODY, ORGANIZERS

REVIEWERS = {"reviewer_assigned", "reviewer_unassigned", "reviewer_conflicted"}
BIDDERS = REVIEWERS | AREA_CHAIRS
BASE = "/api/v1/events/{slug}"


def _run(world, event=None):
    from reviewhub.assignment.models import AssignmentRun
    from reviewhub.extensions import db

    run = AssignmentRun(event_id=(event or world.event).id, status="preview", pairs=[], summary={})
    db.session.add(run)
    db.session.commit()
    return {"run_id": run.id}


def _other_run(world):
    """A run of the other event, asked for under the world's event: answers like a missing one."""
    return _run(world, world.other_event)


def _release(world, public=True):
    from datetime import date, datetime, timedelta

    from reviewhub.extensions import db
    from reviewhub.program import services as program

    world.event.event_date = date.today() + timedelta(days=30)
    day = datetime.combine(world.event.event_date, datetime.min.time(), tzinfo=UTC)
    program.save_slot(world.event, None, by=world.users["organizer"], kind="intro", title="Opening",
                      start_at=day + timedelta(hours=9), end_at=day + timedelta(hours=10))
    program.release_schedule(world.event, by=world.users["organizer"])
    world.event.program_public = public
    db.session.commit()
    return {}


def _public_schedule(world):
    return _release(world)


def _hidden_schedule(world):
    return _release(world, public=False)


def _bid(values):
    return {"bids": [{"submission": values["other_sid"], "value": "willing"}]}


def _conflict(values):
    return {"submission": values["other_sid"], "reason": "matrix"}


def _pairs(values):
    return {"pairs": [{"submission": values["other_sid"], "reviewer": values["unassigned_id"]}]}


def _unassigned(world):
    return {"unassigned_id": world.users["reviewer_unassigned"].id}


def _proposal(world):
    return _unassigned(world)


ENDPOINTS = [  # (endpoint, method, path, prepare) of every route, for the session rules
    ("api_v1.reviewers", "GET", BASE + "/reviewers", None),
    ("api_v1.invitations_list", "GET", BASE + "/invitations", None),
    ("api_v1.invite", "POST", BASE + "/invitations", None),
    ("api_v1.bids", "GET", BASE + "/bids", None),
    ("api_v1.set_bids", "POST", BASE + "/bids", None),
    ("api_v1.conflicts", "GET", BASE + "/conflicts", None),
    ("api_v1.declare_conflict", "POST", BASE + "/conflicts", None),
    ("api_v1.assignments", "GET", BASE + "/assignments", None),
    ("api_v1.propose_run", "POST", BASE + "/assignment-runs", None),
    ("api_v1.run", "GET", BASE + "/assignment-runs/{run_id}", _run),
    ("api_v1.apply_run", "POST", BASE + "/assignment-runs/{run_id}/apply", _run),
    ("api_v1.schedule", "GET", BASE + "/schedule", _public_schedule),
    ("api_v1.mail_log", "GET", BASE + "/mail", None),
]

RULES = [rule(endpoint, method, path, NOBODY, prepare=prepare, note="bearer tokens only: a session gets 401")
         for endpoint, method, path, prepare in ENDPOINTS]

API_RULES = [
    api_rule("api_v1.reviewers", "GET", BASE + "/reviewers", ORGANIZERS),
    api_rule("api_v1.invitations_list", "GET", BASE + "/invitations", ORGANIZERS),
    api_rule("api_v1.invite", "POST", BASE + "/invitations", ORGANIZERS, json={"email": "invitee@example.org"},
             note="the second organizer's invitation of the same address answers 422"),
    api_rule("api_v1.bids", "GET", BASE + "/bids", ORGANIZERS | BIDDERS,
             note="organizers all but on their conflicted submissions; bidders their own"),
    api_rule("api_v1.set_bids", "POST", BASE + "/bids", BIDDERS, json=_bid),
    api_rule("api_v1.conflicts", "GET", BASE + "/conflicts", ORGANIZERS | BIDDERS),
    api_rule("api_v1.declare_conflict", "POST", BASE + "/conflicts", BIDDERS, json=_conflict),
    api_rule("api_v1.assignments", "GET", BASE + "/assignments", ORGANIZERS | REVIEWERS,
             note="reviewers their own"),
    api_rule("api_v1.propose_run", "POST", BASE + "/assignment-runs", ORGANIZERS, json=_pairs, prepare=_proposal),
    api_rule("api_v1.run", "GET", BASE + "/assignment-runs/{run_id}", ORGANIZERS, prepare=_run),
    api_rule("api_v1.run", "GET", BASE + "/assignment-runs/{run_id}", NOBODY, prepare=_other_run,
             note="another event's run answers like a missing one"),
    api_rule("api_v1.apply_run", "POST", BASE + "/assignment-runs/{run_id}/apply", ORGANIZERS, prepare=_run,
             note="the second organizer finds it applied: 409"),
    api_rule("api_v1.apply_run", "POST", BASE + "/assignment-runs/{run_id}/apply", NOBODY, prepare=_other_run),
    api_rule("api_v1.schedule", "GET", BASE + "/schedule", LOGGED_IN, prepare=_public_schedule),
    api_rule("api_v1.schedule", "GET", BASE + "/schedule", ORGANIZERS, prepare=_hidden_schedule,
             note="released but not public: organizers only; 404 to others as before any release"),
    api_rule("api_v1.mail_log", "GET", BASE + "/mail", ORGANIZERS),
]
