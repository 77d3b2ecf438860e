"""How a unit signs its documents (issuer profile) and its terms (nhiệm kỳ), which restart the numbering."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lamtheo.accounts.rules import require
from lamtheo.documents import actions
from lamtheo.documents.forms import (
    IssuerProfileForm,
    TermForm,
)
from lamtheo.units.views import breadcrumbs_for, get_unit_for_user


def _issuer_page(request, unit, profile_form, term_form, status=200):
    context = {
        "unit": unit,
        "profile_form": profile_form,
        "term_form": term_form,
        "terms": unit.terms.all(),
        "documents_url": f"{reverse('documents:index')}?unit={unit.pk}",
        "breadcrumbs": breadcrumbs_for(request, unit),
    }
    return render(request, "documents/issuer.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def issuer(request, unit_pk):
    """How the unit signs its documents (issuer code, bodies, place, signing form, types needing consultation)."""
    unit = get_unit_for_user(request, unit_pk)
    require(request.user, "documents.configure", unit)
    profile = actions.profile_for(unit)
    form = IssuerProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        actions.save_issuer_profile(form, actor=request.user)
        messages.success(request, _("Đã lưu thông tin ban hành văn bản của %(unit)s.") % {"unit": unit.name})
        return redirect("documents:issuer", unit_pk=unit.pk)
    return _issuer_page(request, unit, form, TermForm(unit=unit))


@login_required
@require_POST
def add_term(request, unit_pk):
    unit = get_unit_for_user(request, unit_pk)
    require(request.user, "documents.configure", unit)
    form = TermForm(request.POST, unit=unit)
    if form.is_valid():
        term = actions.add_term(form, actor=request.user)
        messages.success(
            request, _("Đã thêm %(term)s; số văn bản bắt đầu lại từ 01 trong nhiệm kỳ này.") % {"term": term}
        )
        return redirect("documents:issuer", unit_pk=unit.pk)
    profile_form = IssuerProfileForm(instance=actions.profile_for(unit))
    return _issuer_page(request, unit, profile_form, form)
