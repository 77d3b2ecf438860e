from django.conf import settings


def session_timeout(request):
    """Idle-session settings for the warning dialog in base.html."""
    return {
        "session_idle_seconds": settings.SESSION_IDLE_MINUTES * 60,
        "session_warning_seconds": settings.SESSION_WARNING_MINUTES * 60,
    }
