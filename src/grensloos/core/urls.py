from django.urls import path

from . import views
from .cache import public_page

app_name = "core"

urlpatterns = [
    path("", public_page(views.HomeView.as_view()), name="home"),
    path("about/", public_page(views.AboutView.as_view()), name="about"),
    path("api/", public_page(views.ApiIntroView.as_view()), name="api"),
    path("staff/audit/", views.AuditListView.as_view(), name="audit"),
    path("staff/audit/<int:content_type_id>/<str:object_pk>/", views.object_history, name="object-history"),
]
