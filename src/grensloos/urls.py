from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView

# Everything a person reads lives under a language prefix (/nl/, /fr/, /de/, /en/). The API is
# language-neutral: translatable texts come back in all four languages at once.
urlpatterns = [
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Reference documentation generated from the schema (Redoc, served locally).
    path("api/docs/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/programme/", include("grensloos.programme.api_urls")),
    path("api/insights/", include("grensloos.insights.api_urls")),
    path("api/crossborder/", include("grensloos.crossborder.api_urls")),
    path("api/obstacles/", include("grensloos.obstacles.api_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]

urlpatterns += i18n_patterns(
    path("", include("grensloos.core.urls")),
    path("accounts/", include("grensloos.accounts.urls")),
    path("programme/", include("grensloos.programme.urls")),
    path("data/", include("grensloos.insights.urls")),
    path("crossborder/", include("grensloos.crossborder.urls")),
    path("obstacles/", include("grensloos.obstacles.urls")),
    # The admin signs in through the platform's own login, which asks for the second factor.
    path("admin/login/", RedirectView.as_view(pattern_name="accounts:login", query_string=True)),
    path("admin/", admin.site.urls),
)

admin.site.site_header = "grensloos"
admin.site.site_title = "grensloos"
