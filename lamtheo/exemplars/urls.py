from django.urls import path

from lamtheo.exemplars import views

app_name = "exemplars"
urlpatterns = [
    path("", views.index, name="index"),
    path("don-vi/<int:unit_pk>/de-nghi/", views.nominate, name="nominate"),
    path("don-vi/<int:unit_pk>/viec-tot-tap-the/", views.collective_deed, name="collective_deed"),
    path("don-vi/<int:unit_pk>/viec-tot/", views.deed_choices, name="deed_choices"),
    path("don-vi/<int:unit_pk>/giao-luu/", views.exchange, name="exchange"),
    path("don-vi/<int:unit_pk>/so-nguoi-tot-viec-tot/", views.book, name="book"),
    path("don-vi/<int:unit_pk>/so-nguoi-tot-viec-tot.docx", views.book_docx, name="book_docx"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/sua/", views.correct, name="correct"),
    path("<int:pk>/xac-minh/", views.verify, name="verify"),
    path("<int:pk>/khen/", views.recognise, name="recognise"),
    path("<int:pk>/chuyen-len/", views.forward, name="forward"),
    path("<int:pk>/cong-khai/", views.consent, name="consent"),
    path("<int:pk>/quyet-dinh-khen.docx", views.decision_docx, name="decision_docx"),
]
