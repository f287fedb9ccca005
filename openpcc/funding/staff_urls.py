"""Staff funding pages, under /staff/<body>/funding/."""

from django.urls import path

from . import staff_views as views

app_name = "funding_staff"

urlpatterns = [
    path("", views.index, name="index"),
    path("funds/new/", views.fund_edit, name="fund_create"),
    path("funds/<id:pk>/", views.fund_edit, name="fund_edit"),
    path("recipients/new/", views.recipient_create, name="recipient_create"),
    path("recipients/<id:pk>/", views.recipient_edit, name="recipient_edit"),
    path("grants/new/", views.grant_edit, name="grant_create"),
    path("grants/<id:pk>/", views.grant_detail, name="grant"),
    path("grants/<id:pk>/edit/", views.grant_edit, name="grant_edit"),
    path("grants/<id:pk>/award/", views.grant_state, {"action": "award"}, name="grant_award"),
    path("grants/<id:pk>/publish/", views.grant_publish, name="grant_publish"),
    path("grants/<id:pk>/close/", views.grant_state, {"action": "close"}, name="grant_close"),
    path("grants/<id:pk>/vary/", views.grant_vary, name="grant_vary"),
    path("grants/<id:pk>/payment/", views.payment_create, name="payment_create"),
    path("services/new/", views.service_edit, name="service_create"),
    path("services/<id:pk>/", views.service_edit, name="service_edit"),
    path("services/<id:pk>/publish/", views.service_publish, name="service_publish"),
    path("grants/<id:pk>/returns/", views.returns, {"kind": "grant"}, name="grant_returns"),
    path("grants/<id:pk>/returns/settings/", views.monitoring_edit, {"kind": "grant"}, name="grant_monitoring"),
    path("grants/<id:pk>/returns/record/", views.return_record, {"kind": "grant"}, name="grant_return_record"),
    path("services/<id:pk>/returns/", views.returns, {"kind": "service"}, name="service_returns"),
    path("services/<id:pk>/returns/settings/", views.monitoring_edit, {"kind": "service"}, name="service_monitoring"),
    path("services/<id:pk>/returns/record/", views.return_record, {"kind": "service"}, name="service_return_record"),
    path("appendix/", views.appendix, name="appendix"),
    path("appendix.docx", views.appendix_docx, name="appendix_docx"),
    path("bids/new/", views.bid_edit, name="bid_create"),
    path("bids/<id:pk>/", views.bid_edit, name="bid_edit"),
    path("bids/<id:pk>/publish/", views.bid_publish, name="bid_publish"),
]
