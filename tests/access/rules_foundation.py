"""Access rules of the accounts and events routes."""

from tests.access.rules import rule
from tests.access.world import ANY, LOGGED_IN, ORGANIZERS


def _job(world):
    from reviewhub import jobs
    from reviewhub.extensions import db

    job = jobs.Job(function="x:y", title="t", event_id=world.event.id,
                   created_by_id=world.users["organizer"].id)
    db.session.add(job)
    db.session.commit()
    return {"job_id": job.id}


def _failed_job(world):
    """A failed job: re-running it (its function does not exist) fails again, harmlessly."""
    from reviewhub.extensions import db

    values = _job(world)
    from reviewhub import jobs

    db.session.get(jobs.Job, values["job_id"]).status = "failed"
    db.session.commit()
    return values


RULES = [
    rule("events.index", "GET", "/", ANY),
    rule("events.show", "GET", "/{slug}/", ANY),
    rule("events.new", "GET", "/events/new", {"organizer", "organizer_conflicted", "other_organizer"}),
    rule("events.new", "POST", "/events/new", {"organizer", "organizer_conflicted", "other_organizer"}),
    rule("events.edit", "GET", "/{slug}/manage/settings", ORGANIZERS),
    rule("events.edit", "POST", "/{slug}/manage/settings", ORGANIZERS),
    rule("events.organizers", "GET", "/{slug}/manage/organizers", ORGANIZERS),
    rule("events.organizers", "POST", "/{slug}/manage/organizers", ORGANIZERS),
    rule("events.remove_organizer", "POST", "/{slug}/manage/organizers/{organizer_id}/remove", ORGANIZERS),
    rule("events.job", "GET", "/{slug}/jobs/{job_id}", ORGANIZERS, prepare=_job),
    rule("events.rerun_job", "POST", "/{slug}/jobs/{job_id}/rerun", ORGANIZERS, prepare=_failed_job),
    rule("events.job_status", "GET", "/{slug}/jobs/{job_id}.json", ORGANIZERS, prepare=_job),
    rule("accounts.register", "GET", "/account/register", ANY),
    rule("accounts.register", "POST", "/account/register", ANY),
    rule("accounts.login", "GET", "/account/login", ANY),
    rule("accounts.login", "POST", "/account/login", ANY),
    rule("accounts.logout", "POST", "/account/logout", LOGGED_IN),
    rule("accounts.reset_request", "GET", "/account/reset", ANY),
    rule("accounts.reset_request", "POST", "/account/reset", ANY),
    rule("accounts.confirm", "GET", "/account/confirm/not-a-token", ANY,
         note="a bad token answers 400 to anyone; the token is the permission"),
    rule("accounts.reset", "GET", "/account/reset/not-a-token", ANY, note="as confirm"),
    rule("accounts.reset", "POST", "/account/reset/not-a-token", ANY, note="as confirm"),
    rule("accounts.resend_confirmation", "POST", "/account/confirm/resend", set(),
         note="everyone in the world is confirmed, so nobody may ask again"),
    rule("accounts.profile", "GET", "/account/profile", LOGGED_IN),
    rule("accounts.profile", "POST", "/account/profile", LOGGED_IN),
    rule("accounts.change_password", "POST", "/account/password", LOGGED_IN),
]

# Two-factor sign-in (issue 17): nobody in the world has it on, so managing it is nobody's.
RULES += [
    rule("accounts.two_factor", "GET", "/account/two-factor", LOGGED_IN),
    rule("accounts.two_factor_setup", "POST", "/account/two-factor/setup", LOGGED_IN),
    rule("accounts.two_factor_confirm", "POST", "/account/two-factor/confirm", LOGGED_IN,
         note="no setup started: the form answers 400"),
    rule("accounts.two_factor_recovery_codes", "POST", "/account/two-factor/recovery-codes", set()),
    rule("accounts.two_factor_disable", "POST", "/account/two-factor/disable", set()),
    rule("accounts.login_code", "GET", "/account/login/code", ANY,
         note="no password given in this browser: 400 to anyone"),
    rule("accounts.login_code", "POST", "/account/login/code", ANY, note="as GET"),
]
