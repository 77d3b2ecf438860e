from django.urls import path

from lamtheo.people import views

app_name = "people"
urlpatterns = [
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/sua/", views.edit, name="edit"),
    path("<int:pk>/chuyen-sinh-hoat/", views.transfer, name="transfer"),
    path("them/<int:unit_pk>/", views.create, name="create"),
]
