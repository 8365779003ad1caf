"""The dataset of all public records at /data/plenum-dataset.zip, as export_dataset last built it."""

from django.http import FileResponse, Http404
from django.views.decorators.http import condition

from archive import dataset

from .caching import LIST_MAX_AGE, public


def _built(request):
    if not hasattr(request, "_plenum_dataset_built"):
        request._plenum_dataset_built = dataset.servable(dataset.served_file())
    return request._plenum_dataset_built


@public(LIST_MAX_AGE)
@condition(last_modified_func=lambda request: _built(request))
def dataset_download(request):
    if _built(request) is None:
        raise Http404("The dataset is not built yet, or is being built again after a change.")
    file = dataset.served_file().open("rb")
    return FileResponse(file, as_attachment=True, filename=dataset.DOWNLOAD_NAME, content_type="application/zip")
