"""The kinds of entity are defined once (archive/kinds.py): every list of them derives from KINDS, and
nothing else in the code or the templates names them all."""

import ast
import re
from io import StringIO
from pathlib import Path

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.test.utils import isolate_apps
from django.urls import NoReverseMatch, resolve, reverse
from lxml import etree

from archive import importing, kinds, linked_data, models
from archive.admin.entities import KindAdmin, kind_fieldsets
from archive.annotated import parse, tei, tei_read
from archive.annotated.inline import split_key
from archive.corpus import fabricate
from archive.models.entities import _proxy
from archive.search import names as name_search
from archive.search.facets import ENTITY_FACETS
from tests.conftest import annotated, import_text, make_entity

ROOT = Path(__file__).resolve().parent.parent
T = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

# A kind the archive does not have, to show what adding one gives.
SHIP = kinds.EntityKind(
    "ship", "sh", "ships", "Ship", "Ships", "Vehicle",
    kinds.TeiNames("name", "ship", "list", "ships", "item", "name", "sourceDesc", "note"),
    "dotted",
)  # fmt: skip


def test_the_kinds_are_told_apart_by_every_name_they_have():
    for field in ("name", "prefix", "segment", "label", "plural", "model_name"):
        values = [getattr(kind, field) for kind in kinds.KINDS]
        assert len(set(values)) == len(values), field
    assert tuple(kind.name for kind in kinds.KINDS) == kinds.NAMES
    assert all(kind.tei.header in ("sourceDesc", *tei.PROFILE_LISTS) for kind in kinds.KINDS)


def test_the_lists_of_kinds_are_those_of_kinds_py():
    assert models.Kind.choices == [(kind.name, kind.label) for kind in kinds.KINDS]
    assert tuple(models.PROXIES) == kinds.NAMES
    assert tuple((kind.name, kind.plural) for kind in kinds.KINDS) == ENTITY_FACETS
    assert set(fabricate.KIND_SHARES) == set(fabricate._ENTITY_MAKERS) == set(kinds.NAMES)
    # the kinds whose names are matched across romanizations, as the import and the search widen them
    assert importing.ROMANIZED is name_search.ROMANIZED is kinds.ROMANIZED
    for kind in kinds.KINDS:
        assert split_key(f"{kind.prefix}:a-b") == (kind.name, "a-b")
        assert reverse("archive:entity-index", args=[kind.segment]) == f"/{kind.segment}/"
        assert resolve(f"/{kind.segment}/7/").kwargs == {"segment": kind.segment, "pk": 7}
    assert split_key(f"{SHIP.prefix}:a-b") is None
    with pytest.raises(NoReverseMatch):
        reverse("archive:entity-index", args=[SHIP.segment])


def test_a_proxy_of_each_kind_holds_that_kind_only(db):
    made = {kind.name: models.Entity.objects.create(kind=kind.name, name=f"A {kind.label}") for kind in kinds.KINDS}
    for kind in kinds.KINDS:
        proxy = models.PROXIES[kind.name]
        assert proxy.__name__ == kind.model_name and getattr(models, kind.model_name) is proxy
        assert proxy._meta.proxy and proxy._meta.concrete_model is models.Entity
        assert list(proxy.objects.all()) == [made[kind.name]]
        created = proxy.objects.create(name=f"Another {kind.label}")
        assert models.Entity.objects.get(pk=created.pk).kind == kind.name
        entity = made[kind.name]
        assert entity.key == f"{kind.prefix}:{entity.slug}"
        assert entity.get_absolute_url() == f"/{kind.segment}/{entity.pk}/"
        assert linked_data.entity_reference(entity, str)["@type"] == kind.schema_type


def test_the_migrations_carry_the_kinds_and_their_proxies(db):
    out = StringIO()
    call_command("makemigrations", "archive", check=True, dry_run=True, stdout=out)  # exits when one is missing
    assert "No changes detected" in out.getvalue()


