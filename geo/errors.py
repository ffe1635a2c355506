"""Domain errors: each carries its RFC 9457 `type`, `title` and HTTP status."""

from __future__ import annotations

from typing import Any, ClassVar


class DomainError(Exception):
    """Base of every error the API renders as problem+json."""

    type: ClassVar[str] = "about:blank"
    title: ClassVar[str] = "Error"
    status: ClassVar[int] = 400

    def __init__(self, detail: str, **extensions: Any) -> None:
        super().__init__(detail)
        self.detail = detail
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


class Unavailable(DomainError):
    """A dependency (the database) cannot serve the request now."""

    type = "/problems/unavailable"
    title = "Service unavailable"
    status = 503
