"""Staff document URLs, under /staff/<body>/documents/."""

from django.urls import path

from . import views

app_name = "documents_staff"

urlpatterns = [
    path("upload/<str:kind>/<id:pk>/", views.staff_upload, name="upload"),
    path("<id:pk>/", views.staff_detail, name="detail"),
    path("<id:pk>/file/", views.staff_file, name="file"),
    path("<id:pk>/extract/", views.staff_reextract, name="reextract"),
]
