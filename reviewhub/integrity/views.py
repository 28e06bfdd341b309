"""Organizer pages of the integrity domain: flagged pairs, a pair side by side, AI-use report."""

import io

from flask import flash, redirect, render_template, send_file, url_for
from flask_login import current_user, login_required

from reviewhub import jobs, storage
from reviewhub.errors import DomainError
from reviewhub.events.queries import get_event_or_404
from reviewhub.extensions import db
from reviewhub.integrity import bp, forms, queries, report, services
from reviewhub.integrity.core import shared_passages
from reviewhub.integrity.texts import segments, text_digest
from reviewhub.permissions import can_see_integrity, can_see_similarity_flag, require
from reviewhub.submissions.models import SubmissionFile


@bp.route("/")
@login_required
def overview(slug):
    event = get_event_or_404(slug)
    require(can_see_integrity(current_user, event))
    flags = queries.list_flags(event, current_user)
    counts = {s: sum(1 for f in flags if f.status == s) for s in ("new", "fine", "investigate")}
    return render_template("integrity/overview.html", event=event, flags=flags, counts=counts,
                           form=forms.IntegrityRunForm(), last=queries.last_check(event),
                           job=queries.last_job(event),
                           figure=queries.figure)


@bp.route("/run", methods=["POST"])
@login_required
def run(slug):
    event = get_event_or_404(slug)
    require(can_see_integrity(current_user, event))
    if not forms.IntegrityRunForm().validate_on_submit():
        flash("The form expired; press the button again.", "error")
        return redirect(url_for("integrity.overview", slug=slug))
    job, created = services.start_check(event, by=current_user)
    db.session.commit()
    if created:
        jobs.start(job)
    return redirect(url_for("events.job", slug=slug, job_id=job.id))


def _load_flag(event, flag_id):
    flag = queries.get_flag(event, flag_id)
    require(flag is not None and can_see_similarity_flag(current_user, flag), hide=True)
    return flag


def _sides(flag):
    """Both texts cut for highlighting; passages recomputed when a text changed since the check."""
    text_a, text_b = queries.pair_texts(flag)
    stored, changed = flag.details.get("passages", []), False
    if flag.details.get("digests") != [text_digest(text_a), text_digest(text_b)]:
        stored = [[p.a_start, p.a_end, p.b_start, p.b_end] for p in shared_passages(text_a, text_b)]
        changed = True
    return (segments(text_a, [p[:2] for p in stored]), segments(text_b, [p[2:] for p in stored]),
            len(stored), changed)


@bp.route("/pairs/<int:flag_id>", methods=["GET", "POST"])
@login_required
def show(slug, flag_id):
    event = get_event_or_404(slug)
    require(can_see_integrity(current_user, event))
    flag = _load_flag(event, flag_id)
    form = forms.FlagMarkForm(data={"status": flag.status if flag.status in services.MARKS else None,
                                    "note": flag.note})
    if form.validate_on_submit():
        try:
            services.mark_flag(flag, status=form.status.data, note=form.note.data, by=current_user)
        except DomainError as error:
            form.status.errors.append(str(error))
        else:
            db.session.commit()
            flash("Your verdict is saved.", "success")
            return redirect(url_for("integrity.show", slug=slug, flag_id=flag.id))
    sides = _sides(flag) if flag.kind == "text" else None
    return render_template("integrity/show.html", event=event, flag=flag, form=form, sides=sides,
                           figure=queries.figure(flag))


@bp.route("/pairs/<int:flag_id>/images/<int:file_id>.png")
@login_required
def image(slug, flag_id, file_id):
    event = get_event_or_404(slug)
    require(can_see_integrity(current_user, event))
    flag = _load_flag(event, flag_id)
    listed = {f for pair in flag.details.get("files", []) for f in pair[:2]}
    row = db.session.get(SubmissionFile, file_id) if file_id in listed else None
    require(row is not None and row.kind == "image", hide=True)
    try:
        png = _thumbnail(storage.read_bytes(row.storage_key))
    except Exception:  # noqa: BLE001  missing or undecodable upload: nothing to show
        require(False, hide=True)
    return send_file(io.BytesIO(png), mimetype="image/png")


def _thumbnail(data: bytes) -> bytes:
    """Re-encoded pixels only: whatever else the upload carried is not served."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as picture:
        picture = picture.convert("RGB")
        picture.thumbnail((640, 640))
        out = io.BytesIO()
        picture.save(out, "PNG")
    return out.getvalue()


@bp.route("/ai-use")
@login_required
def ai_use(slug):
    event = get_event_or_404(slug)
    require(can_see_integrity(current_user, event))
    rows = queries.list_ai_use(event, current_user)
    by_type = report.tally((r.type_name, r.ai_use) for r in rows)
    by_outcome = report.tally(((r.outcome, r.ai_use) for r in rows), last="undecided")
    return render_template("integrity/ai_use.html", event=event, rows=rows, by_type=by_type,
                           by_outcome=by_outcome, charts=[report.stacked_bars(by_type),
                                                          report.stacked_bars(by_outcome)],
                           categories=report.CATEGORIES, labels=report.LABELS)
