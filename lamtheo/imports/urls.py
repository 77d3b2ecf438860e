from django.urls import path

from lamtheo.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("mau/<slug:kind>.xlsx", views.template, name="template"),
    path("<int:pk>/", views.job, name="job"),
    path("<int:pk>/trang-thai/", views.job_status, name="job_status"),
    path("<int:pk>/loi.xlsx", views.job_errors, name="job_errors"),
    path("<int:pk>/nhap-lai/", views.retry, name="retry"),
]
