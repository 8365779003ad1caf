"""rerender_texts: stored reading forms follow the renderer."""

from io import StringIO

import pytest
from django.core.management import call_command

from archive.models import Text

pytestmark = pytest.mark.django_db


def test_texts_are_rendered_again_from_their_source(seeds):
    stale = Text.objects.filter(document__record=1).first()
    fresh = stale.rendered
    Text.objects.filter(pk=stale.pk).update(rendered="<p>stale</p>")
    out = StringIO()
    call_command("rerender_texts", "--record", "1", stdout=out)
    stale.refresh_from_db()
    assert stale.rendered == fresh
    count = Text.objects.filter(document__record=1).count()
    assert f"Rendered {count} text{'s' if count != 1 else ''}; 0 could not be rendered." in out.getvalue()
    assert stale.mentions.exists()
