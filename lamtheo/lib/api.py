"""What every endpoint of the API shares: its documented error answers, bounded ids and a bounded paginator.

A fuzzer (schemathesis, .ci/api-fuzz) sends what the schema allows and what it does not: every answer must be
in the schema and none may be a 5xx. An id or an offset past what a database integer holds (2⁶³ − 1) used to
reach the database and fail there (500); they are refused by the schema's bounds (422) instead.
"""

from typing import Any

from ninja import Field, Path, Schema
from ninja.pagination import LimitOffsetPagination

MAX_ID = 2**63 - 1  # the largest BIGINT, on SQLite and PostgreSQL alike
MAX_LIMIT = 1000  # rows in one page of a list


class ErrorOut(Schema):
    detail: str


class ValidationErrorOut(Schema):
    detail: list[dict[str, Any]]


# The answers every endpoint may give besides its own: not logged in, not found (or outside the user's scope: the
# same answer), a parameter that does not fit the schema.
ERRORS = {401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}


def responses(ok) -> dict:
    return {200: ok, **ERRORS}


def id_path():
    """A record's id in the path: a positive database integer."""
    return Path(..., ge=1, le=MAX_ID)


class BoundedPagination(LimitOffsetPagination):
    """ninja's limit/offset pagination with both bounded (ninja leaves the offset unbounded)."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_ID)
