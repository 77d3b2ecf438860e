from functools import cache

from lamtheo.notifications.models import Notification


def unread(request):
    """`notifications_unread`: the count for the nav bell, queried only when a template shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    @cache
    def count() -> int:
        return Notification.objects.for_user(user).unread().count()

    return {"notifications_unread": count}
