"""Upload limits are checked while a request is read, never after, and each says what went past it."""

import io
import re
import zipfile

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import SkipFile
from django.test import Client

from archive import uploads
from archive.models import Document, StagedFile
from tests.conftest import FIXTURES, annotated

pytestmark = pytest.mark.django_db

UPLOAD = "/admin/archive/document/import/"


def files(*pairs):
    return {"files": [SimpleUploadedFile(name, content) for name, content in pairs]}


def test_the_request_limits_match_the_documented_ones():
    assert django_settings.DATA_UPLOAD_MAX_NUMBER_FILES == uploads.MAX_FILES == 200
    assert django_settings.PLENUM_UPLOAD_MAX_BYTES > uploads.MAX_ZIP_BYTES  # a zip at its limit can be sent


def test_two_hundred_loose_files_are_accepted(admin_client):
    chosen = [(f"{n:03}.txt", annotated(f"Text {n}.", title=f"Document {n}").encode()) for n in range(200)]
    response = admin_client.post(UPLOAD, files(*chosen))
    assert response.status_code == 302
    assert StagedFile.objects.count() == 200


def test_more_files_than_allowed_get_a_clear_message_not_a_bare_400(admin_client):
    chosen = [(f"{n:03}.txt", b"AAT/1\n") for n in range(201)]
    response = admin_client.post(UPLOAD, files(*chosen))
    assert response.status_code == 200
    assert "At most 200 files can be imported at once" in response.content.decode()
    assert not StagedFile.objects.exists()


def test_an_empty_file_beside_a_valid_one_is_refused_alone(admin_client):
    response = admin_client.post(UPLOAD, files(("good.txt", annotated("Kept.").encode()), ("empty.txt", b"")))
    assert response.status_code == 302
    staged = {item.name: item for item in StagedFile.objects.all()}
    assert staged["good.txt"].error == "" and staged["good.txt"].text.startswith("AAT/1")
    assert staged["empty.txt"].error == "the file is empty"
    html = admin_client.get(response["Location"]).content.decode()
    assert "the file is empty" in html and "good.txt" in html


def test_a_file_past_its_limit_is_refused_while_it_arrives_and_the_others_kept(admin_client):
    big = b"AAT/1\n" + b"x" * (uploads.MAX_FILE_BYTES + 100_000)
    response = admin_client.post(UPLOAD, files(("big.txt", big), ("good.txt", annotated("Kept.").encode())))
    assert response.status_code == 302
    staged = {item.name: item for item in StagedFile.objects.all()}
    assert "larger than 2,097,152 bytes" in staged["big.txt"].error
    assert staged["good.txt"].error == ""


def test_only_a_too_large_file_still_reaches_the_preview_with_its_reason(admin_client):
    response = admin_client.post(UPLOAD, files(("big.txt", b"y" * (uploads.MAX_FILE_BYTES + 1))))
    assert response.status_code == 302
    assert "larger than" in admin_client.get(response["Location"]).content.decode()


def test_the_upload_handler_stops_keeping_a_file_at_its_limit():
    handler = uploads.LimitedUploadHandler()
    handler.new_file("files", "page.txt", "text/plain", None)
    chunk = b"z" * 65536
    passed = 0
    with pytest.raises(SkipFile):
        while True:
            assert handler.receive_data_chunk(chunk, passed) == chunk
            passed += len(chunk)
    assert passed <= uploads.MAX_FILE_BYTES < passed + len(chunk)
    assert [u.name for u in handler.refused] == ["page.txt"]
    handler.new_file("files", "batch.zip", "application/zip", None)
    assert handler.receive_data_chunk(b"z" * (uploads.MAX_FILE_BYTES + 1), 0)  # a zip may weigh more


def test_reading_stops_past_the_limit():
    class Counting(io.BytesIO):
        read_bytes = 0

        def read(self, size=-1):
            data = super().read(size)
            self.read_bytes += len(data)
            return data

    handle = Counting(b"a" * (10 * uploads.MAX_FILE_BYTES))
    assert uploads.read_limited(handle, uploads.MAX_FILE_BYTES) is None
    assert handle.read_bytes <= uploads.MAX_FILE_BYTES + uploads.CHUNK
    assert uploads.read_limited(io.BytesIO(b"short"), uploads.MAX_FILE_BYTES) == b"short"


def test_an_upload_past_the_request_limit_is_refused_unread(admin_client, settings):
    settings.PLENUM_UPLOAD_MAX_BYTES = 1000
    response = admin_client.post(UPLOAD, files(("a.txt", annotated("x" * 2000).encode())))
    assert response.status_code == 200
    assert "at most 1,000 bytes can be sent at once" in response.content.decode()
    assert not StagedFile.objects.exists()


def test_texts_sent_back_past_the_form_limit_get_a_message_and_change_nothing(admin_client, settings):
    location = admin_client.post(UPLOAD, files(("a.txt", annotated("Original.").encode())))["Location"]
    staged = StagedFile.objects.get()
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = admin_client.post(location, {f"text-{staged.pk}": "x" * 5000, "revise": "1"}, follow=True)
    assert response.status_code == 200
    assert "The form sent more than 1,000 bytes of text" in response.content.decode()
    assert "Nothing was changed" in response.content.decode()
    staged.refresh_from_db()
    assert "Original." in staged.text
    assert not Document.objects.exists()


@pytest.mark.parametrize("path", [UPLOAD, "preview"])
def test_the_import_pages_still_check_csrf(admin_user, path):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    if path == "preview":
        staged = StagedFile.objects.create(user=admin_user, order=0, name="a.txt", text=annotated("A."))
        path = f"{UPLOAD}{staged.batch}/"
        response = client.post(path, {"file": [str(staged.pk)], "status": "published"})
    else:
        response = client.post(path, files(("a.txt", annotated("A.").encode())))
    assert response.status_code == 403
    assert not Document.objects.exists()


def test_a_long_diff_is_shown_in_part_and_counted(admin_client, seeds):
    source = (FIXTURES / "0002-molotov-suslov-memo-1955.txt").read_text(encoding="utf-8")
    head = source.partition("\n\n")[0]
    longer = head + "\n\n" + "\n\n".join(f"New paragraph {n}." for n in range(1500)) + "\n"
    location = admin_client.post(UPLOAD, files(("0002.txt", longer.encode())))["Location"]
    html = admin_client.get(location).content.decode()
    assert "updates record 2" in html
    assert re.search(r"… and [\d,]+ more lines of differences", html)
    assert html.count('<span class="add">+New paragraph') < 1000


def test_a_zip_entry_with_a_very_long_name_is_staged_under_a_shortened_one(admin_client):
    packed = io.BytesIO()
    long_name = "folder/" * 90 + "letter.txt"
    with zipfile.ZipFile(packed, "w") as archive:
        archive.writestr(long_name, annotated("Deep inside.").encode())
    response = admin_client.post(UPLOAD, files(("batch.zip", packed.getvalue())))
    assert response.status_code == 302
    staged = StagedFile.objects.get()
    assert staged.error == ""
    assert len(staged.name) <= uploads.MAX_NAME
    assert staged.name.startswith("batch.zip/folder/") and staged.name.endswith("folder/letter.txt")
