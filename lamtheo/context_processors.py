from lamtheo.accounts.rules import allows
from lamtheo.accounts.scoping import get_scope


def navigation(request):
    """What the top bar offers this user: built from the same scope every page uses."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    scope = get_scope(user)
    return {
        "nav_admin": allows(user, "accounts.administer"),
        "nav_import": allows(user, "imports.start"),
        "nav_tree": bool(scope.staff_paths),
    }
