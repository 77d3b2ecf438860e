from django.urls import path

from lamtheo.server import views

app_name = "server"
urlpatterns = [
    path("", views.health, name="health"),
]
