from django.urls import path

from lamtheo.units import views

app_name = "units"
urlpatterns: list = []
