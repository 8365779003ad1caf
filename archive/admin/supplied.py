"""The document form's part that marks values as supplied by the archive: a tick and a note per field."""

from django import forms

from archive.header_fields import SUPPLIED_FIELDS
from archive.models import Document

NOTE_MAX_LENGTH = 500


def mark_name(field_name: str) -> str:
    return f"supplied_{field_name}"


def note_name(field_name: str) -> str:
    return f"supplied_{field_name}_note"


def _declared_fields() -> dict[str, forms.Field]:
    fields = {}
    for field_name, label in SUPPLIED_FIELDS.values():
        fields[mark_name(field_name)] = forms.BooleanField(label=f"{label}: supplied", required=False)
        fields[note_name(field_name)] = forms.CharField(
            label="why",
            required=False,
            max_length=NOTE_MAX_LENGTH,
            widget=forms.TextInput(attrs={"size": 70, "aria-label": f"Why the archive supplied the {label.lower()}"}),
        )
    return fields


class SuppliedFormMixin:
    """Reads the record's supplied values into the ticks and notes, and writes them back on clean."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        supplied = self.instance.supplied if isinstance(self.instance.supplied, dict) else {}
        for key, (field_name, _) in SUPPLIED_FIELDS.items():
            if key in supplied and mark_name(field_name) in self.fields:
                self.initial.setdefault(mark_name(field_name), True)
                self.initial.setdefault(note_name(field_name), supplied[key] or "")

    def clean(self):
        cleaned = super().clean()
        supplied = {}
        for key, (field_name, label) in SUPPLIED_FIELDS.items():
            if mark_name(field_name) not in self.fields:
                continue
            marked = cleaned.get(mark_name(field_name))
            note = " ".join((cleaned.get(note_name(field_name)) or "").split())
            if marked and field_name in cleaned and not cleaned[field_name]:
                self.add_error(
                    mark_name(field_name), f"{label} is empty: only a value the record gives can be supplied."
                )
            elif note and not marked:
                self.add_error(note_name(field_name), f"Tick '{label}: supplied' for this note, or clear the note.")
            elif marked:
                supplied[key] = note
        self.instance.supplied = supplied
        return cleaned


DocumentForm = type(
    "DocumentForm",
    (SuppliedFormMixin, forms.ModelForm),
    {**_declared_fields(), "Meta": type("Meta", (), {"model": Document, "exclude": ("supplied",)})},
)

# The fieldset of the document's admin page: one row per field, its tick and its note.
SUPPLIED_FIELDSET = (
    "Stated or supplied",
    {
        "description": (
            "Tick a value that the archive supplied rather than the source stated (a title the editor "
            "composed, an outlet or language inferred from the text, a rights statement the archive "
            "chose, a date worked out from other evidence) and say why, e.g. 'composed by the editor: the "
            "source has no title line' or 'inferred from the report's style'. Readers see the value in square "
            "brackets, with the note. In a file: 'supplied: KEY ; note = why'."
        ),
        "fields": [(mark_name(field_name), note_name(field_name)) for field_name, _ in SUPPLIED_FIELDS.values()],
    },
)
