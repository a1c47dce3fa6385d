from django.urls import path

from . import views

app_name = "insights"

urlpatterns = [
    path("", views.index, name="index"),
    path("lines/<int:number>/", views.line_dashboard, name="line"),
    path("domains/<slug:domain>/", views.domain_dashboard, name="domain"),
    path("indicators/<slug:code>/", views.indicator_detail, name="indicator"),
    path("indicators/<slug:code>.csv", views.indicator_csv, name="indicator-csv"),
    path("sources/", views.sources, name="sources"),
]
