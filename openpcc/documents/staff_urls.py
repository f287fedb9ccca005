"""Staff document URLs, under /staff/<body>/documents/."""

from django.urls import path

from . import views

app_name = "documents_staff"

urlpatterns = [
    path("upload/<str:kind>/<int:pk>/", views.staff_upload, name="upload"),
    path("<int:pk>/", views.staff_detail, name="detail"),
    path("<int:pk>/file/", views.staff_file, name="file"),
    path("<int:pk>/extract/", views.staff_reextract, name="reextract"),
]
