from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from lamtheo.accounts.scoping import get_scope
from lamtheo.units.models import Unit


@login_required
def home(request):
    """Start where the user works: their one unit, or the list of the units they cover."""
    scope = get_scope(request.user)
    if scope.person_id and not scope.staff_paths:
        return redirect("people:detail", scope.person_id)
    roots = list(Unit.objects.filter(path__in=scope.staff_paths).sorted())
    if len(roots) == 1:
        return redirect(roots[0])
    return render(request, "home.html", {"roots": roots})
