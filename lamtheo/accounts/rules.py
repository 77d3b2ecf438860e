"""Who may do what: the roles as named predicates, and the one way the code asks them.

Every app declares its rules in its own `rules.py`, in the same form: predicates built once from the roles below
(django-rules predicates, combined with `&`, `|` and `~`), registered under "<app>.<verb>" with `declare`, and
found at start-up by django-rules' autodiscovery. The actions enforce them with `require(actor, name, target)`
(PermissionDenied with a Vietnamese reason); the views and the API ask `allows(user, name, target)`, the same
names, to show a button or to answer 403 before showing a form, so a page and the API cannot differ from the
action. A role applies at the unit it is assigned to and at every unit below it (lamtheo.accounts.scoping).

The actor None is the system itself (a management command, the demo loader, a benchmark): the rules are about
people, and code that runs without one has been started by someone who may run it.
"""

from collections.abc import Callable

import rules
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from rules.rulesets import default_rules

from lamtheo.accounts.models import Role
from lamtheo.accounts.scoping import get_scope

# Every role but a plain member's: the roles that see a subtree.
STAFF_ROLES = tuple(role for role in Role.values if role != Role.MEMBER)
# The committee's own people: system admins, committee staff and leaders.
COMMITTEE_ROLES = (Role.SYSTEM_ADMIN, Role.COMMITTEE_STAFF, Role.COMMITTEE_LEADER)
# Who changes the people and units of a subtree (import, edit, transfer).
PEOPLE_EDITOR_ROLES = (Role.SYSTEM_ADMIN, Role.COMMITTEE_STAFF, Role.CELL_SECRETARY)
# Who answers for a unit: the secretary of a chi bộ, the leaders of a committee (invited to a giao ban, reminded
# of a task given to the unit). With the positions of lamtheo.people.leaders, "who leads a unit".
LEADER_ROLES = (Role.CELL_SECRETARY, Role.COMMITTEE_LEADER)


def role_at(*roles: str, name: str) -> rules.Predicate:
    """`user` holds one of `roles` at the unit, or at a unit above it (never at no unit: a new tree)."""

    def holds(user, unit) -> bool:
        return unit is not None and get_scope(user).has_role(unit, *roles)

    return rules.predicate(holds, name=name)


def role_anywhere(*roles: str, name: str) -> rules.Predicate:
    """`user` holds one of `roles` at some unit (a menu entry, a page that then asks for the unit)."""

    def holds(user) -> bool:
        return get_scope(user).has_any_role(*roles)

    return rules.predicate(holds, name=name)


staff_at = role_at(*STAFF_ROLES, name="staff_at")  # any staff role covering the unit: its figures and lists
committee_at = role_at(*COMMITTEE_ROLES, name="committee_at")
cell_secretary_at = role_at(Role.CELL_SECRETARY, name="cell_secretary_at")
system_admin_at = role_at(Role.SYSTEM_ADMIN, name="system_admin_at")
people_editor_at = role_at(*PEOPLE_EDITOR_ROLES, name="people_editor_at")
leader_at = role_at(*LEADER_ROLES, name="leader_at")


@rules.predicate
def is_cell(user, unit) -> bool:
    """The unit is a chi bộ or a tổ đảng (where a cell secretary acts as the committee does above)."""
    return unit.kind in unit.CELL_AND_GROUP_KINDS


# The common rule of "who runs a unit's work": the committee's people at it or above, or, in a chi bộ (and its
# tổ đảng), its cell secretary.
runs_unit = committee_at | (is_cell & cell_secretary_at)


@rules.predicate
def is_superuser(user) -> bool:
    return bool(user is not None and user.is_active and user.is_superuser)


# --- declaring and asking -------------------------------------------------------------------------------------

_REFUSALS: dict[str, str | Callable] = {}


def declare(name: str, predicate: rules.Predicate, refusal: str | Callable | None = None) -> None:
    """Register the rule `name` ("<app>.<verb>"). `refusal` says in words why it does not hold: a text, or a
    function of (user, target) for a rule with several reasons; by default a general sentence."""
    rules.add_rule(name, predicate)
    if refusal is not None:
        _REFUSALS[name] = refusal


def _rule(name: str) -> rules.Predicate:
    try:
        return default_rules[name]
    except KeyError:  # a misspelt name must not read as a refusal
        raise KeyError(f"No rule named {name!r}: declare it in the app's rules module.") from None


def allows(user, name: str, target=None) -> bool:
    """Whether `user` may do `name` to `target` (a unit or a record, as the rule says)."""
    return bool(_rule(name).test(user, target))


def refusal(user, name: str, target=None) -> str | None:
    """Why `user` may not do `name` to `target`, in words; None when they may."""
    if allows(user, name, target):
        return None
    if user is None or not user.is_authenticated:
        return _("Anh/chị cần đăng nhập.")
    reason = _REFUSALS.get(name)
    if callable(reason):
        return reason(user, target)
    return reason or _("Vai trò của anh/chị không làm được việc này.")


def units_allowing(user, name: str) -> list:
    """The units `user`'s roles are assigned at where the rule `name` holds for them, in tree order: where a page
    offers to start something (the units below are reached from each unit's own page)."""
    units = {a.unit for a in get_scope(user).assignments}
    return sorted((unit for unit in units if allows(user, name, unit)), key=lambda unit: unit.path)


def require(actor, name: str, target=None) -> None:
    """PermissionDenied (with the reason) unless `actor` may do `name` to `target`. The actions call this first,
    and a page before showing its form (403); None is the system (see the module's docstring)."""
    if actor is None:
        return
    reason = refusal(actor, name, target)
    if reason is not None:
        raise PermissionDenied(reason)


# --- the accounts' own rules ----------------------------------------------------------------------------------

declare("accounts.administer", is_superuser | role_anywhere(Role.SYSTEM_ADMIN, name="system_admin_anywhere"))
declare("accounts.see_tree", role_anywhere(*STAFF_ROLES, name="staff_anywhere"))
