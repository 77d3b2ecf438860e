"""The one scoping mechanism: which units, people and records a user may see.

A user sees the subtree of every unit a staff role of theirs covers (system admin, committee staff, committee
leader, cell secretary). A member role shows the member's own unit page and their own records only.
Everything that lists or fetches unit-owned data goes through `ScopedQuerySet.visible_to` or `get_visible_or_404`.
"""

from functools import cached_property

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

PATH_MAX = 255
_PATH_TOP = "Z"  # the last character of the tree library's path alphabet (0-9A-Z)


def subtree_q(path: str, field: str = "path") -> Q:
    """Nodes whose path starts with `path`, as a range, so one index serves it on SQLite and PostgreSQL."""
    return Q(**{f"{field}__gte": path, f"{field}__lte": path + _PATH_TOP * (PATH_MAX - len(path))})


class Scope:
    """What one user's role assignments cover. Built once per user object and cached on it."""

    def __init__(self, user):
        self.user = user
        if user is None or not user.is_authenticated or not user.is_active:
            self.assignments = []
        else:
            self.assignments = list(user.role_assignments.select_related("unit"))

    @cached_property
    def staff_paths(self) -> list[str]:
        """Paths of the units covered by staff roles, without those nested in another."""
        from lamtheo.accounts.models import Role

        return self.paths_with(*(role for role in Role.values if role != Role.MEMBER))

    def paths_with(self, *roles: str) -> list[str]:
        """Paths of the units where one of `roles` is assigned, without those nested in another."""
        paths = sorted({a.unit.path for a in self.assignments if a.role in roles})
        tops: list[str] = []
        for path in paths:
            if not any(path.startswith(top) for top in tops):
                tops.append(path)
        return tops

    @cached_property
    def member_unit_ids(self) -> set[int]:
        from lamtheo.accounts.models import Role

        return {a.unit_id for a in self.assignments if a.role == Role.MEMBER}

    @property
    def person_id(self) -> int | None:
        return getattr(self.user, "person_id", None) if self.assignments else None

    def subtree_q(self, path_field: str, roles: tuple[str, ...] | None = None) -> Q:
        """Rows whose unit lies in the subtrees of the staff roles (or of `roles` only, when given)."""
        q = Q(pk__in=[])
        for path in self.staff_paths if roles is None else self.paths_with(*roles):
            q |= subtree_q(path, path_field)
        return q

    def roles_at(self, unit) -> set[str]:
        """The roles that apply at `unit`: those assigned at it or at any unit above it."""
        return {a.role for a in self.assignments if unit.path.startswith(a.unit.path)}

    def has_role(self, unit, *roles: str) -> bool:
        return bool(self.roles_at(unit) & set(roles))

    def has_any_role(self, *roles: str) -> bool:
        return any(a.role in roles for a in self.assignments)

    def covers(self, unit) -> bool:
        return any(unit.path.startswith(path) for path in self.staff_paths)


def get_scope(user) -> Scope:
    scope = getattr(user, "_lamtheo_scope", None)
    if scope is None:
        scope = Scope(user)
        if user is not None:
            user._lamtheo_scope = scope
    return scope


class ScopedQuerySet(models.QuerySet):
    """Base QuerySet of every model that belongs to a unit.

    `unit_path_field` leads to the owning unit's path; `person_field`, where set, names the person whose own
    record this is, so a member sees it; `attended_in`, where set, names the attendance model ("app.Model") and
    its field pointing to the record, so a person sees what they attended or were invited to (a meeting, a study
    session).
    """

    unit_path_field = "unit__path"
    person_field: str | None = None
    attended_in: tuple[str, str] | None = None

    def visible_to(self, user):
        scope = get_scope(user)
        q = scope.subtree_q(self.unit_path_field)
        if self.person_field and scope.person_id:
            q |= Q(**{self.person_field: scope.person_id})
        if self.attended_in and scope.person_id:
            label, field = self.attended_in
            attended = apps.get_model(label).objects.filter(person=scope.person_id).values(field)
            q |= Q(pk__in=attended)
        return self.filter(q)


def get_visible_or_404(user, model_or_queryset, **lookup):
    """The record if `user` may see it; 404 otherwise, whether it exists or not."""
    queryset = model_or_queryset
    if isinstance(model_or_queryset, type):
        queryset = model_or_queryset.objects.all()
    try:
        return get_object_or_404(queryset.visible_to(user), **lookup)
    except (ValueError, TypeError, ValidationError):  # a malformed id names no record
        raise Http404 from None
