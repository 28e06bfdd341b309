"""The review-process forms a submission's reviewing page carries (built per request)."""

from reviewhub.reviewing.process import forms
from reviewhub.reviewing.process.views_settings import round_reviewer_form


def page_forms(event, page) -> dict:
    out = {"subreview": forms.SubReviewRequestForm(formdata=None), "rating": forms.RatingForm(formdata=None)}
    if page.manage and page.process.rounds:
        out["round_reviewer"] = round_reviewer_form(event)
    return out
