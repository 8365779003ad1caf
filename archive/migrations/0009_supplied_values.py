"""Documents say which of their values the archive supplied rather than the source stated."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('archive', '0008_search_index_facets'),
    ]

    operations = [
        migrations.AddField(
            model_name='document',
            name='supplied',
            field=models.JSONField(blank=True, default=dict, help_text='The values the archive supplied rather than the source stated: header key -> why.', verbose_name='supplied by the archive'),
        ),
    ]
