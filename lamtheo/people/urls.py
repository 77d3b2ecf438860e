from django.urls import path

from lamtheo.people import views

app_name = "people"
urlpatterns: list = []
