"""The OAI-PMH interface at /oai/: GET or POST, as the protocol allows."""

from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from archive.oai.verbs import answer

from .absolute import absolute_uris


@csrf_exempt  # harvesters POST form-encoded requests without a session; nothing is written
@require_http_methods(["GET", "HEAD", "POST"])
def oai(request):
    params = request.POST if request.method == "POST" else request.GET
    base_url = request.build_absolute_uri(reverse("oai"))
    body = answer(params, base_url, absolute_uris(request))
    return HttpResponse(body, content_type="text/xml; charset=utf-8")
