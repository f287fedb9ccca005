"""Staff URLs shared by every app, under /staff/."""

from django.urls import path

from . import views

app_name = "staff"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("<slug:body_slug>/history/<str:model_label>/<id:pk>/", views.history, name="history"),
]
