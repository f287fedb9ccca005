"""Staff URLs for spending over £500, under /staff/<body>/spending/."""

from django.urls import path

from . import staff_views as views

app_name = "spending_staff"

urlpatterns = [
    path("", views.index, name="index"),
    path("upload/", views.upload, name="upload"),
    path("upload/<str:token>/", views.mapping, name="mapping"),
    path("<id:pk>/", views.file_detail, name="file"),
    path("<id:pk>/publish/", views.file_state, {"action": "publish"}, name="publish"),
    path("<id:pk>/unpublish/", views.file_state, {"action": "unpublish"}, name="unpublish"),
    path("<id:pk>/remove/", views.file_remove, name="remove"),
]
