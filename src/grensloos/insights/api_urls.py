from django.urls import path
from rest_framework.routers import DefaultRouter

from . import api

router = DefaultRouter()
router.register("indicators", api.IndicatorViewSet, basename="indicator")
router.register("datasets", api.DatasetViewSet, basename="dataset")

app_name = "insights-api"
urlpatterns = [
    path("series/", api.SeriesView.as_view(), name="series"),
    path("observations/", api.ObservationsView.as_view(), name="observations"),
    *router.urls,
]
