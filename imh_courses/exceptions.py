class DomainError(Exception):
    """A request the portal understood but refuses; views show its message to the user."""


class TransitionError(DomainError):
    """A state change that is not allowed from the current state."""
