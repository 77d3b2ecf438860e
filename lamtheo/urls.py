from django.contrib import admin
from django.urls import include, path

from lamtheo import views
from lamtheo.api import api

admin.site.site_header = "lamtheo"

urlpatterns = [
    path("", views.home, name="home"),
    path("tai-khoan/", include("lamtheo.accounts.urls")),
    path("don-vi/", include("lamtheo.units.urls")),
    path("nguoi/", include("lamtheo.people.urls")),
    path("nhap-du-lieu/", include("lamtheo.imports.urls")),
    path("chuyen-de/", include("lamtheo.topics.urls")),
    path("van-ban/", include("lamtheo.documents.urls")),
    path("chuan-muc/", include("lamtheo.conduct.urls")),
    path("hoc-tap/", include("lamtheo.study.urls")),
    path("dang-ky/", include("lamtheo.pledges.urls")),
    path("sinh-hoat/", include("lamtheo.meetings.urls")),
    path("mo-hinh/", include("lamtheo.initiatives.urls")),
    path("dien-hinh/", include("lamtheo.exemplars.urls")),
    path("thi-dua/", include("lamtheo.emulation.urls")),
    path("chi-bo-mau/", include("lamtheo.modelcells.urls")),
    path("thong-bao/", include("lamtheo.notifications.urls")),
    path("tong-quan/", include("lamtheo.dashboard.urls")),
    path("bao-cao/", include("lamtheo.reports.urls")),
    path("health/", include("lamtheo.server.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("quan-tri/", admin.site.urls),
]
