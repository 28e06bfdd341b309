"""Public program pages: schedule, talk, speaker and accepted works (latest release only)."""

from flask import abort, make_response, render_template, request, url_for
from flask_login import current_user

from reviewhub.permissions import can_manage_program
from reviewhub.program import bp, public
from reviewhub.program.public import live_snapshot
from reviewhub.program.queries import latest_release
from reviewhub.program.views.common import cacheable, latest_or_404, not_modified, public_event
from reviewhub.questions.shown import digest_of, public_answers_map


def _render(release, etag, template: str, **context):
    # Organizers read the public pages with a reminder when works have left the release.
    manager = can_manage_program(current_user, context["event"])
    retracted = len(public.retracted_ids(release)) if manager else 0
    response = make_response(render_template(template, release=release, retracted=retracted, **context))
    return cacheable(response, etag, release)


@bp.route("/")
def schedule(slug):
    event = public_event(slug)  # public while the program is public; organizers always
    release = latest_release(event)
    if release is None:
        return render_template("program/schedule.html", event=event, release=None, table=None)
    etag, early = not_modified(release)
    if early:
        return early
    snapshot = live_snapshot(release)
    table = public.schedule_table(snapshot, lambda sid: url_for("program.talk", slug=slug, slot_id=sid))
    return _render(release, etag, "program/schedule.html", event=event, table=table,
                   snapshot=snapshot)


@bp.route("/talks/<int:slot_id>")
def talk(slug, slot_id):
    event = public_event(slug)  # public while the program is public
    release = latest_or_404(event)
    snapshot = live_snapshot(release)
    slot = next((s for s in snapshot.slots if s.id == slot_id), None) or abort(404)
    works = ([slot.talk] if slot.talk else []) + list(slot.posters or ())
    answers = public_answers_map(event, [w.submission_id for w in works])  # the public questions'
    etag, early = not_modified(release, slot_id, digest_of(answers))
    if early:
        return early
    return _render(release, etag, "program/talk.html", event=event, snapshot=snapshot, slot=slot,
                   people=public.people(snapshot, slot), public_answers=answers)


@bp.route("/speakers/<int:speaker_id>")
def speaker(slug, speaker_id):
    event = public_event(slug)  # public while the program is public
    release = latest_or_404(event)
    etag, early = not_modified(release, speaker_id)
    if early:
        return early
    snapshot = live_snapshot(release)
    person = snapshot.speakers_by_id.get(speaker_id) or abort(404)
    return _render(release, etag, "program/speaker.html", event=event, snapshot=snapshot,
                   person=person, slots=public.speaker_slots(snapshot, speaker_id))


@bp.route("/people")
def people(slug):
    """Keynotes, panelists and presenters of the released program (the same visibility as the
    schedule: while the program is public, or for organizers; before a release, none)."""
    event = public_event(slug)
    release = latest_release(event)
    if release is None:
        return render_template("program/people.html", event=event, release=None, groups=[])
    etag, early = not_modified(release)
    if early:
        return early
    snapshot = live_snapshot(release)  # without works that left the program since the release
    return _render(release, etag, "program/people.html", event=event, snapshot=snapshot,
                   groups=public.speaker_groups(snapshot))


@bp.route("/accepted")
def accepted(slug):
    event = public_event(slug)  # public while the program is public
    release = latest_or_404(event)
    topic = request.args.get("topic", "")[:300] or None
    snapshot = live_snapshot(release)
    works = public.accepted_works(snapshot, topic)
    answers = public_answers_map(event, [w.submission_id for w, _slot in works])  # the public questions'
    etag, early = not_modified(release, topic, digest_of(answers))
    if early:
        return early
    return _render(release, etag, "program/accepted.html", event=event, snapshot=snapshot,
                   topic=topic, topics=public.release_topics(snapshot), public_answers=answers,
                   papers=[w for w in works if w[0].submission_type == "paper"],
                   creative=[w for w in works if w[0].submission_type != "paper"])
