"""Which values of a record the archive supplied rather than its source stated, and how readers see them."""

from django.core.exceptions import ValidationError
from django.db import models

from archive.header_fields import SUPPLIED_FIELDS

SUPPLIED_WITHOUT_NOTE = "Supplied by the archive, not stated by the source"


class SuppliedValues(models.Model):
    """A record whose single-valued fields may be marked as supplied by the archive, each with a note.

    The marks are kept as {header key: note}; a mark on a field without a value counts for nothing.
    """

    supplied = models.JSONField(
        "supplied by the archive",
        default=dict,
        blank=True,
        help_text="The values the archive supplied rather than the source stated: header key -> why.",
    )

    class Meta:
        abstract = True

    def clean(self):
        # Errors on the supplied marks are the record's (no form shows the JSON field itself).
        super().clean()
        if not isinstance(self.supplied, dict):
            raise ValidationError("The supplied values must map header keys to notes.")
        for key, note in self.supplied.items():
            if key not in SUPPLIED_FIELDS:
                raise ValidationError(f"Supplied: '{key}' is not one of: {', '.join(SUPPLIED_FIELDS)}.")
            if not isinstance(note, str):
                raise ValidationError(f"Supplied: the note on '{key}' must be text.")
            if not self.has_value(key):
                raise ValidationError(
                    f"{SUPPLIED_FIELDS[key][1]} is marked supplied but the record gives no value for it."
                )

    def has_value(self, key: str) -> bool:
        """Whether the record gives a value for the field of header key `key`."""
        field_name = SUPPLIED_FIELDS[key][0]
        if field_name in ("source", "rights"):
            return getattr(self, f"{field_name}_id") is not None
        return bool(getattr(self, field_name))

    def supplied_note(self, key: str) -> str | None:
        """Why the archive supplied the value of header key `key`; None when the source states it."""
        note = self.supplied.get(key) if isinstance(self.supplied, dict) else None
        if key not in SUPPLIED_FIELDS or note is None or not self.has_value(key):
            return None
        return str(note)

    def supplied_values(self) -> list[tuple[str, str, str]]:
        """(header key, label, note) of each value the archive supplied, in the order of the format."""
        return [
            (key, label, note)
            for key, (_, label) in SUPPLIED_FIELDS.items()
            if (note := self.supplied_note(key)) is not None
        ]

    @staticmethod
    def supplied_explanation(note: str) -> str:
        """A reader's short explanation of a supplied value (hover text and screen readers)."""
        return f"Supplied by the archive, not stated by the source: {note}" if note else SUPPLIED_WITHOUT_NOTE

    def cited_title(self) -> str:
        """The title as a citation gives it: in square brackets when the archive supplied it."""
        return self.cited("title", self.title)

    def cited(self, key: str, value: str) -> str:
        """`value`, the record's value of header key `key`, in square brackets when the archive supplied it."""
        return f"[{value}]" if self.supplied_note(key) is not None else value
