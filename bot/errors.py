"""Domain errors. Each carries the text a user should read; fronts show it as-is."""


class BriefingError(Exception):
    """An error whose message is safe and meant for the user."""

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else self.__class__.__name__


class BadInput(BriefingError):
    """The user's input was rejected; the message says what is accepted."""


class BadDate(BadInput):
    """A date the user typed could not be understood."""


class UnknownCommand(BadInput):
    """No command by that name."""


class NotAllowed(BriefingError):
    """The user may not run this command (admin-only)."""


class SeedError(BriefingError):
    """A seed document could not be read; the message is the reason."""


class StoreError(BriefingError):
    """The store cannot be opened or written as asked; the message names the problem."""


class StoreUnavailable(StoreError):
    """The store cannot be reached for now (a server restart, a locked or missing file);
    the same request may succeed in a moment."""

    def __init__(
        self, message: str = "The store is temporarily unavailable; try again in a moment."
    ) -> None:
        super().__init__(message)
