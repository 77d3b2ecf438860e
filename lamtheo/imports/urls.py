from django.urls import path

from lamtheo.imports import views

app_name = "imports"
urlpatterns: list = []
