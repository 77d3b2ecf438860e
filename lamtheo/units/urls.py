from django.urls import path

from lamtheo.units import views

app_name = "units"
urlpatterns = [
    path("", views.index, name="index"),
    path("tim-kiem/", views.search, name="search"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/cap-duoi/", views.children, name="children"),
    path("<int:pk>/danh-sach/", views.people, name="people"),
    path("<int:pk>/danh-sach.xlsx", views.people_export, name="people_export"),
    path("<int:pk>/doi-ten/", views.rename, name="rename"),
    path("<int:pk>/hop-nhat/", views.merge, name="merge"),
]