@isolate_apps("archive")
def test_a_new_kind_gets_a_proxy_and_an_admin_form():
    ship = _proxy(SHIP)
    assert ship.__name__ == "Ship" and ship.KIND == "ship"
    assert ship._meta.proxy and ship._meta.concrete_model is models.Entity
    assert ship._meta.ordering == models.Entity._meta.ordering
    fields = [name for _, options in kind_fieldsets(SHIP) for name in options["fields"]]
    assert "place" not in fields and {"name", "date_edtf", "wikidata"} <= set(fields)
    assert kinds.in_words((*kinds.KINDS, SHIP)).endswith(f"{kinds.KINDS[-1].plural.lower()} and ships")
    assert (SHIP.counted(1), SHIP.counted(2)) == ("ship", "ships")


def test_the_admin_has_a_page_for_each_kind_at_its_address(admin_client):
    registered = {
        model for model in admin.site._registry if model._meta.proxy and model._meta.concrete_model is models.Entity
    }
    assert registered == set(models.PROXIES.values())
    for kind in kinds.KINDS:
        model_admin = admin.site._registry[models.PROXIES[kind.name]]
        assert isinstance(model_admin, KindAdmin)
        assert reverse(f"admin:archive_{kind.name}_changelist") == f"/admin/archive/{kind.name}/"
        assert admin_client.get(f"/admin/archive/{kind.name}/").status_code == 200
        form = admin_client.get(f"/admin/archive/{kind.name}/add/").content.decode()
        for field in ("place", "organizations"):
            assert (f'id="id_{field}"' in form) == (field in kind.own_fields), (kind.name, field)


def test_the_navigation_and_the_home_page_name_each_kind(client, db):
    models.Entity.objects.create(kind=kinds.KINDS[0].name, name="Unseen")  # named by no public document
    page = client.get("/").content.decode()
    nav = re.search(r'<nav aria-label="Browse">(.*?)</nav>', page, re.S).group(1)
    links = re.findall(r'<a href="/([a-z-]+)/">([^<]+)</a>', nav)
    assert [link for link in links if link[0] in kinds.BY_SEGMENT] == [(k.segment, k.plural) for k in kinds.KINDS]
    counts = re.search(r'<ul class="counts">(.*?)</ul>', page, re.S).group(1)
    shown = re.findall(r'<a href="/([a-z-]+)/"><strong>(\d+)</strong> ([a-z ]+)</a>', counts)
    assert [count for count in shown if count[0] in kinds.BY_SEGMENT] == [
        (k.segment, "0", k.plural.lower()) for k in kinds.KINDS
    ]
    assert kinds.in_words() in " ".join(page.split())


def test_the_key_to_the_marks_and_the_conventions_show_each_kind_as_the_stylesheet_draws_it(client, db):
    css = (ROOT / "static" / "archive" / "plenum.css").read_text(encoding="utf-8")
    conventions = client.get(reverse("archive:conventions")).content.decode()
    for kind in kinds.KINDS:
        assert re.search(rf"\.entity-{kind.prefix} \{{[^}}]*text-decoration-style: {kind.underline};", css), kind.name
        assert (
            f'<span class="entity entity-{kind.prefix}">{kind.label}</span> – {kind.underline} underline' in conventions
        )


def test_documents_are_found_by_an_entity_of_each_kind(client, db):
    declared = "\n".join(f"entity: {k.prefix}:one-{k.name} = One {k.label}" for k in kinds.KINDS)
    marks = " ".join(f"{{{k.prefix}:one-{k.name}|the {k.name}}}" for k in kinds.KINDS)
    import_text(annotated(f"Naming {marks}.", title="Names every kind", extra=declared))
    import_text(annotated("Names nothing.", title="Names no one"))
    for kind in kinds.KINDS:
        entity = models.Entity.objects.get(kind=kind.name)
        api = client.get(f"/api/documents/?{kind.name}={entity.pk}").json()
        assert [d["title"] for d in api["results"]] == ["Names every kind"], kind.name
        listed = client.get(f"/documents/?{kind.name}={entity.pk}").content.decode()
        assert "Names every kind" in listed and "Names no one" not in listed, kind.name
        assert client.get(f"/api/entities/?kind={kind.name}").json()["count"] == 1
        assert client.get(f"/{kind.segment}/{entity.pk}/").status_code == 200
    refused = client.get(f"/api/entities/?kind={SHIP.name}")
    assert refused.status_code == 400
    assert all(name in refused.json()["error"] for name in kinds.NAMES)


