"""Public document URLs, under /<body>/."""

from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("documents/", views.document_list, name="list"),
    path("documents/<id:pk>/", views.document_detail, name="detail"),
    path("documents/<id:pk>/file/", views.document_file, name="file"),
]
