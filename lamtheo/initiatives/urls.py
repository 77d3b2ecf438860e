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
    path("to/<int:pk>/them-chi-tieu/", views.add_goal, name="add_goal"),
    path("to/<int:pk>/so-lieu/", views.record, name="record"),
]
