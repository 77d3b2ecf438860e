"""Who may do what with a registration (the form of every app's rules: lamtheo.accounts.rules). The actions
enforce these; the views ask them which buttons to show.

- The person writes, submits, reports progress and self-assesses their own registration. A cell secretary or
  committee staff may type in a registration written on paper for someone of their subtree (most members have no
  account).
- The chi bộ's secretary or deputy (a cell secretary account covering the chi bộ) reviews and rates the
  registrations of the chi bộ, except those of the chi bộ's own secretaries: the committee above (its staff or
  leaders) reviews theirs. Nobody reviews their own registration.
- Someone holding a position publishes their own registration to a unit they lead (or to their chi bộ).
"""

import rules
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lamtheo.accounts.models import Role
from lamtheo.accounts.rules import cell_secretary_at, declare, role_at, staff_at
from lamtheo.accounts.scoping import get_scope
from lamtheo.people.leaders import leaders_of
from lamtheo.people.models import Position

COMMITTEE_REVIEWERS = (Role.COMMITTEE_STAFF, Role.COMMITTEE_LEADER)
# Who may type in a registration for someone else, from the paper they signed.
ENTRY_ROLES = (Role.CELL_SECRETARY, Role.COMMITTEE_STAFF)


class _At:
    """A place in the tree by its path, for Scope.roles_at (which only reads `path`)."""

    def __init__(self, path: str):
        self.path = path


def parent_path(unit) -> str:
    return unit.path[: -unit.steplen]


def cell_leader_ids(unit, person_ids=None) -> set[int]:
    """The people who lead the chi bộ `unit` today (lamtheo.people.leaders), among `person_ids` if given."""
    leaders = leaders_of([unit.pk])[unit.pk]
    return leaders if person_ids is None else leaders & set(person_ids)


def reviewed_by_committee(pledge) -> bool:
    """Whether the committee (rather than the chi bộ's secretary) reviews `pledge`; asked once per object."""
    if not hasattr(pledge, "_by_committee"):
        pledge._by_committee = pledge.unit.is_committee or pledge.person_id in cell_leader_ids(
            pledge.unit, [pledge.person_id]
        )
    return pledge._by_committee


def committee_reviews_at(user, unit) -> bool:
    """Whether `user` reviews, for the committee above, the registrations of the leaders of `unit` (a chi bộ) —
    or of anyone attached to `unit` directly when it is a committee."""
    where = _At(unit.path if unit.is_committee else parent_path(unit))
    return bool(where.path) and bool(get_scope(user).roles_at(where) & set(COMMITTEE_REVIEWERS))


def cell_reviews_at(user, unit) -> bool:
    """Whether `user` reviews the registrations of the ordinary members of the chi bộ `unit`."""
    return cell_secretary_at.test(user, unit)


@rules.predicate
def is_owner(user, pledge_or_person) -> bool:
    """The registration (or the person) is the user's own."""
    person_id = getattr(pledge_or_person, "person_id", None) or pledge_or_person.pk
    return bool(user is not None and user.is_authenticated and user.person_id and user.person_id == person_id)


@rules.predicate
def by_committee(user, pledge) -> bool:
    return reviewed_by_committee(pledge)


@rules.predicate
def committee_reviewer(user, pledge) -> bool:
    return committee_reviews_at(user, pledge.unit)


@rules.predicate
def cell_reviewer(user, pledge) -> bool:
    return cell_reviews_at(user, pledge.unit)


@rules.predicate
def enters_at_unit(user, pledge_or_person) -> bool:
    """Staff who type in registrations written on paper, at the registration's (or person's) unit."""
    return get_scope(user).has_role(pledge_or_person.unit, *ENTRY_ROLES)


def _review_refusal(user, pledge) -> str:
    if user.person_id and user.person_id == pledge.person_id:
        return _("Không ai tự xem xét, nhận xét bản đăng ký của chính mình.")
    if reviewed_by_committee(pledge):
        return _(
            "Bản đăng ký của bí thư, phó bí thư chi bộ do cấp ủy cấp trên xem xét, nhận xét; vai trò của "
            "anh/chị không làm được việc này."
        )
    return _("Chỉ bí thư, phó bí thư %(unit)s mới xem xét, nhận xét bản đăng ký này.") % {"unit": pledge.unit}


may_enter = is_owner | enters_at_unit
may_review = ~is_owner & ((by_committee & committee_reviewer) | (~by_committee & cell_reviewer))

# Start a registration for a person (the target): their own, or typed in by staff.
declare("pledges.enter_for", may_enter, gettext_lazy("Anh/chị chỉ lập được bản đăng ký của chính mình."))
# Write, submit, self-assess a registration.
declare(
    "pledges.enter",
    may_enter,
    gettext_lazy("Chỉ người đăng ký (hoặc bí thư chi bộ nhập thay) mới sửa, nộp được bản đăng ký này."),
)
# Accept, return, rate and lock a registration.
declare("pledges.review", may_review, _review_refusal)
# Record progress and deeds during the year.
declare(
    "pledges.record",
    may_enter | may_review,
    gettext_lazy("Chỉ người đăng ký hoặc chi bộ của họ mới ghi được tiến độ, việc làm theo."),
)
# Publish one's own registration.
declare(
    "pledges.publish", is_owner, gettext_lazy("Chỉ người đăng ký mới công khai được bản đăng ký của mình.")
)
# Type in registrations for the people of a unit (the target).
declare("pledges.enter_at", role_at(*ENTRY_ROLES, name="pledge_entry_at"))
# Follow a unit's registrations: the secretary's page, the figures, the deadline, the reminders.
declare(
    "pledges.manage",
    staff_at,
    gettext_lazy("Vai trò của anh/chị không theo dõi được các bản đăng ký của đơn vị này."),
)


def publishing_units(person):
    """Where `person` may publish their registration: the units they hold a position in, and their own unit."""
    from lamtheo.units.models import Unit

    held = Position.objects.filter(person=person, end_date__isnull=True).values("unit")
    return Unit.objects.filter(Q(pk__in=held) | Q(pk=person.unit_id)).order_by("depth", "sort_key")


def holds_position(person) -> bool:
    return Position.objects.filter(person=person, end_date__isnull=True).exists()
