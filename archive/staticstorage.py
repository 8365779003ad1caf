"""The static files' storage: WhiteNoise's (hashed names from the manifest, compressed copies), remembering
each file's address once worked out."""

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFiles(CompressedManifestStaticFilesStorage):
    """A page links half a dozen static files, and working out an address (the manifest's hashed name, then
    joining and quoting the URL) took 10 µs each time; the manifest does not change while the process runs,
    and `collectstatic`, which writes it, forgets what was remembered."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[tuple[str, bool, bool], str] = {}

    def url(self, name, force=False):
        key = (name, force, settings.DEBUG)  # DEBUG serves names unhashed
        found = self._urls.get(key)
        if found is None:
            found = self._urls[key] = super().url(name, force)
        return found

    def post_process(self, *args, **kwargs):
        yield from super().post_process(*args, **kwargs)
        self._urls.clear()  # the manifest it wrote gives the addresses from now on
