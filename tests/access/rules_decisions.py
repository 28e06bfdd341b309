"""Access rules of the decisions routes."""

from tests.access.rules import rule
from tests.access.world import LOGGED_IN, ORGANIZERS


def _outcome(world):
    from reviewhub.decisions.services import ensure_default_outcomes
    from reviewhub.extensions import db

    outcomes = ensure_default_outcomes(world.event)
    db.session.commit()
    return {"outcome_id": outcomes[0].id}


def _released_accept(world):
    """The world's submission accepted as a talk, released."""
    from reviewhub.decisions import services
    from reviewhub.extensions import db

    outcomes = services.ensure_default_outcomes(world.event)
    services.decide(world.submission, outcomes[0], by=world.users["organizer"])
    services.release(world.event, by=world.users["organizer"])
    db.session.commit()
    return {}


PRESENTERS = {"author", "coauthor"}
DECIDERS = {"organizer"}  # organizer_conflicted is conflicted with the world's submission

RULES = [
    rule("decisions.overview", "GET", "/{slug}/decisions/", ORGANIZERS),
    rule("decisions.bulk", "POST", "/{slug}/decisions/bulk", ORGANIZERS,
         note="an empty form answers 400 with messages"),
    rule("decisions.outcomes", "GET", "/{slug}/decisions/outcomes", ORGANIZERS),
    rule("decisions.outcomes", "POST", "/{slug}/decisions/outcomes", ORGANIZERS),
    rule("decisions.edit_outcome", "GET", "/{slug}/decisions/outcomes/{outcome_id}", ORGANIZERS, prepare=_outcome),
    rule("decisions.edit_outcome", "POST", "/{slug}/decisions/outcomes/{outcome_id}", ORGANIZERS, prepare=_outcome),
    rule("decisions.decide", "GET", "/{slug}/decisions/submissions/{sid}", DECIDERS, prepare=_outcome),
    rule("decisions.decide", "POST", "/{slug}/decisions/submissions/{sid}", DECIDERS, prepare=_outcome),
    rule("decisions.release", "GET", "/{slug}/decisions/release", ORGANIZERS),
    rule("decisions.release", "POST", "/{slug}/decisions/release", ORGANIZERS),
    rule("decisions.correction", "GET", "/{slug}/decisions/correction", ORGANIZERS),
    rule("decisions.correction", "POST", "/{slug}/decisions/correction", ORGANIZERS),
    rule("decisions.mine", "GET", "/{slug}/decisions/mine", LOGGED_IN,
         note="lists only the user's own released decisions"),
    rule("decisions.upload_final", "POST", "/{slug}/decisions/mine/{sid}/final", PRESENTERS,
         prepare=_released_accept),
    rule("decisions.confirm", "POST", "/{slug}/decisions/mine/{sid}/confirm", PRESENTERS,
         prepare=_released_accept),
    rule("decisions.confirmations", "GET", "/{slug}/decisions/confirmations", ORGANIZERS),
    rule("decisions.confirmations", "POST", "/{slug}/decisions/confirmations", ORGANIZERS),
]

RULES += [
    rule("decisions.terms", "GET", "/{slug}/decisions/terms", ORGANIZERS),
    rule("decisions.terms", "POST", "/{slug}/decisions/terms", ORGANIZERS, data={"licences": "cc-by-4.0"}),
    rule("decisions.choose_terms", "POST", "/{slug}/decisions/mine/{sid}/terms", set(),
         data={"licence": "cc-by-4.0", "agree": "y"}, note="the world's submission has no released accept"),
]
