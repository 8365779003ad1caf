"""Rows read from the database become instances without Model.__init__ (archive.models.common.Loaded), left
as __init__ would leave them."""

import pytest
from django.apps import apps
from django.db import models
from django.db.models.signals import post_init

from archive.models import Document, Entity, Mention
from archive.models.common import Loaded

LOADED = [model for model in apps.get_app_config("archive").get_models() if issubclass(model, Loaded)]


def as_init_leaves(model, field_names, values):
    """The instance Django's own from_db makes (through __init__)."""
    return models.Model.from_db.__func__(model, "default", field_names, values)


def contents(instance) -> tuple:
    return {k: v for k, v in vars(instance).items() if k != "_state"}, instance._state.adding, instance._state.db


def test_the_reading_models_are_loaded_so():
    assert {Document, Entity, Mention} <= set(LOADED)
    assert all(not model._meta.abstract for model in LOADED)


@pytest.mark.parametrize("model", LOADED, ids=lambda model: model.__name__)
def test_a_row_read_whole_or_in_part_is_what_init_makes_of_it(seeds, model):
    rows = list(model._base_manager.all()[:50])
    if not rows:
        pytest.skip(f"the seeds hold no {model.__name__}")
    attnames = [field.attname for field in model._meta.concrete_fields]
    some = attnames[::2] if model._meta.pk.attname in attnames[::2] else [model._meta.pk.attname, *attnames[1::2]]
    for names in (attnames, some):
        for values in model._base_manager.filter(pk__in=[row.pk for row in rows]).values_list(*names):
            loaded = model.from_db("default", names, values)
            assert type(loaded) is model
            assert contents(loaded) == contents(as_init_leaves(model, names, values))
            assert loaded.get_deferred_fields() == set(attnames) - set(names)


def test_read_by_querysets_with_related_rows_and_deferred_fields(seeds):
    mention = Mention.objects.select_related("entity").defer("quote", "entity__description").first()
    assert mention._state.adding is False and mention._state.db == "default"
    assert mention.get_deferred_fields() == {"quote"}
    assert mention.entity.get_deferred_fields() == {"description"}
    assert mention.entity.pk == mention.entity_id and mention.entity.name
    assert mention.quote == Mention.objects.get(pk=mention.pk).quote  # a deferred field is read when asked
    document = Document.objects.first()
    document.title = "Changed"
    document.save()  # an instance so loaded saves as an update, not an insert
    assert Document.objects.get(pk=document.pk).title == "Changed"


def test_a_receiver_of_post_init_sees_every_instance_made(seeds):
    seen = []

    def receiver(sender, instance, **kwargs):
        seen.append(instance)

    post_init.connect(receiver, sender=Entity)
    try:
        entities = list(Entity.objects.all())
    finally:
        post_init.disconnect(receiver, sender=Entity)
    assert entities and seen == entities
