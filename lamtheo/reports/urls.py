from django.urls import path

from lamtheo.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("soan/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/sua/", views.edit, name="edit"),
    path("<int:pk>/ban-hanh/", views.issue, name="issue"),
    path("<int:pk>/trich/", views.quote, name="quote"),
    path("<int:pk>/gui-len/", views.submit, name="submit"),
    path("<int:pk>/soan-ban-sua/", views.revise, name="revise"),
    path("<int:pk>/tai-ve.docx", views.download, {"fmt": "docx"}, name="docx"),
    path("<int:pk>/tai-ve.pdf", views.download, {"fmt": "pdf"}, name="pdf"),
    path("<int:pk>/tao-tep/<str:fmt>/", views.make_print, name="make_print"),
    path("<int:pk>/tep/", views.prints, name="prints"),
    path("don-vi/<int:unit_pk>/nhan/", views.received_list, name="received"),
    path("don-vi/<int:unit_pk>/han-nop/", views.deadline, name="deadline"),
    path("nhan/<int:pk>/chap-nhan/", views.accept, name="accept"),
    path("nhan/<int:pk>/tra-lai/", views.send_back, name="send_back"),
]
