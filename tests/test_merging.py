"""Merging two entities found to be one person."""

import pytest

from archive.merging import merge_entities
from archive.models import Entity, Mention
from tests.conftest import annotated, import_text, make_entity

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_kims(db):
    kim = make_entity("person", "Kim Il Sung", "kim-il-sung", variants=["김일성"])
    ir_sen = make_entity("person", "Kim Ir Sen", "kim-ir-sen", variants=["Ким Ир Сен"])
    event = make_entity("event", "August Plenum", "august-plenum")
    first = import_text(annotated("{p:kim-il-sung|Kim Il Sung} spoke.", record=10)).document
    second = import_text(
        annotated(
            "{p:kim-ir-sen|Kim Ir Sen} answered.",
            record=11,
            extra="provenance: translated ; agent = p:kim-ir-sen",
        )
    ).document
    return kim, ir_sen, event, first, second


def test_mentions_names_and_links_move_to_the_survivor(two_kims):
    kim, ir_sen, _, _, second = two_kims
    merge_entities(kim, [ir_sen])
    assert set(Mention.objects.filter(entity=kim).values_list("document__record", flat=True)) == {10, 11}
    assert not Mention.objects.filter(entity=ir_sen).exists()
    assert {"김일성", "Kim Ir Sen", "Ким Ир Сен"} <= set(kim.variant_names())
    assert second.provenance.get().agent == kim
    ir_sen.refresh_from_db()
    assert ir_sen.merged_into == kim


def test_the_old_url_redirects_and_the_index_lists_one(client, two_kims):
    kim, ir_sen, *_ = two_kims
    merge_entities(kim, [ir_sen])
    response = client.get(f"/persons/{ir_sen.pk}/")
    assert response.status_code == 301 and response["Location"] == kim.get_absolute_url()
    index = client.get("/persons/").content.decode()
    assert "Kim Ir Sen" not in index and "Kim Il Sung" in index
    assert "<strong>1</strong> person</a>" in client.get("/").content.decode()


def test_the_old_key_resolves_to_the_survivor_on_import(two_kims):
    kim, ir_sen, *_ = two_kims
    merge_entities(kim, [ir_sen])
    document = import_text(annotated("Again {p:kim-ir-sen|Kim Ir Sen}.", record=12)).document
    assert document.mentions.get().entity == kim


def test_entities_of_different_kinds_are_not_merged(two_kims):
    kim, _, event, *_ = two_kims
    with pytest.raises(ValueError, match="one kind"):
        merge_entities(kim, [event])


def test_merge_from_the_admin(admin_client, two_kims):
    kim, ir_sen, *_ = two_kims
    url = "/admin/archive/person/"
    ids = [str(kim.pk), str(ir_sen.pk)]
    confirm = admin_client.post(url, {"action": "merge", "_selected_action": ids})
    assert confirm.status_code == 200
    assert "Choose the one that remains" in confirm.content.decode()
    done = admin_client.post(
        url, {"action": "merge", "_selected_action": ids, "survivor": str(kim.pk), "confirm": "yes"}, follow=True
    )
    assert done.status_code == 200
    assert Entity.objects.get(pk=ir_sen.pk).merged_into_id == kim.pk
    from django.contrib.admin.models import LogEntry

    assert "Merged into this record: Kim Ir Sen" in LogEntry.objects.get(object_id=str(kim.pk)).change_message
