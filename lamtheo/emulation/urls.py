from django.urls import path

from lamtheo.emulation import views

app_name = "emulation"
urlpatterns = [
    path("", views.index, name="index"),
    path("don-vi/<int:unit_pk>/moi/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/cham-diem/<int:unit_pk>/", views.sheet, name="sheet"),
    path("<int:pk>/tong-ket/", views.conclude, name="conclude"),
]
