from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST

from lamtheo.accounts.forms import LoginForm
from lamtheo.accounts.sessions import touch


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        from django.contrib import messages
        from django.utils.translation import gettext as _

        messages.success(self.request, _("Đã đổi mật khẩu."))
        return super().form_valid(form)


@login_required
def profile(request):
    assignments = request.user.role_assignments.select_related("unit").order_by("role")
    return render(request, "accounts/profile.html", {"assignments": assignments})


@require_POST
@login_required
def keepalive(request):
    """Called by the idle warning: the session's expiry moves to a full SESSION_COOKIE_AGE from now."""
    touch(request.session)
    return HttpResponse(status=204)
