from django.urls import path

from . import api

app_name = "obstacles-api"
urlpatterns = [
    path("", api.ObstacleList.as_view(), name="list"),
    path("reports", api.ReportCreate.as_view(), name="report"),
    path("challenge", api.ChallengeView.as_view(), name="challenge"),
    path("suggest", api.SuggestView.as_view(), name="suggest"),
    path("<str:reference>", api.ObstacleDetail.as_view(), name="detail"),
]
