from django.urls import path

from lamtheo.accounts import views

app_name = "accounts"
urlpatterns: list = []
