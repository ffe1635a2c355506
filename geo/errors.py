"""Domain errors: each carries its RFC 9457 `type`, `title` and HTTP status."""

from __future__ import annotations

from typing import Any, ClassVar


class DomainError(Exception):
    """Base of every error the API renders as problem+json."""

    type: ClassVar[str] = "about:blank"
    title: ClassVar[str] = "Error"
    status: ClassVar[int] = 400

    def __init__(
        self, detail: str, *, headers: dict[str, str] | None = None, **extensions: Any
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.headers = headers or {}
        self.extensions = extensions


class NotFound(DomainError):
    """The resource does not exist, or the caller may not know it exists."""

    type = "/problems/not-found"
    title = "Not found"
    status = 404


class InvalidParameter(DomainError):
    """A query, path or header parameter is malformed or out of range."""

    type = "/problems/invalid-parameter"
    title = "Invalid parameter"
    status = 422

    def __init__(self, parameter: str, detail: str) -> None:
        super().__init__(
            f"{parameter}: {detail}", errors=[{"parameter": parameter, "detail": detail}]
        )
        self.parameter = parameter


class InvalidField(DomainError):
    """A field of a submitted document is invalid."""

    type = "/problems/invalid-body"
    title = "Invalid request body"
    status = 422

    def __init__(self, field: str, detail: str) -> None:
        pointer = "/" + field.replace(".", "/")
        super().__init__(f"{field}: {detail}", errors=[{"pointer": pointer, "detail": detail}])
        self.field = field


class TooLarge(DomainError):
    """A submitted file is larger than this instance accepts."""

    type = "/problems/too-large"
    title = "Content too large"
    status = 413


class Unavailable(DomainError):
    """A dependency (the database) cannot serve the request now."""

    type = "/problems/unavailable"
    title = "Service unavailable"
    status = 503


class Unauthorized(DomainError):
    """No valid credentials: log in, or refresh the access token."""

    type = "/problems/unauthorized"
    title = "Authentication required"
    status = 401

    def __init__(self, detail: str, **extensions: Any) -> None:
        super().__init__(detail, headers={"WWW-Authenticate": "Bearer"}, **extensions)


class Forbidden(DomainError):
    """The caller is known but their role may not do this."""

    type = "/problems/forbidden"
    title = "Forbidden"
    status = 403


class Conflict(DomainError):
    """The request conflicts with the current state (a name already taken, …)."""

    type = "/problems/conflict"
    title = "Conflict"
    status = 409


class TooManyFieldAlerts(Conflict):
    """A member already has as many unconfirmed field alerts in force as one may."""

    type = "/problems/too-many-field-alerts"
    title = "Too many unconfirmed field alerts"


class PreconditionFailed(DomainError):
    """`If-Match` names a version that is no longer the current one."""

    type = "/problems/stale-version"
    title = "Precondition failed"
    status = 412


class PreconditionRequired(DomainError):
    """A write without `If-Match`: it could overwrite someone else's change unseen."""

    type = "/problems/if-match-required"
    title = "Precondition required"
    status = 428


class TooManyAttempts(DomainError):
    """Too many failed logins for this account or from this client."""

    type = "/problems/too-many-attempts"
    title = "Too many attempts"
    status = 429

    def __init__(self, retry_after_s: int) -> None:
        super().__init__(
            f"too many failed logins; try again in {retry_after_s} seconds",
            headers={"Retry-After": str(retry_after_s)},
        )


class TooManySuggestions(DomainError):
    """Too many suggestions from one client within the hour."""

    type = "/problems/too-many-suggestions"
    title = "Too many suggestions"
    status = 429

    def __init__(self, retry_after_s: int) -> None:
        super().__init__(
            f"thank you: many suggestions came from here; send this one in {retry_after_s} seconds",
            headers={"Retry-After": str(retry_after_s)},
        )


class Unreachable(DomainError):
    """A position the chosen mode cannot reach along the loaded streets."""

    type = "/problems/unreachable"
    title = "Unreachable"
    status = 422


class InvalidQuery(InvalidParameter):
    """A query parameter of an OGC API operation is unknown or malformed: 400, as OGC API –
    Features requires (the rest of the API answers 422)."""

    status = 400


class InvalidPlan(DomainError):
    """Rounds the planner's validator refuses; `violations` lists why, as codes."""

    type = "/problems/invalid-plan"
    title = "The plan breaks a rule"
    status = 422
