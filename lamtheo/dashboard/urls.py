from django.urls import path

from lamtheo.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:unit_pk>/", views.unit_dashboard, name="unit"),
    path("<int:unit_pk>/excel/", views.export, name="export"),
]
