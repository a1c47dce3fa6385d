"""Sign-in: password, TOTP second factor, enrolment, and throttling of failed attempts."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from grensloos.accounts.models import Role

from ..factories import UserFactory

PASSWORD = "correct horse battery staple"


def _unthrottle(device: TOTPDevice) -> None:
    """Skip the device's back-off after a deliberate wrong code (it would make the test wait)."""
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()


def _code(device: TOTPDevice, offset: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


@pytest.fixture
def staff(db):  # noqa: ANN001, ANN201
    return UserFactory(username="ana", role=Role.ANALYST)


def test_password_login_without_second_factor(client, staff) -> None:  # noqa: ANN001
    response = client.post(reverse("accounts:login"), {"username": "ana", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)


def test_wrong_password_is_refused_with_a_message(client, staff) -> None:  # noqa: ANN001
    response = client.post("/en/accounts/login/", {"username": "ana", "password": "nope"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Please enter a correct username and password" in response.content.decode()


def test_enrol_then_login_requires_the_code(client, staff) -> None:  # noqa: ANN001
    client.force_login(staff)
    page = client.get(reverse("accounts:two-factor"))
    assert page.status_code == 200
    assert b"<svg" in page.content and b'role="img"' in page.content
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    # a wrong code does not confirm the device
    assert (
        client.post(
            reverse("accounts:two-factor"), {"token": "000000" if _code(device) != "000000" else "111111"}
        ).status_code
        == 400
    )
    device.refresh_from_db()
    assert not device.confirmed
    _unthrottle(device)
    assert client.post(reverse("accounts:two-factor"), {"token": _code(device)}).status_code == 302
    device.refresh_from_db()
    assert device.confirmed

    client.logout()
    response = client.post(
        reverse("accounts:login"), {"username": "ana", "password": PASSWORD, "next": "/en/programme/"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login-verify")
    assert "_auth_user_id" not in client.session  # not signed in before the second step
    bad = client.post(reverse("accounts:login-verify"), {"token": "12345x"})
    assert bad.status_code == 400 and "_auth_user_id" not in client.session
    _unthrottle(device)
    # the enrolment code cannot be replayed: the next time step's code (within the allowed drift) is used
    assert client.post(reverse("accounts:login-verify"), {"token": _code(device)}).status_code == 400
    _unthrottle(device)
    ok = client.post(reverse("accounts:login-verify"), {"token": _code(device, offset=1)})
    assert ok.status_code == 302 and ok["Location"] == "/en/programme/"
    assert client.session["_auth_user_id"] == str(staff.pk)


def test_wrong_codes_are_throttled_by_the_device(client, staff) -> None:  # noqa: ANN001
    device = TOTPDevice.objects.create(user=staff, confirmed=True, name="app")
    client.post(reverse("accounts:login"), {"username": "ana", "password": PASSWORD})
    wrong = "000000" if _code(device) != "000000" else "111111"
    client.post(reverse("accounts:login-verify"), {"token": wrong})
    # right after a failure the device refuses even the right code (exponential back-off)
    response = client.post(reverse("accounts:login-verify"), {"token": _code(device)})
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def test_second_step_expires(client, staff, monkeypatch) -> None:  # noqa: ANN001
    TOTPDevice.objects.create(user=staff, confirmed=True, name="app")
    client.post(reverse("accounts:login"), {"username": "ana", "password": PASSWORD})
    later = time.time() + 301
    monkeypatch.setattr(time, "time", lambda: later)
    response = client.get(reverse("accounts:login-verify"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")


def test_repeated_failed_logins_are_locked_out(client, staff, settings) -> None:  # noqa: ANN001
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post(reverse("accounts:login"), {"username": "ana", "password": "wrong"})
    response = client.post(reverse("accounts:login"), {"username": "ana", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "Too many failed sign-in attempts" in response.content.decode()
    # another account from the same address is not affected
    UserFactory(username="other", role=Role.ANALYST)
    assert client.post(reverse("accounts:login"), {"username": "other", "password": PASSWORD}).status_code == 302


def test_removing_the_second_factor_needs_a_code(client, staff) -> None:  # noqa: ANN001
    device = TOTPDevice.objects.create(user=staff, confirmed=True, name="app")
    client.force_login(staff)
    wrong = "000000" if _code(device) != "000000" else "111111"
    assert client.post(reverse("accounts:two-factor"), {"token": wrong}).status_code == 400
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    _unthrottle(device)
    assert client.post(reverse("accounts:two-factor"), {"token": _code(device)}).status_code == 302
    assert not TOTPDevice.objects.filter(user=staff).exists()


def test_open_redirect_is_refused(client, staff) -> None:  # noqa: ANN001
    response = client.post(
        reverse("accounts:login"), {"username": "ana", "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response.status_code == 302 and not response["Location"].startswith("https://evil")


def test_delegate_needs_a_member_state(db) -> None:  # noqa: ANN001
    from django.core.exceptions import ValidationError

    from grensloos.accounts.services import create_user

    with pytest.raises(ValidationError) as exc:
        create_user("d", Role.DELEGATE, country="")
    assert "country" in exc.value.message_dict
    user, password = create_user("d", Role.DELEGATE, country="LU")
    assert user.check_password(password) and len(password) >= 16
    assert not user.is_staff and not user.is_superuser


def test_role_decides_the_django_flags(db) -> None:  # noqa: ANN001
    admin = UserFactory(username="root", role=Role.ADMIN)
    assert admin.is_superuser and admin.is_staff
    admin.role = Role.ANALYST
    admin.save()
    assert not admin.is_superuser and admin.is_staff
