"""Staff URLs for board papers, under /staff/<body>/papers/."""

from django.urls import path

from . import staff_views as views
from . import style_views

app_name = "boardpapers_staff"

urlpatterns = [
    path("generate/", views.generate, name="generate"),
    path("generate/save/", views.save, name="save"),
    path("saved/", views.saved, name="saved"),
    path("saved/<id:pk>/", views.versions, name="versions"),
    # the body's paper style: its administrator's page, and its stylesheet for pages showing a paper
    path("style/", style_views.style, name="style"),
    path("style/paper.css", style_views.style_css, name="style_css"),
]
