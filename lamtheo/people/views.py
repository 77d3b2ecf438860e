from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lamtheo.accounts.rules import allows, require
from lamtheo.accounts.scoping import get_visible_or_404
from lamtheo.audit.history import history_for
from lamtheo.lib.web import attempt
from lamtheo.people import actions
from lamtheo.people.forms import PersonForm, TransferForm
from lamtheo.people.models import Person
from lamtheo.units.models import Unit
from lamtheo.units.views import breadcrumbs_for, get_unit_for_user


def get_person_for_user(request, pk) -> Person:
    return get_visible_or_404(request.user, Person.objects.select_related("unit"), pk=pk)


@login_required
def detail(request, pk):
    person = get_person_for_user(request, pk)
    context = {
        "person": person,
        "breadcrumbs": breadcrumbs_for(request, person.unit),
        "positions": person.positions.select_related("unit").order_by("end_date", "-start_date"),
        "memberships": person.memberships.select_related("unit"),
        "history": history_for(person),
        "can_edit": allows(request.user, "people.edit", person.unit),
    }
    return render(request, "people/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    person = get_person_for_user(request, pk)
    require(request.user, "people.edit", person.unit)
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        with attempt(request, form, done=_("Đã lưu hồ sơ.")) as outcome:
            actions.update_person(
                form.instance, actor=request.user, expected_version=form.cleaned_data["version"]
            )
        if outcome:
            return redirect(person)
    context = {"person": person, "form": form, "breadcrumbs": breadcrumbs_for(request, person.unit)}
    return render(request, "people/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def create(request, unit_pk):
    unit = get_unit_for_user(request, unit_pk)
    require(request.user, "people.edit", unit)
    form = PersonForm(request.POST or None, instance=Person(unit=unit))
    if request.method == "POST" and form.is_valid():
        with attempt(request, form) as outcome:
            person = actions.create_person(form.instance, actor=request.user)
        if outcome:
            messages.success(request, _("Đã thêm %(name)s vào %(unit)s.") % {"name": person, "unit": unit})
            return redirect(person)
    context = {"unit": unit, "form": form, "breadcrumbs": breadcrumbs_for(request, unit)}
    return render(request, "people/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def transfer(request, pk):
    """Two steps: the form, then a confirmation that says which roles and positions end and what follows the
    person; only the confirmed form (`confirm=1`) transfers. `edit` goes back to the form with what was typed."""
    person = get_person_for_user(request, pk)
    require(request.user, "people.edit", person.unit)
    units = Unit.objects.visible_to(request.user).active().sorted()
    form = TransferForm(request.POST or None, person=person, units=units)
    context = {"person": person, "form": form, "breadcrumbs": breadcrumbs_for(request, person.unit)}
    if form.is_valid() and "edit" not in request.POST:
        to_unit, date, note = (form.cleaned_data[name] for name in ("to_unit", "date", "note"))
        with attempt(request, form) as outcome:
            if request.POST.get("confirm") != "1":
                actions.check_transfer(person, to_unit, date)
                context["departure"] = actions.plan_transfer(person, to_unit)
                return render(request, "people/transfer_confirm.html", context)
            departure = actions.transfer_person(person, to_unit, actor=request.user, date=date, note=note)
        if outcome:
            messages.success(request, _("Đã chuyển sinh hoạt đến %(unit)s.") % {"unit": to_unit})
            for sentence in departure.role_sentences(done=True):
                messages.warning(request, sentence)
            return redirect(person)
    return render(request, "people/transfer.html", context)
