"""Staff document URLs, under /staff/<body>/documents/."""

from django.urls import path

from . import staff_views as views

app_name = "documents_staff"

urlpatterns = [
    path("upload/<str:kind>/<id:pk>/", views.upload, name="upload"),
    path("<id:pk>/", views.detail, name="detail"),
    path("<id:pk>/file/", views.file_download, name="file"),
    path("<id:pk>/extract/", views.reextract, name="reextract"),
]
