from . import documents, entities  # noqa: F401  (registers the ModelAdmins)
