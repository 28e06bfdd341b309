"""stub"""
from dataclasses import dataclass
@dataclass(frozen=True)
class SubmissionDoc:
    id: int
    text: str
    topic_ids: tuple = ()
@dataclass(frozen=True)
class ReviewerDoc:
    id: int
    text: str
    topic_ids: tuple = ()
@dataclass(frozen=True)
class BidEntry:
    submission_id: int
    reviewer_id: int
    level: str
