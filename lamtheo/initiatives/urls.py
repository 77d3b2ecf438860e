from django.urls import path

from lamtheo.initiatives import views

app_name = "initiatives"
urlpatterns = [
    path("", views.index, name="index"),
    path("don-vi/<int:unit_pk>/moi/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/sua/", views.edit, name="edit"),
    path("<int:pk>/them-to/", views.add_team, name="add_team"),
    path("<int:pk>/nhan-rong/", views.replicate, name="replicate"),
    path("<int:pk>/so-ket/", views.review_open, name="review_open"),
    path("so-ket/<int:pk>/", views.review, name="review"),
    path("so-ket/<int:pk>/viet-lai/", views.review_redraft, name="review_redraft"),
    path("so-ket/<int:pk>/bao-cao.docx", views.review_docx, name="review_docx"),
    path("to/<int:pk>/them-chi-tieu/", views.add_goal, name="add_goal"),
    path("to/<int:pk>/so-lieu/", views.record, name="record"),
]
