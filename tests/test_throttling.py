"""Login throttling: after five wrong passwords for one user from one address, even the right one is refused."""

import pytest
from axes.models import AccessAttempt
from django.utils import timezone

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
PASSWORD = "Right-password-1956"


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def curator(django_user_model):
    return django_user_model.objects.create_user("curator", password=PASSWORD, is_staff=True)


def attempt(client, password, username="curator", address="203.0.113.7", **headers):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        **headers,
    )


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_the_right_password_is_refused_while_locked_out(client, curator):
    for _ in range(4):
        response = attempt(client, "wrong")
        assert response.status_code == 200 and not signed_in(client)
    response = attempt(client, "wrong")  # the fifth failure locks
    assert response.status_code == 429
    response = attempt(client, PASSWORD)
    assert response.status_code == 429
    assert not signed_in(client)
    html = response.content.decode()
    assert "Sign-in locked for a while" in html and "15 minutes" in html


def test_fewer_failures_then_the_right_password_signs_in(client, curator):
    for _ in range(4):
        attempt(client, "wrong")
    response = attempt(client, PASSWORD)
    assert response.status_code == 302 and signed_in(client)


def test_the_lock_holds_one_username_from_one_address(client, curator, django_user_model):
    django_user_model.objects.create_user("other", password=PASSWORD, is_staff=True)
    for _ in range(5):
        attempt(client, "wrong")
    assert attempt(client, PASSWORD, address="198.51.100.9").status_code == 302  # another address
    client.logout()
    assert attempt(client, PASSWORD, username="other").status_code == 302  # another user


def test_the_lock_ends_after_the_cool_off(client, curator, settings):
    for _ in range(5):
        attempt(client, "wrong")
    assert attempt(client, PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME * 2)
    assert attempt(client, PASSWORD).status_code == 302


def test_behind_a_proxy_the_client_address_comes_from_the_configured_header(client, curator, settings):
    settings.PLENUM_CLIENT_IP_HEADER = "X-Real-IP"
    for _ in range(5):
        attempt(client, "wrong", address="127.0.0.1", HTTP_X_REAL_IP="203.0.113.7")
    # Another client behind the same proxy is not locked out with the first.
    assert attempt(client, PASSWORD, address="127.0.0.1", HTTP_X_REAL_IP="198.51.100.9").status_code == 302
    client.logout()
    assert attempt(client, PASSWORD, address="127.0.0.1", HTTP_X_REAL_IP="203.0.113.7").status_code == 429
