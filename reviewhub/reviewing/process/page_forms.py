"""The review-process forms a submission's reviewing page carries (built per request)."""

from reviewhub.reviewing.process import forms
from reviewhub.reviewing.process.views_settings import round_reviewer_form


def page_forms(event, page, submission=None) -> dict:
    out = {"subreview": forms.SubReviewRequestForm(formdata=None), "rating": forms.RatingForm(formdata=None)}
    if page.manage and page.process.rounds:
        out["round_reviewer"] = round_reviewer_form(event)
    elif submission is not None and page.process is not None and len(page.process.rounds) > 1:
        # the submission's chair asks a reviewer in a later round (committee.round_reviewer)
        from flask_login import current_user

        from reviewhub.committee.views.chairs import round_reviewer_form as chair_form
        from reviewhub.permissions import can_ask_round_reviewer

        if can_ask_round_reviewer(current_user, submission):
            form = chair_form(event, submission)
            if form.round_id.choices:
                out["chair_round_reviewer"] = form
    return out
