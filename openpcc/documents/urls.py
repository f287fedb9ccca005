"""Public document URLs, under /<body>/."""

from django.urls import path, re_path

from . import views

app_name = "documents"

urlpatterns = [
    path("documents/", views.document_list, name="list"),
    path("documents/<id:pk>/", views.document_detail, name="detail"),
    path("documents/<id:pk>/file/", views.document_file_redirect, name="file_redirect"),
    # the file, named as it is saved: a link says what it downloads, and crawlers skip by extension
    re_path(
        r"^documents/(?P<pk>[0-9]{1,18})/(?P<filename>[a-z0-9_-]{1,80}\.(?:pdf|docx|txt|bin))$",
        views.document_file,
        name="file",
    ),
]
