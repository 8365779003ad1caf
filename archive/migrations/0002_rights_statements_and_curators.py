"""The controlled list of rights statements, and the Curators group with its permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from archive.annotated.vocab import RIGHTS_STATEMENTS

CURATOR_MODELS = (
    "document", "text", "mention", "provenancestep", "collection", "collectionitem", "source",
    "entity", "entityname", "person", "organization", "place", "event", "topic",
)  # fmt: skip
VIEW_ONLY_MODELS = ("rightsstatement", "recordnumber")


def forwards(apps, schema_editor):
    RightsStatement = apps.get_model("archive", "RightsStatement")
    for uri, (code, label) in RIGHTS_STATEMENTS.items():
        RightsStatement.objects.update_or_create(uri=uri, defaults={"code": code, "label": label})

    # Permissions are normally created after all migrations; curators need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    curators, _ = Group.objects.get_or_create(name="Curators")
    codenames = [f"{action}_{model}" for model in CURATOR_MODELS for action in ("add", "change", "delete", "view")]
    codenames += [f"view_{model}" for model in VIEW_ONLY_MODELS]
    curators.permissions.set(Permission.objects.filter(content_type__app_label="archive", codename__in=codenames))


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Curators").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
