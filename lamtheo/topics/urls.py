from django.urls import path

from lamtheo.topics import views

app_name = "topics"
urlpatterns = [
    path("", views.index, name="index"),
    path("moi/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/sua/", views.edit, name="edit"),
    path("<int:pk>/tai-lieu/", views.upload, name="upload"),
    path("<int:pk>/tai-lieu/<int:attachment_pk>/", views.attachment, name="attachment"),
]
