"""Sign-in with an optional second factor (TOTP), enrolment of that factor, and the account page."""

from __future__ import annotations

import base64
import io
import time

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from .forms import TokenForm

PENDING_KEY = "grensloos_2fa_pending"
PENDING_SECONDS = 300
MAX_TOKEN_ATTEMPTS = 5


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(candidate, {request.get_host()}, request.is_secure()):
        return candidate
    return settings.LOGIN_REDIRECT_URL


def _confirmed_device(user) -> TOTPDevice | None:  # noqa: ANN001
    for device in devices_for_user(user, confirmed=True):
        return device
    return None


class LoginView(auth_views.LoginView):
    """First step: user name and password (throttled by django-axes).

    A user with a confirmed authenticator is not signed in yet: the session remembers who passed the first
    step for a few minutes and the second step asks for the code.
    """

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):  # noqa: ANN001, ANN201
        user = form.get_user()
        if _confirmed_device(user) is None:
            return super().form_valid(form)
        self.request.session[PENDING_KEY] = {
            "user": user.pk,
            "backend": user.backend,
            "next": self.get_redirect_url(),
            "since": time.time(),
            "attempts": 0,
        }
        return redirect("accounts:login-verify")


def login_verify(request: HttpRequest) -> HttpResponse:
    """Second step: the TOTP code. Each device also throttles repeated wrong codes itself."""
    pending = request.session.get(PENDING_KEY)
    if not pending or time.time() - pending["since"] > PENDING_SECONDS:
        request.session.pop(PENDING_KEY, None)
        messages.error(request, _("Your sign-in has expired. Please enter your password again."))
        return redirect("accounts:login")
    user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    device = _confirmed_device(user) if user else None
    if device is None:
        request.session.pop(PENDING_KEY, None)
        return redirect("accounts:login")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_is_allowed()[0] and device.verify_token(form.cleaned_data["token"]):
            request.session.pop(PENDING_KEY, None)
            login(request, user, backend=pending["backend"])
            otp_login(request, device)
            return redirect(_safe_next(request, pending.get("next")))
        pending["attempts"] += 1
        request.session[PENDING_KEY] = pending
        if pending["attempts"] >= MAX_TOKEN_ATTEMPTS:
            request.session.pop(PENDING_KEY, None)
            messages.error(request, _("Too many wrong codes. Please sign in again."))
            return redirect("accounts:login")
        form.add_error("token", _("This code is not valid. Check the time on your device and try again."))
    return render(request, "accounts/login_verify.html", {"form": form}, status=400 if form.errors else 200)


def locked_out(request: HttpRequest, credentials: dict | None = None, *args, **kwargs) -> HttpResponse:  # noqa: ANN002, ANN003
    """Shown by django-axes after too many failed sign-ins."""
    minutes = int(settings.AXES_COOLOFF_TIME * 60)
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    token = Token.objects.filter(user=user).first()
    return render(
        request,
        "accounts/profile.html",
        {
            "device": _confirmed_device(user),
            "can_enrol": user.has_perm("accounts.enrol_two_factor"),
            "token": token,
            "can_have_token": user.has_perm("accounts.enrol_two_factor"),
        },
    )


@login_required
@require_POST
def regenerate_token(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("accounts.enrol_two_factor"):
        raise PermissionDenied
    Token.objects.filter(user=request.user).delete()
    Token.objects.create(user=request.user)
    messages.success(request, _("A new API token was created. The old one no longer works."))
    return redirect("accounts:profile")


def _qr_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    svg = svg[svg.index("<svg") :]
    label = _("QR code with the key for your authenticator app")
    return svg.replace("<svg", f'<svg role="img" aria-label="{label}"', 1)


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app (TOTP) or remove it. Removal needs a valid code."""
    user = request.user
    if not user.has_perm("accounts.enrol_two_factor"):
        raise PermissionDenied
    device = _confirmed_device(user)
    form = TokenForm(request.POST or None)
    if device is not None:
        if request.method == "POST" and form.is_valid():
            if device.verify_is_allowed()[0] and device.verify_token(form.cleaned_data["token"]):
                TOTPDevice.objects.filter(user=user).delete()
                messages.success(request, _("Two-factor sign-in is switched off."))
                return redirect("accounts:profile")
            form.add_error("token", _("This code is not valid."))
        return render(
            request,
            "accounts/two_factor_enabled.html",
            {"form": form, "device": device},
            status=400 if form.errors else 200,
        )
    pending, _created = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": _("Authenticator app")}
    )
    if request.method == "POST" and form.is_valid():
        if pending.verify_token(form.cleaned_data["token"]):
            pending.confirmed = True
            pending.save()
            otp_login(request, pending)
            messages.success(request, _("Two-factor sign-in is on. From now on you sign in with a code."))
            return redirect("accounts:profile")
        form.add_error("token", _("This code is not valid. Check the time on your device and try again."))
    return render(
        request,
        "accounts/two_factor_enrol.html",
        {
            "form": form,
            "qr": mark_safe(_qr_svg(pending.config_url)),  # noqa: S308 - generated by qrcode, no user input
            "secret": base64.b32encode(pending.bin_key).decode(),
        },
        status=400 if form.errors else 200,
    )
