import contextlib

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.db.models import Q

from lamtheo.accounts.models import User
from lamtheo.people.validators import clean_phone


def users_matching(identifier: str):
    """The accounts whose username, email or phone is `identifier` (any case, phone in any usual form)."""
    identifier = identifier.strip()
    q = Q(username__iexact=identifier)
    if "@" in identifier:
        q |= Q(email__iexact=identifier)
    else:
        with contextlib.suppress(ValidationError):  # not a phone number: username only
            q |= Q(phone=clean_phone(identifier))
    return User.objects.filter(q)


def lockout_username(request, credentials=None) -> str:
    """What django-axes counts failures against (AXES_USERNAME_CALLABLE): the account, not the spelling.

    Without it, `0912345678`, `+84 912 345 678`, `ADMIN` and `admin` would each get their own quota of tries.
    """
    data = credentials if credentials is not None else getattr(request, "POST", {})
    identifier = (data.get(settings.AXES_USERNAME_FORM_FIELD) or "").strip()
    users = list(users_matching(identifier).values_list("username", flat=True)[:2]) if identifier else []
    return users[0] if len(users) == 1 else identifier.lower()


class IdentifierBackend(ModelBackend):
    """Log in with username, email or phone number. Demo accounts only work while DEBUG is on."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        users = list(users_matching(username)[:2])
        if len(users) != 1:
            User().set_password(password)  # same work as a real check, so timing tells nothing
            return None
        user = users[0]
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def user_can_authenticate(self, user):
        if user.is_demo and not settings.DEBUG:
            return False
        return super().user_can_authenticate(user)
