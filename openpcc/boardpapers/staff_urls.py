"""Staff URLs for board papers, under /staff/<body>/papers/."""

from django.urls import path

from . import staff_views as views

app_name = "boardpapers_staff"

urlpatterns = [
    path("generate/", views.generate, name="generate"),
]
