"""Errors raised by services, with stable codes that pages and the API pass on unchanged."""

from __future__ import annotations


class ServiceError(Exception):
    """A refused write: a stable machine code, a human message and, when known, the field at fault."""

    status = 400

    def __init__(self, code: str, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field

    def as_dict(self) -> dict[str, object]:
        data: dict[str, object] = {"code": self.code, "message": self.message}
        if self.field:
            data["field"] = self.field
        return data


class ValidationFailed(ServiceError):
    """Input that breaks a rule; nothing was written."""

    status = 422


class NotAllowed(ServiceError):
    """The user's role or data scope does not allow this."""

    status = 403

    def __init__(self, message: str, *, code: str = "forbidden") -> None:
        super().__init__(code, message)


class NotFound(ServiceError):
    """The object does not exist, or is not visible to this user."""

    status = 404

    def __init__(self, message: str, *, code: str = "not_found") -> None:
        super().__init__(code, message)


class Conflict(ServiceError):
    """The object's state does not allow this step (e.g. approving a draft)."""

    status = 409
