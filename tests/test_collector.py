"""The serving process freezes what survives a collection once it has answered its first requests."""

import gc
import importlib

import pytest
from django.core.signals import request_finished

from archive import collector


@pytest.fixture
def calls(monkeypatch):
    """gc.collect and gc.freeze as the collector calls them, recorded rather than run (a test process's
    objects stay where they are); the receiver is disconnected afterwards."""
    made = []
    monkeypatch.setattr(gc, "collect", lambda *args: made.append("collect") or 0)
    monkeypatch.setattr(gc, "freeze", lambda: made.append("freeze"))
    yield made
    request_finished.disconnect(dispatch_uid="archive.collector")


def test_freezes_after_each_number_of_requests_answered(calls, db):
    collector.freeze_what_lasts(after=(2, 5))
    answered = []
    for n in range(1, 8):
        request_finished.send(sender=None)
        answered.append((n, calls.count("freeze")))
    assert answered == [(1, 0), (2, 1), (3, 1), (4, 1), (5, 2), (6, 2), (7, 2)]
    assert calls == ["collect", "freeze", "collect", "freeze"]  # what survives a collection, not garbage


def test_the_requests_of_the_test_client_count(calls, client, db):
    collector.freeze_what_lasts(after=(1,))
    client.get("/robots.txt")
    assert calls == ["collect", "freeze"]


def test_the_served_application_freezes(calls):
    """The WSGI module that servers load connects the collector, with its default points."""
    import archive.wsgi

    importlib.reload(archive.wsgi)
    assert any(key[0] == "archive.collector" for key, *_ in request_finished.receivers)
