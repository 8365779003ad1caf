"""The static files' storage (archive.staticstorage): WhiteNoise's hashed names, each address worked out once."""

import json

from django.core.files.storage import FileSystemStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage

from archive.staticstorage import StaticFiles


def storages(tmp_path, paths):
    (tmp_path / "staticfiles.json").write_text(json.dumps({"paths": paths, "version": "1.1", "hash": "x"}))
    return (
        StaticFiles(location=tmp_path, base_url="/static/"),
        CompressedManifestStaticFilesStorage(location=tmp_path, base_url="/static/"),
    )


def test_an_address_is_the_one_whitenoise_gives_and_is_remembered(tmp_path, settings):
    settings.DEBUG = False
    ours, theirs = storages(tmp_path, {"archive/site.css": "archive/site.1a2b3c.css"})
    assert ours.url("archive/site.css") == theirs.url("archive/site.css") == "/static/archive/site.1a2b3c.css"
    ours.hashed_files["archive/site.css"] = "archive/site.ffffff.css"  # the manifest is read once, at start
    assert ours.url("archive/site.css") == "/static/archive/site.1a2b3c.css"


def test_debug_serves_names_unhashed(tmp_path, settings):
    ours, _ = storages(tmp_path, {"archive/site.css": "archive/site.1a2b3c.css"})
    settings.DEBUG = True
    assert ours.url("archive/site.css") == "/static/archive/site.css"
    settings.DEBUG = False
    assert ours.url("archive/site.css") == "/static/archive/site.1a2b3c.css"


def test_collecting_the_files_forgets_what_was_remembered(tmp_path, settings):
    settings.DEBUG = False
    source = tmp_path / "source"
    source.mkdir()
    (source / "site.css").write_text("body { color: black }")
    (tmp_path / "root").mkdir()
    ours, _ = storages(tmp_path / "root", {"site.css": "site.0ld.css"})
    assert ours.url("site.css") == "/static/site.0ld.css"
    found = FileSystemStorage(location=source)
    with found.open("site.css") as handle:
        ours.save("site.css", handle)
    list(ours.post_process({"site.css": (found, "site.css")}))
    collected = ours.url("site.css")
    assert collected.startswith("/static/site.") and collected != "/static/site.0ld.css"
    assert (tmp_path / "root" / collected.removeprefix("/static/")).exists()
