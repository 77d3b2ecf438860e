from django.urls import path

from lamtheo.conduct import views

app_name = "conduct"
urlpatterns = [
    path("", views.index, name="index"),
    path("kiem-tra/", views.check, name="check"),
    path("don-vi/<int:unit_pk>/", views.unit_codes, name="unit"),
    path("don-vi/<int:unit_pk>/moi/", views.create, name="create"),
    path("don-vi/<int:unit_pk>/tong-hop/", views.coverage, name="coverage"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/sua/", views.edit, name="edit"),
    path("<int:pk>/thong-qua/", views.adopt, name="adopt"),
    path("<int:pk>/het-hieu-luc/", views.retire, name="retire"),
    path("<int:pk>/cuoc-hop-thong-qua/", views.adoption_meeting, name="adoption_meeting"),
    path("<int:pk>/bien-ban/", views.minutes, name="minutes"),
    path("<int:pk>/pano.docx", views.poster_docx, name="poster_docx"),
    path("<int:pk>/pano.pdf", views.poster_pdf, name="poster_pdf"),
]
