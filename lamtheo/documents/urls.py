from django.urls import path

from lamtheo.documents import consultation_views, inbox_views, issuer_views, views

app_name = "documents"
urlpatterns = [
    path("", views.index, name="index"),
    path("den/", inbox_views.inbox, name="inbox"),
    path("den/<int:pk>/da-nhan/", inbox_views.acknowledge, name="acknowledge"),
    path("soan/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/sua/", views.edit, name="edit"),
    path("<int:pk>/phien-ban/", views.versions, name="versions"),
    path("<int:pk>/lay-y-kien/", consultation_views.consult, name="consult"),
    path("<int:pk>/lay-y-kien/tim-nguoi/", consultation_views.search_invitees, name="search_invitees"),
    path("<int:pk>/gop-y/", consultation_views.respond, name="respond"),
    path("<int:pk>/ket-thuc-lay-y-kien/", consultation_views.close_consultation, name="close_consultation"),
    path("<int:pk>/ban-hanh/", views.issue, name="issue"),
    path("<int:pk>/thu-hoi/", views.recall, name="recall"),
    path("<int:pk>/tai-ve.docx", views.docx, name="docx"),
    path("<int:pk>/tai-ve.pdf", views.pdf, name="pdf"),
    path("<int:pk>/dinh-kem/", views.attach, name="attach"),
    path("tep/<int:pk>/", views.attachment, name="attachment"),
    path("tep/<int:pk>/go/", views.attachment_delete, name="attachment_delete"),
    path("tim-can-cu/", views.search_related, name="search_related"),
    path("tim-don-vi/", views.search_units, name="search_units"),
    path("don-vi/<int:unit_pk>/thong-tin-ban-hanh/", issuer_views.issuer, name="issuer"),
    path("don-vi/<int:unit_pk>/nhiem-ky/", issuer_views.add_term, name="add_term"),
]
