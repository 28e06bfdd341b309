"""A person's publication list: imported from BibTeX, DBLP, ORCID, Semantic Scholar or
OpenReview exports, previewed, deduped; it fills the reviewer profile's past papers and tells
co-author conflicts (reviewhub.submissions.conflictcore)."""

from flask import Blueprint

bp = Blueprint("publications", __name__, url_prefix="/account/publications")
