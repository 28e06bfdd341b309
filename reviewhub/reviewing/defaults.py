"""The default review forms: a paper form and a creative-work form (plain data)."""

from __future__ import annotations

OVERALL_LEVELS = {
    "1": "strong reject", "2": "weak reject", "3": "borderline", "4": "weak accept", "5": "strong accept",
}
CONFIDENCE_LEVELS = {
    "1": "educated guess", "2": "somewhat unsure", "3": "fairly confident", "4": "confident",
    "5": "certain: I know this area very well",
}
QUALITY_LEVELS = {"1": "poor", "2": "fair", "3": "good", "4": "very good", "5": "excellent"}


def _score(key: str, label: str, levels: dict, description: str = "", visibility: str = "authors") -> dict:
    return dict(key=key, kind="score", label=label, description=description, required=True,
                visibility=visibility, min_score=1, max_score=5, level_labels=levels)


def _text(key: str, label: str, visibility: str, required: bool, description: str = "") -> dict:
    return dict(key=key, kind="text", label=label, description=description, required=required,
                visibility=visibility)


_COMMON_HEAD = [
    _score("overall", "Overall recommendation", OVERALL_LEVELS),
    _score("confidence", "Reviewer confidence", CONFIDENCE_LEVELS,
           "How well do you know this area?", visibility="reviewers"),
    _score("originality", "Originality", QUALITY_LEVELS),
]
_COMMON_TAIL = [
    _score("relevance", "Relevance to the workshop", QUALITY_LEVELS,
           "Does it speak to generative AI and creativity?"),
    _text("comments_to_authors", "Comments to the authors", "authors", True,
          "Strengths, weaknesses and suggestions; authors read this after the decision."),
    _text("confidential_comments", "Confidential comments to the organizers", "organizers", False,
          "Only the organizers read this."),
]

PAPER = [
    *_COMMON_HEAD,
    _score("technical_quality", "Technical quality", QUALITY_LEVELS),
    _score("clarity", "Clarity", QUALITY_LEVELS),
    *_COMMON_TAIL,
]

CREATIVE = [
    *_COMMON_HEAD,
    _score("execution", "Execution", QUALITY_LEVELS),
    _score("sparks_conversation", "Sparks conversation about our relationship with AI", QUALITY_LEVELS),
    *_COMMON_TAIL,
]


def questions_for(type_key: str) -> list[dict]:
    """The default questions of a submission type; unknown types get the paper form."""
    return [dict(q) for q in (CREATIVE if type_key == "creative" else PAPER)]