def test_tei_writes_each_kind_with_its_own_elements_and_reads_it_back():
    declared = "\n".join(f"entity: {k.prefix}:one-{k.name} = One {k.label} ; wikidata = Q1" for k in kinds.KINDS)
    marks = " ".join(f"{{{k.prefix}:one-{k.name}|the {k.name}}}" for k in kinds.KINDS)
    parsed = parse(annotated(f"Naming {marks}.", extra=declared))
    assert not parsed.problems
    root = tei.document(parsed.meta, [(t.lang, t.type, t.source) for t in parsed.texts])
    header, body = root.find(f"{T}teiHeader"), root.find(f"{T}text")
    for kind in kinds.KINDS:
        names = kind.tei
        (entry,) = header.xpath("//*[@xml:id=$id]", id=f"{kind.prefix}.one-{kind.name}")
        listing = entry.getparent()
        assert (entry.tag, listing.tag) == (f"{T}{names.entry}", f"{T}{names.listing}"), kind.name
        assert listing.get("type") == (names.listing_type or None), kind.name
        assert f"{T}{names.header}" in [parent.tag for parent in listing.iterancestors()], kind.name
        assert entry.find(f"{T}{names.name}").text == f"One {kind.label}"
        assert entry.find(f"{T}{names.authority}").get("type") == "wikidata"
        mark = body.find(f".//{T}{names.mark}[@ref='#{kind.prefix}.one-{kind.name}']")
        assert mark is not None and mark.get("type") == (names.mark_type or None), kind.name
    meta, texts = tei_read.read(etree.tostring(root))
    assert {key: decl.kind for key, decl in meta.entities.items()} == {
        f"{k.prefix}:one-{k.name}": k.name for k in kinds.KINDS
    }
    assert all(f"{{{k.prefix}:one-{k.name}|the {k.name}}}" in texts[0][2] for k in kinds.KINDS)


# Nothing else lists the kinds -------------------------------------------------------------------

# Where the kinds may be named all together, and why.
ALLOWED = {
    "archive/kinds.py": "the definition itself",
    "archive/migrations/": "the model's choices as each migration left them",
    "archive/corpus/": "synthetic archives make names for each kind (their lists are checked above to cover KINDS)",
}
# Any three kinds named together are a list of kinds (two may be a rule about those two, such as the
# kinds whose names are matched across romanizations).
TOGETHER = 3
WORDS = {
    word.lower(): kind.name
    for kind in kinds.KINDS
    for word in (kind.name, kind.segment, kind.label, kind.plural, kind.prefix, kind.model_name)
}
TEMPLATE_WORD = re.compile(r"entity-([a-z]+)\b|\b([A-Za-z]+)\b")
TEMPLATE_REACH = 160  # characters within which three kinds named in a template are a list of them


def _named(node) -> set[str]:
    """The kinds that the strings and names directly inside node name."""
    parts = [*node.keys, *node.values] if isinstance(node, ast.Dict) else list(ast.iter_child_nodes(node))
    found = set()
    for part in parts:
        if isinstance(part, ast.Constant) and isinstance(part.value, str) and part.value.lower() in WORDS:
            found.add(WORDS[part.value.lower()])
        elif isinstance(part, ast.Name) and part.id.lower() in WORDS:
            found.add(WORDS[part.id.lower()])
    return found


def _assigned(node) -> set[str]:
    """The kinds named by the assignments and classes directly in a class or module body."""
    names = [t.id for s in node.body if isinstance(s, ast.Assign) for t in s.targets if isinstance(t, ast.Name)]
    names += [s.name for s in node.body if isinstance(s, ast.ClassDef)]
    return {WORDS[name.lower()] for name in names if name.lower() in WORDS}


