"""The publication workflow: embargoes that lift with the day, withdrawn records, the header keys,
the admin's actions, and what readers see of each state (see test_no_leaks.py for the full walk)."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.http import parse_http_date

from archive import publishing
from archive.annotated import parse
from archive.exporting import export_document
from archive.merging import merge_entities
from archive.models import Document, Entity, EntityName
from archive.models.documents import today
from archive.search import backend, search
from archive.search.rows import rows_for

from .conftest import annotated, import_text

TOMORROW = timezone.localdate() + datetime.timedelta(days=1)


def _document(record: int, title: str, status: str = "published", extra: str = "", body: str = "") -> Document:
    head = "\n".join(line for line in (f"status: {status}" if status != "published" else "", extra) if line)
    body = body or (f"{{p:kim|Kim}} spoke of {title}." if "p:kim" in extra else f"{title}, in full.")
    source = annotated(body, record=record, title=title, extra=head)
    if status != "published":
        source = source.replace("status: published\n", "", 1)
    return import_text(source).document


@pytest.fixture
def kim(db):
    _document(1, "Public plenum", extra="entity: p:kim = Kim Il Sung ; variants = Kim Il-sŏng")
    return Entity.objects.get(slug="kim")


def _move_to(monkeypatch, day: datetime.date) -> None:
    """The archive's day becomes day, with no write to the database."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)


# ----------------------------------------------------------------------- embargo


def test_an_embargoed_document_is_not_public_before_its_day(client, kim):
    embargoed = _document(2, "Sealed minutes", extra=f"embargo: {TOMORROW}\nentity: p:kim = Kim Il Sung")
    assert embargoed.status == "published" and embargoed.embargo_until == TOMORROW
    assert not Document.objects.published().filter(pk=embargoed.pk).exists()
    assert client.get(embargoed.get_absolute_url()).status_code == 404
    assert [d.record for d in search("sealed").matches] == []
    assert backend().read([embargoed.pk]) == {}
    assert client.get("/").context["document_count"] == 1


@pytest.mark.django_db(transaction=True)
def test_an_embargo_lifts_with_the_day_in_cached_pages_search_and_validators(client, settings, monkeypatch):
    settings.PLENUM_PAGE_CACHE_SECONDS = 600
    _document(1, "Public plenum", extra="entity: p:kim = Kim Il Sung")
    embargoed = _document(2, "Sealed minutes", extra=f"embargo: {TOMORROW}\nentity: p:kim = Kim Il Sung")
    kim = Entity.objects.get(slug="kim")
    before = client.get("/documents/")
    assert "Sealed minutes" not in before.content.decode()
    assert client.get("/documents/").content == before.content  # kept in the page cache
    assert search("sealed").total == 0
    stamp = client.get(kim.get_absolute_url())["Last-Modified"]

    _move_to(monkeypatch, TOMORROW)  # midnight passes; nothing is written
    assert "Sealed minutes" in client.get("/documents/").content.decode()
    assert client.get(embargoed.get_absolute_url()).status_code == 200
    page = client.get(kim.get_absolute_url())
    assert "Sealed minutes" in page.content.decode()
    lifted = datetime.datetime.combine(TOMORROW, datetime.time.min, tzinfo=datetime.UTC)
    assert parse_http_date(page["Last-Modified"]) == lifted.timestamp() > parse_http_date(stamp)
    assert client.get(kim.get_absolute_url(), HTTP_IF_MODIFIED_SINCE=stamp).status_code == 200
    assert [d.record for d in search("sealed").matches] == [2]  # entered the index on the day's first search
    assert backend().read([embargoed.pk])


def test_the_language_menu_lists_public_languages_only(client, kim):
    _document(2, "Sealed", extra=f"embargo: {TOMORROW}")
    Document.objects.filter(record=2).update(language="kk")
    assert Document.published_languages() == ["en"]
    assert 'value="kk"' not in client.get("/documents/").content.decode()


# ------------------------------------------------------------------- withdrawal


def test_a_withdrawn_record_answers_410_with_its_tombstone(client, kim):
    document = Document.objects.get(record=1)
    publishing.withdraw([document.pk], "Published in error.")
    response = client.get(document.get_absolute_url())
    assert response.status_code == 410
    page = response.content.decode()
    assert "Public plenum" in page and "Published in error." in page and today().strftime("%Y-%m-%d") in page
    assert "public" not in response.get("Cache-Control", "")
    assert client.get(kim.get_absolute_url()).status_code == 404  # no public document names Kim any more
    assert search("plenum").total == 0


def test_a_withheld_title_is_left_off_the_tombstone(client, kim):
    document = Document.objects.get(record=1)
    publishing.withdraw([document.pk], "Privacy.", title_withheld=True)
    page = client.get(document.get_absolute_url()).content.decode()
    assert "Privacy." in page and "Public plenum" not in page
    assert client.get(f"{document.get_absolute_url()}public-plenum").status_code == 410


def test_withdrawing_needs_a_reason(kim):
    with pytest.raises(ValueError):
        publishing.withdraw([Document.objects.get(record=1).pk], "  ")


