"""Staff import URLs, under /staff/<body>/imports/."""

from django.urls import path

from . import staff_views as views

app_name = "imports_staff"

urlpatterns = [
    path("", views.index, name="index"),
    path("<id:pk>/", views.batch, name="batch"),
    path("files/<id:pk>/", views.file_review, name="file"),
    path("proposals/<id:pk>/", views.proposal, name="proposal"),
    path("proposals/<id:pk>/all/", views.meeting_all, name="meeting_all"),
]