def python_lists(source: str) -> list[int]:
    """Lines where a literal, a comparison or a class body names TOGETHER kinds or more."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Tuple | ast.List | ast.Set | ast.Dict | ast.Compare | ast.BoolOp | ast.Call):
            named = _named(node)
        elif isinstance(node, ast.ClassDef | ast.Module):
            named = _assigned(node)
        else:
            continue
        if len(named) >= TOGETHER:
            found.append(getattr(node, "lineno", 1))
    return found


def template_lists(source: str) -> list[int]:
    """Lines where TOGETHER kinds or more are named within TEMPLATE_REACH characters."""
    hits = []
    for match in TEMPLATE_WORD.finditer(source):
        word = (match.group(1) or match.group(2)).lower()
        if word in WORDS and (match.group(1) or len(word) > 2):  # a prefix counts only as a class name
            hits.append((match.start(), WORDS[word]))
    found = []
    for start, _ in hits:
        near = {kind for at, kind in hits if start <= at < start + TEMPLATE_REACH}
        if len(near) >= TOGETHER:
            found.append(source.count("\n", 0, start) + 1)
    return sorted(set(found))


def _allowed(path: str) -> bool:
    return any(path == allowed or path.startswith(allowed) for allowed in ALLOWED if allowed.endswith("/")) or (
        path in ALLOWED
    )


def test_the_finder_sees_a_list_of_kinds_and_passes_other_code():
    names = ", ".join(f'"{kind.name}"' for kind in kinds.KINDS[:TOGETHER])
    assert python_lists(f"X = 1\nKINDS = ({names})\n") == [2]
    assert python_lists(f"if kind in {{{names}}}:\n    pass\n") == [1]
    members = "\n".join(f"    {kind.name} = Filter()" for kind in kinds.KINDS[:TOGETHER])
    assert python_lists(f"class Filters:\n{members}\n") == [1]
    classes = "".join(f"class {kind.model_name}(Entity):\n    pass\n" for kind in kinds.KINDS[:TOGETHER])
    assert python_lists(classes) == [1]
    assert python_lists(f'KINDS = ("{kinds.KINDS[0].name}", "{kinds.KINDS[1].name}")\n') == []
    assert python_lists("for kind in KINDS:\n    print(kind.name)\n") == []
    plurals = ", ".join(kind.plural.lower() for kind in kinds.KINDS[:TOGETHER])
    assert template_lists(f"<p>\nThe {plurals} named in a text.</p>") == [2]
    classes = " ".join(f'<span class="entity-{kind.prefix}">x</span>' for kind in kinds.KINDS[:TOGETHER])
    assert template_lists(classes) == [1]
    assert template_lists('{% for kind in kinds %}<a href="{{ kind.segment }}">{{ kind.plural }}</a>{% endfor %}') == []


def test_no_module_or_template_lists_the_kinds():
    found = []
    for path in sorted((ROOT / "archive").rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        if not _allowed(name):
            found += [f"{name}:{line}" for line in python_lists(path.read_text(encoding="utf-8"))]
    for path in sorted((ROOT / "templates").rglob("*.html")):
        name = path.relative_to(ROOT).as_posix()
        found += [f"{name}:{line}" for line in template_lists(path.read_text(encoding="utf-8"))]
    assert found == [], "list the kinds through archive.kinds.KINDS (or {% entity_kinds %}) instead"


def test_entity_links_mark_each_kind_and_escape_names_as_django_does(db):
    from django.utils.html import escape

    from archive.templatetags.kinds import entity_links

    person = make_entity("person", "Smith & <Sons> \"Co\" 'Ltd'", slug="smith")
    place = make_entity("place", "Pyongyang")
    html = entity_links([person, place])
    assert html == (
        f'<li><a class="entity entity-p" href="{person.get_absolute_url()}">{escape(person.name)}</a></li>'
        f'<li><a class="entity entity-pl" href="{place.get_absolute_url()}">Pyongyang</a></li>'
    )
    assert "&amp; &lt;Sons&gt; &quot;Co&quot; &#x27;Ltd&#x27;" in html
    assert entity_links([]) == ""
