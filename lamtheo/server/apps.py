from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServerConfig(AppConfig):
    """Running lamtheo on a server: the web server, the jobs' worker, the health check and the backups."""

    name = "lamtheo.server"
    verbose_name = _("Máy chủ")
