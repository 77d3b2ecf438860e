"""Who may do what with a registration. The actions enforce these; the views ask them which buttons to show.

- The person writes, submits, reports progress and self-assesses their own registration. A cell secretary or
  committee staff may type in a registration written on paper for someone of their subtree (most members have no
  account).
- The chi bộ's secretary or deputy (a cell secretary account covering the chi bộ) reviews and rates the
  registrations of the chi bộ, except those of the chi bộ's own secretaries: the committee above (its staff or
  leaders) reviews theirs. Nobody reviews their own registration.
- Someone holding a position publishes their own registration to a unit they lead (or to their chi bộ).
"""

from django.db.models import Q
from django.utils.translation import gettext as _

from lamtheo.accounts.models import Role, RoleAssignment
from lamtheo.accounts.scoping import get_scope
from lamtheo.people.models import Position
from lamtheo.pledges.models import ancestor_paths

CELL_LEADER_KINDS = (Position.Kind.SECRETARY, Position.Kind.DEPUTY_SECRETARY)
CELL_REVIEWERS = (Role.CELL_SECRETARY,)
COMMITTEE_REVIEWERS = (Role.COMMITTEE_STAFF, Role.COMMITTEE_LEADER)
# Who may type in a registration for someone else, from the paper they signed.
ENTRY_ROLES = (Role.CELL_SECRETARY, Role.COMMITTEE_STAFF)
# Who follows a unit's registrations: the secretary's page, the figures, the reminders.
STAFF_ROLES = (Role.SYSTEM_ADMIN, Role.COMMITTEE_STAFF, Role.COMMITTEE_LEADER, Role.CELL_SECRETARY)
DEADLINE_SETTERS = STAFF_ROLES


class _At:
    """A place in the tree by its path, for Scope.roles_at (which only reads `path`)."""

    def __init__(self, path: str):
        self.path = path


def parent_path(unit) -> str:
    return unit.path[: -unit.steplen]


def cell_leader_ids(unit, person_ids=None) -> set[int]:
    """The people who lead the chi bộ `unit`: bí thư / phó bí thư by position, or with a cell secretary account
    covering it. One query."""
    positions = Position.objects.filter(unit=unit, kind__in=CELL_LEADER_KINDS, end_date__isnull=True)
    accounts = RoleAssignment.objects.filter(
        role=Role.CELL_SECRETARY,
        unit__path__in=ancestor_paths([unit.path], unit.steplen),
        user__person__isnull=False,
    )
    if person_ids is not None:
        positions = positions.filter(person__in=person_ids)
        accounts = accounts.filter(user__person__in=person_ids)
    rows = (
        positions.order_by().values_list("person_id").union(accounts.order_by().values_list("user__person"))
    )
    return {person_id for (person_id,) in rows}


def reviewed_by_committee(pledge, leaders: set[int] | None = None) -> bool:
    """Whether the committee (rather than the chi bộ's secretary) reviews `pledge`."""
    if pledge.unit.is_committee:
        return True
    if leaders is None:
        leaders = cell_leader_ids(pledge.unit, [pledge.person_id])
    return pledge.person_id in leaders


def committee_reviews_at(user, unit) -> bool:
    """Whether `user` reviews, for the committee above, the registrations of the leaders of `unit` (a chi bộ) —
    or of anyone attached to `unit` directly when it is a committee."""
    where = _At(unit.path if unit.is_committee else parent_path(unit))
    return bool(where.path) and bool(get_scope(user).roles_at(where) & set(COMMITTEE_REVIEWERS))


def cell_reviews_at(user, unit) -> bool:
    """Whether `user` reviews the registrations of the ordinary members of the chi bộ `unit`."""
    return get_scope(user).has_role(unit, *CELL_REVIEWERS)


def review_refusal(user, pledge, *, by_committee: bool | None = None) -> str | None:
    """Why `user` may not review `pledge`, in words; None when they may."""
    if user is None or not user.is_authenticated:
        return _("Anh/chị cần đăng nhập.")
    if user.person_id and user.person_id == pledge.person_id:
        return _("Không ai tự xem xét, nhận xét bản đăng ký của chính mình.")
    if by_committee is None:
        by_committee = reviewed_by_committee(pledge)
    if by_committee:
        if committee_reviews_at(user, pledge.unit):
            return None
        return _(
            "Bản đăng ký của bí thư, phó bí thư chi bộ do cấp ủy cấp trên xem xét, nhận xét; vai trò của "
            "anh/chị không làm được việc này."
        )
    if cell_reviews_at(user, pledge.unit):
        return None
    return _("Chỉ bí thư, phó bí thư %(unit)s mới xem xét, nhận xét bản đăng ký này.") % {"unit": pledge.unit}


def can_review(user, pledge, *, by_committee: bool | None = None) -> bool:
    return review_refusal(user, pledge, by_committee=by_committee) is None


def is_owner(user, pledge_or_person) -> bool:
    person_id = getattr(pledge_or_person, "person_id", None) or pledge_or_person.pk
    return bool(user.is_authenticated and user.person_id and user.person_id == person_id)


def can_enter_for(user, person) -> bool:
    """Whether `user` may write registrations (and deeds) for `person`: their own, or typed in by staff."""
    return is_owner(user, person) or get_scope(user).has_role(person.unit, *ENTRY_ROLES)


def entry_refusal(user, pledge) -> str | None:
    if is_owner(user, pledge) or get_scope(user).has_role(pledge.unit, *ENTRY_ROLES):
        return None
    return _("Chỉ người đăng ký (hoặc bí thư chi bộ nhập thay) mới sửa, nộp được bản đăng ký này.")


def can_enter(user, pledge) -> bool:
    return entry_refusal(user, pledge) is None


def publishing_units(person):
    """Where `person` may publish their registration: the units they hold a position in, and their own unit."""
    from lamtheo.units.models import Unit

    held = Position.objects.filter(person=person, end_date__isnull=True).values("unit")
    return Unit.objects.filter(Q(pk__in=held) | Q(pk=person.unit_id)).order_by("depth", "sort_key")


def holds_position(person) -> bool:
    return Position.objects.filter(person=person, end_date__isnull=True).exists()


def can_manage(user, unit) -> bool:
    """Whether `user` follows the registrations of `unit` (secretary's page, figures, reminders)."""
    return get_scope(user).has_role(unit, *STAFF_ROLES)
