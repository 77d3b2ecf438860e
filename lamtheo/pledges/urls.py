from django.urls import path

from lamtheo.pledges import unit_views, views

app_name = "pledges"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("lap/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/sua/", views.edit, name="edit"),
    path("<int:pk>/nop/", views.submit, name="submit"),
    path("<int:pk>/xem-xet/", views.review, name="review"),
    path("<int:pk>/tien-do/", views.progress, name="progress"),
    path("<int:pk>/viec-lam-theo/", views.deed, name="deed"),
    path("<int:pk>/tu-danh-gia/", views.self_assess, name="self_assess"),
    path("<int:pk>/xep-loai/", views.rate, name="rate"),
    path("<int:pk>/khoa/", views.lock, name="lock"),
    path("<int:pk>/cong-khai/", views.publish, name="publish"),
    path("<int:pk>/in/", views.print_pledge, name="print"),
    path("viec-lam-theo/<int:pk>/tep/", views.deed_file, name="deed_file"),
    path("don-vi/<int:unit_pk>/", unit_views.cell, name="cell"),
    path("don-vi/<int:unit_pk>/nhac-nop/", unit_views.remind, name="remind"),
    path("don-vi/<int:unit_pk>/chua-nop.xlsx", unit_views.missing_export, name="missing_export"),
    path("don-vi/<int:unit_pk>/so-dang-ky.docx", unit_views.book, name="book"),
    path("don-vi/<int:unit_pk>/cong-khai/", unit_views.published, name="published"),
    path("don-vi/<int:unit_pk>/so-lieu/", unit_views.figures, name="figures"),
    path("don-vi/<int:unit_pk>/so-lieu.xlsx", unit_views.figures_export, name="figures_export"),
    path("don-vi/<int:unit_pk>/han-nop/", unit_views.deadline, name="deadline"),
]
