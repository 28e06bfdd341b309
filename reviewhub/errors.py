"""Domain errors raised by services; views turn them into messages or 4xx answers."""


class DomainError(Exception):
    """A rule of the domain refused the change; the message is shown to the user."""

    status_code = 400


class InvalidTransition(DomainError):
    """A state change that the workflow does not allow from the current state."""

    status_code = 409


class DeadlinePassed(DomainError):
    status_code = 403


class StaleEdit(DomainError):
    """Someone else saved first (optimistic locking); carries what changed."""

    status_code = 409

    def __init__(self, message: str, changes: dict | None = None):
        super().__init__(message)
        self.changes = changes or {}


class NotAllowed(DomainError):
    status_code = 403
