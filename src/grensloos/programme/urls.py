from django.urls import path

from . import views

app_name = "programme"

urlpatterns = [
    path("", views.index, name="index"),
    path("search/", views.search, name="search"),
    path("<str:code>/", views.overview, name="overview"),
    path("<str:code>/lines/<int:number>/", views.line_detail, name="line"),
    path("<str:code>/projects/", views.project_list, name="projects"),
    path("<str:code>/projects/<slug:project>/", views.project_detail, name="project"),
    path("<str:code>/projects/<slug:project>/progress/new/", views.progress_new, name="progress-new"),
    path("<str:code>/projects/<slug:project>/comments/", views.comment_new, name="comment-new"),
    path("<str:code>/plans/<int:year>/", views.plan_detail, name="plan"),
    path("<str:code>/evaluation/", views.evaluation, name="evaluation"),
    path("<str:code>/evaluation/conclusions/", views.conclusions_edit, name="conclusions"),
    path("<str:code>/evaluation/report.<str:fmt>", views.evaluation_download, name="evaluation-download"),
]