# ------------------------------------------------------------------- variants


def test_variants_a_draft_adds_show_once_it_is_published(client, kim):
    draft = _document(2, "Draft notes", status="draft", extra="entity: p:kim = Kim Il Sung ; variants = Kim Ir Sen")
    assert EntityName.objects.get(name="Kim Ir Sen").document == draft
    assert EntityName.objects.get(name="Kim Il-sŏng").document.record == 1
    page = client.get(kim.get_absolute_url()).content.decode()
    assert "Kim Il-sŏng" in page and "Kim Ir Sen" not in page
    assert "Kim Ir Sen" not in rows_for([Document.objects.get(record=1).pk])[0].names
    assert search('"ir sen"').total == 0

    publishing.publish([draft.pk])
    assert "Kim Ir Sen" in client.get(kim.get_absolute_url()).content.decode()
    assert [d.record for d in search('"ir sen"').ordered("date")] == [1, 2]  # the public one's row was refreshed


def test_a_curators_variant_is_shown(client, kim):
    kim.add_variants(["Kim Song-ju"])
    assert "Kim Song-ju" in client.get(kim.get_absolute_url()).content.decode()


# --------------------------------------------------------------- validators


def test_draft_edits_do_not_move_an_entity_pages_validators(client, kim):
    draft = _document(2, "Draft notes", status="draft", extra="entity: p:kim = Kim Il Sung")
    first = client.get(kim.get_absolute_url())
    Document.objects.filter(pk=draft.pk).update(modified=timezone.now() + datetime.timedelta(hours=1))
    draft.texts.update(modified=timezone.now() + datetime.timedelta(hours=1))
    again = client.get(kim.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["Last-Modified"] == first["Last-Modified"]
    publishing.publish([draft.pk])
    assert client.get(kim.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_a_hidden_entity_has_no_validators_to_answer_304(client, db):
    _document(1, "Draft", status="draft", extra="entity: p:kim = Kim Il Sung")
    kim = Entity.objects.get(slug="kim")
    assert Entity.objects.page_changed(kim.pk) is None
    assert client.get(kim.get_absolute_url(), HTTP_IF_MODIFIED_SINCE="Fri, 01 Jan 2100 00:00:00 GMT").status_code == 404


def test_a_merged_entity_redirects_only_to_a_public_survivor(client, kim):
    hidden = _document(2, "Draft", status="draft", extra="entity: p:pak = Pak Hon-yong", body="{p:pak|Pak} spoke.")
    pak = Entity.objects.get(slug="pak")
    old = Entity.objects.create(kind="person", name="Old Pak", merged_into=pak)
    assert client.get(old.get_absolute_url()).status_code == 404
    publishing.publish([hidden.pk])
    assert client.get(old.get_absolute_url()).status_code == 301


# ---------------------------------------------------------------- the format


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("embargo: 2027-13-01", "embargo takes a day written YYYY-MM-DD, not '2027-13-01'"),
        ("embargo: 20270101", "embargo takes a day written YYYY-MM-DD"),
        ("withdrawn: 2026-11-02", "withdrawn is given only with status: withdrawn"),
        ("withdrawn.reason: Gone", "withdrawn.reason is given only with status: withdrawn"),
        ("status: withdrawn", "a withdrawn record needs a withdrawn.reason"),
        ("status: withdrawn\nwithdrawn.reason: x\ntitle.withheld: maybe", "title.withheld takes yes or no"),
    ],
)
def test_bad_publication_keys_are_reported_where_they_are(header, message):
    source = annotated("Text.", extra=header).replace("status: published\n", "")
    problems = parse(source).problems
    assert [p.message for p in problems if message in p.message], problems
    wrong = next(p for p in problems if message in p.message)
    assert source.split("\n")[wrong.line - 1].split(":")[0] in header


def test_withdrawn_and_embargoed_records_survive_export_and_import(db):
    withdrawn = _document(
        1,
        "Gone",
        status="withdrawn",
        extra="withdrawn: 2026-11-02\nwithdrawn.reason: Rights; see the note.\ntitle.withheld: yes",
    )
    embargoed = _document(2, "Later", extra="embargo: 2031-01-01")
    files = {d.record: export_document(d) for d in (withdrawn, embargoed)}
    assert "status: withdrawn\nwithdrawn: 2026-11-02\nwithdrawn.reason: Rights; see the note.\n" in files[1]
    assert "title.withheld: yes" in files[1] and "embargo: 2031-01-01" in files[2]
    Document.objects.all().delete()
    for text in files.values():
        import_text(text)
    again = Document.objects.get(record=1)
    assert (again.status, again.withdrawn, again.withdrawal_reason, again.title_withheld) == (
        "withdrawn",
        datetime.date(2026, 11, 2),
        "Rights; see the note.",
        True,
    )
    assert Document.objects.get(record=2).embargo_until == datetime.date(2031, 1, 1)


def test_a_published_record_exports_no_withdrawal_keys(db):
    document = _document(1, "Back again")
    Document.objects.filter(pk=document.pk).update(withdrawal_reason="left over")
    assert "withdrawn" not in export_document(Document.objects.get(pk=document.pk))


