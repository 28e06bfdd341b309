"""Sample data per demo phase: cfp, review, decided, program (each builds on the one before).

Each domain that has demo data provides `reviewhub/<domain>/demo.py` with
`populate(event, phase)`, idempotent, called in the order below; a domain acts for the
phases at or after its own (submissions from cfp on, reviews from review on, ...).
"""

import importlib

PHASES = ("cfp", "review", "decided", "program")
# Integrity right after submissions: the near-duplicate it plants is a submission like the
# others, so it is assigned, reviewed and decided with them.
# The committee before decisions: its meta-reviews (organizers', in the workshop) go out with them.
DOMAINS = ("submissions", "integrity", "assignment", "reviewing", "committee", "decisions", "program")


def at_least(phase: str, minimum: str) -> bool:
    """True when `phase` is `minimum` or a later one."""
    return PHASES.index(phase) >= PHASES.index(minimum)


def populate(event, phase: str) -> None:
    if phase not in PHASES:
        raise ValueError(f"unknown phase {phase!r}; choose one of {', '.join(PHASES)}")
    for domain in DOMAINS:
        try:
            module = importlib.import_module(f"reviewhub.{domain}.demo")
        except ModuleNotFoundError as error:
            if error.name != f"reviewhub.{domain}.demo":
                raise
            continue
        module.populate(event, phase)
