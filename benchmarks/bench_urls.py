from django.http import HttpRequest, HttpResponse
from django.urls import path

from grensloos.urls import urlpatterns as grensloos_urlpatterns


def bare(request: HttpRequest) -> HttpResponse:
    """The least a Django view can do: the yardstick for the platform's pages."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), *grensloos_urlpatterns]
