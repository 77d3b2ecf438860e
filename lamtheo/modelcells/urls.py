from django.urls import path

from lamtheo.modelcells import views

app_name = "modelcells"
urlpatterns = [
    path("", views.index, name="index"),
    path("don-vi/<int:unit_pk>/moi/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/dang-ky/", views.register, name="register"),
    path("<int:pk>/danh-gia/", views.assess, name="assess"),
    path("chi-bo/<int:pk>/cong-nhan/", views.recognise, name="recognise"),
]
