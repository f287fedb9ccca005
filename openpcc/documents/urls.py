"""Public document URLs, under /<body>/."""

from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("documents/<int:pk>/", views.document_detail, name="detail"),
    path("documents/<int:pk>/file/", views.document_file, name="file"),
]
