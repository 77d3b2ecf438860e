from django.urls import path

from lamtheo.study import coverage_views, views

app_name = "study"
urlpatterns = [
    path("cua-toi/", views.mine, name="mine"),
    path("don-vi/<int:unit_pk>/", views.unit_sessions, name="unit_sessions"),
    path("don-vi/<int:unit_pk>/ghi-nhan/", views.create, name="create"),
    path("don-vi/<int:unit_pk>/danh-sach-diem-danh/", views.candidates, name="candidates"),
    path("don-vi/<int:unit_pk>/ket-qua/", coverage_views.coverage, name="coverage"),
    path("don-vi/<int:unit_pk>/ket-qua/xuat-excel/", coverage_views.coverage_export, name="coverage_export"),
    path(
        "don-vi/<int:unit_pk>/chua-hoc/xuat-excel/",
        coverage_views.not_studied_export,
        name="not_studied_export",
    ),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/sua/", views.edit, name="edit"),
    path("<int:pk>/diem-danh/", views.tick, name="tick"),
    path("<int:pk>/in-danh-sach/", views.print_list, name="print"),
    path("<int:pk>/tai-lieu/", views.upload, name="upload"),
    path("<int:pk>/tai-lieu/<int:material_pk>/", views.material, name="material"),
]
