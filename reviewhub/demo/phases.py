"""Sample data per demo phase: cfp, review, decided, program (each builds on the one before).

The domains fill these in as they exist; the foundation only has the event and accounts.
"""

PHASES = ("cfp", "review", "decided", "program")


def populate(event, phase: str) -> None:
    if phase not in PHASES:
        raise ValueError(f"unknown phase {phase!r}; choose one of {', '.join(PHASES)}")
