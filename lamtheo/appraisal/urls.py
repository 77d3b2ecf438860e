from django.urls import path

from lamtheo.appraisal import views

app_name = "appraisal"
urlpatterns = [
    path("", views.index, name="index"),
    path("don-vi/<int:unit_pk>/mo/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/chi-bo/<int:unit_pk>/", views.cell, name="cell"),
    path("<int:pk>/quyet-dinh/", views.decision, name="decision"),
    path("<int:pk>/cong-khai/", views.publish, name="publish"),
    path("<int:pk>/tong-hop.docx", views.summary_docx, name="summary_docx"),
    path("phieu/<int:pk>/", views.person, name="person"),
    path("phieu/<int:pk>/tu-danh-gia/", views.self_assess, name="self_assess"),
    path("phieu/<int:pk>/dieu-chinh/", views.amend, name="amend"),
]
