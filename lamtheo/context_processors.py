from lamtheo.accounts.models import PEOPLE_EDITORS, Role
from lamtheo.accounts.scoping import get_scope


def navigation(request):
    """What the top bar offers this user: built from the same scope every page uses."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    scope = get_scope(user)
    return {
        "nav_admin": user.is_superuser or scope.has_any_role(Role.SYSTEM_ADMIN),
        "nav_import": scope.has_any_role(*PEOPLE_EDITORS),
        "nav_tree": bool(scope.staff_paths),
    }
