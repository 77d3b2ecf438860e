import contextlib

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.db.models import Q

from lamtheo.accounts.models import User
from lamtheo.people.validators import clean_phone


class IdentifierBackend(ModelBackend):
    """Log in with username, email or phone number. Demo accounts only work while DEBUG is on."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        identifier = username.strip()
        q = Q(username__iexact=identifier)
        if "@" in identifier:
            q |= Q(email__iexact=identifier)
        else:
            with contextlib.suppress(ValidationError):  # not a phone number: username only
                q |= Q(phone=clean_phone(identifier))
        users = list(User.objects.filter(q)[:2])
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
