"""How a reviewer is named to co-reviewers and authors: the one format of a pseudonym."""


def pseudonym(reviewer_number: int) -> str:
    """"Reviewer 2" from the assignment's stored ordinal (assignment.numbering), which never
    changes: a pseudonym quoted in a discussion or a decision mail keeps meaning the same person."""
    return f"Reviewer {reviewer_number}"
