from django.urls import path

from . import views

app_name = "crossborder"
urlpatterns = [
    path("", views.check, name="check"),
    path("ledger/", views.ledger_page, name="ledger"),
    path("employers/", views.employers, name="employers"),
    path("employers/sample.csv", views.sample, name="sample"),
    path("rules/", views.rules_table, name="rules"),
    path("simulation/", views.simulation_page, name="simulation"),
]
