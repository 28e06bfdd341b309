"""Access rules of the committee's second part: a chair asks a reviewer in a later round."""

from tests.access.rules import rule
from tests.access.world import CHAIRS

BASE = "/{slug}/committee"
RULES = [
    rule("committee.round_reviewer", "POST", BASE + "/submissions/{sid}/round-reviewer", CHAIRS,
         note="the submission's AC and the SAC above; the conflicted AC gets 404; "
              "an empty form redirects with a message"),
]
