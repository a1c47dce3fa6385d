from django.urls import path

from . import report_views, views

app_name = "obstacles"

urlpatterns = [
    path("", views.register, name="register"),
    path("report/", views.report, name="report"),
    path("report/challenge/", views.challenge, name="challenge"),
    path("solutions/", views.solutions, name="solutions"),
    path("track/<str:token>/", views.track, name="track"),
    path("answer/<str:token>/", views.answer, name="answer"),
    path("staff/", views.queue, name="queue"),
    path("staff/case/<str:reference>/", views.case, name="case"),
    path("staff/case/<str:reference>/status/", views.change_status, name="status"),
    path("staff/case/<str:reference>/assign/", views.assign, name="assign"),
    path("staff/case/<str:reference>/classify/", views.classify, name="classify"),
    path("staff/case/<str:reference>/solution/", views.record_solution, name="solution"),
    path("staff/case/<str:reference>/ask/", views.ask, name="ask"),
    path("staff/case/<str:reference>/government-answer/", views.government_answer, name="government-answer"),
    path("staff/attachments/<int:pk>/", views.attachment, name="attachment"),
    path("staff/priorities/<int:year>/", views.priorities, name="priorities"),
    path("staff/messages/", views.templates_list, name="templates"),
    path("staff/messages/<str:status>/", views.template_edit, name="template"),
    path("staff/report/<int:year>/", report_views.annual_report, name="annual-report"),
    path("<str:reference>/", views.detail, name="detail"),
    path("<str:reference>/me-too/", views.support, name="support"),
]
