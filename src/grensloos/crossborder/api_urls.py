from django.urls import path

from . import api

app_name = "crossborder-api"
urlpatterns = [
    path("assess", api.AssessView.as_view(), name="assess"),
    path("ledger", api.LedgerView.as_view(), name="ledger"),
    path("batch", api.BatchView.as_view(), name="batch"),
    path("rules", api.RulesView.as_view(), name="rules"),
    path("simulate", api.SimulateView.as_view(), name="simulate"),
]