def test_import_texts_reports_a_withdrawn_file_without_reason(tmp_path, db):
    path = tmp_path / "gone.txt"
    path.write_text(annotated("Text.").replace("status: published", "status: withdrawn"), encoding="utf-8")
    out = StringIO()
    with pytest.raises(CommandError, match="1 of 1 file"):
        call_command("import_texts", str(path), stdout=out, stderr=out)
    assert "gone.txt:6:1: a withdrawn record needs a withdrawn.reason" in out.getvalue()
    assert not Document.objects.exists()


# ------------------------------------------------------------------ the admin


def test_the_admin_withdraws_with_a_reason(admin_client, kim):
    document = Document.objects.get(record=1)
    changelist = reverse("admin:archive_document_changelist")
    asked = admin_client.post(changelist, {"action": "withdraw", "_selected_action": [document.pk]})
    assert asked.status_code == 200 and "reason" in asked.content.decode()
    refused = admin_client.post(
        changelist, {"action": "withdraw", "_selected_action": [document.pk], "apply": "1", "reason": ""}
    )
    assert refused.status_code == 200
    assert Document.objects.get(pk=document.pk).status == "published"
    admin_client.post(
        changelist,
        {"action": "withdraw", "_selected_action": [document.pk], "apply": "1", "reason": "Duplicate of 7."},
    )
    document.refresh_from_db()
    assert (document.status, document.withdrawal_reason, document.withdrawn) == (
        "withdrawn",
        "Duplicate of 7.",
        today(),
    )
    assert search("plenum").total == 0


def test_the_admin_embargoes_and_lifts(admin_client, kim):
    document = Document.objects.get(record=1)
    changelist = reverse("admin:archive_document_changelist")
    data = {"action": "embargo", "_selected_action": [document.pk], "apply": "1"}
    admin_client.post(changelist, {**data, "until": TOMORROW.isoformat()})
    assert Document.objects.get(pk=document.pk).embargo_until == TOMORROW
    assert search("plenum").total == 0
    admin_client.post(changelist, {**data, "until": ""})
    assert Document.objects.get(pk=document.pk).embargo_until is None
    assert search("plenum").total == 1


def test_the_change_form_asks_why_a_record_is_withdrawn(admin_client, kim):
    document = Document.objects.get(record=1)
    url = reverse("admin:archive_document_change", args=[document.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "related"}
    data.update({"status": "withdrawn", "withdrawal_reason": ""})
    for prefix in ("texts", "mentions", "provenance", "collection_items"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Say why the record is withdrawn" in response.content.decode()


def test_merging_keeps_a_drafts_names_hidden(client, kim):
    _document(
        2,
        "Draft",
        status="draft",
        extra="entity: p:kim-2 = Kim Song-ju ; variants = Kim Song Chu",
        body="{p:kim-2|Kim} wrote.",
    )
    merge_entities(kim, [Entity.objects.get(slug="kim-2")])
    page = client.get(kim.get_absolute_url()).content.decode()
    assert "Kim Il-sŏng" in page
    assert "Kim Song-ju" not in page and "Kim Song Chu" not in page
    publishing.publish([Document.objects.get(record=2).pk])
    page = client.get(kim.get_absolute_url()).content.decode()
    assert "Kim Song-ju" in page and "Kim Song Chu" in page


def test_a_place_a_draft_gives_an_event_stays_hidden_when_the_event_is_public(client, db):
    _document(
        1,
        "Draft",
        status="draft",
        extra="entity: ev:congress = Third Congress ; dates = 1956-04 ; place = pl:hall\n"
        "entity: pl:hall = Quorvath Hall",
        body="{ev:congress|It} met in {pl:hall|the hall}.",
    )
    _document(2, "Public", extra="entity: ev:congress = Third Congress", body="{ev:congress|It} met.")
    event = Entity.objects.get(slug="congress")
    assert event.place.name == "Quorvath Hall"
    assert "Third Congress" in client.get(reverse("archive:timeline")).content.decode()
    assert "Quorvath" not in client.get(event.get_absolute_url()).content.decode()
    assert "Quorvath" not in client.get(reverse("archive:timeline")).content.decode()
    publishing.publish([Document.objects.get(record=1).pk])
    assert "Quorvath Hall" in client.get(event.get_absolute_url()).content.decode()
    assert "Quorvath Hall" in client.get(reverse("archive:timeline")).content.decode()


def test_a_hidden_document_fills_no_field_of_a_public_entity(client, kim):
    _document(2, "Draft", status="draft", extra="entity: p:kim = Kim Il Sung ; desc = Quorvath leader ; viaf = 123")
    kim.refresh_from_db()
    assert (kim.description, kim.viaf) == ("", "")
    import_text(
        annotated("{p:kim|Kim} spoke.", record=3, extra="entity: p:kim = Kim Il Sung ; desc = Leader ; viaf = 123")
    )
    kim.refresh_from_db()
    assert (kim.description, kim.viaf) == ("Leader", "123")
