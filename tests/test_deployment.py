"""Production mode (PLENUM_ENV=production): what it requires, what it turns on, and the CSP in every mode."""

import json
import os
import re
import subprocess
import sys

import pytest
from django.urls import reverse

from tests.conftest import ROOT, annotated, import_text

KEY = "k" * 20 + "Q3v9-x_Lm2pR8sT1uW4yZ7aB0cD5eF6gH"  # 53 characters, many distinct
PRODUCTION = {"PLENUM_ENV": "production", "SECRET_KEY": KEY, "ALLOWED_HOSTS": "archive.example.org"}
SETTINGS_READ = [
    "PLENUM_ENV", "SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "SSL_REDIRECT", "HSTS_SECONDS", "HSTS_INCLUDE_SUBDOMAINS",
    "HSTS_PRELOAD", "SECURE_COOKIES", "PROXY_SSL_HEADER", "CLIENT_IP_HEADER", "CSRF_TRUSTED_ORIGINS",
]  # fmt: skip


def run(tmp_path, env: dict, *args: str) -> subprocess.CompletedProcess:
    # Only the variables under test: not the test run's own (the browser tests allow async-unsafe calls).
    ignored = {*SETTINGS_READ, "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in ignored}
    clean.update({"PLENUM_VAR_DIR": str(tmp_path), **env})
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120, check=False
    )


def settings_in(tmp_path, env: dict, *names: str) -> dict:
    code = (
        "import json, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'archive.settings'; "
        "from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {list(names)!r}}}, default=str))"
    )
    result = run(tmp_path, env, "-c", code)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_check_deploy_gives_no_warning_in_production(tmp_path):
    result = run(tmp_path, PRODUCTION, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert not (tmp_path / "secret_key").exists()


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without(tmp_path, missing):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}
    result = run(tmp_path, env, "manage.py", "check")
    assert result.returncode != 0
    assert f"PLENUM_ENV=production needs {missing} in the environment" in result.stderr
    assert not (tmp_path / "secret_key").exists()  # no key file written in production


@pytest.mark.parametrize(
    "env, message",
    [
        ({"SECRET_KEY": "short"}, "SECRET_KEY must be at least 50 characters in production"),
        ({"DEBUG": "1"}, "DEBUG must be off when PLENUM_ENV=production"),
        ({"PLENUM_ENV": "prod"}, "PLENUM_ENV must be 'production' or 'development', not 'prod'"),
        ({"HSTS_SECONDS": "1y"}, "HSTS_SECONDS must be a whole number of seconds, not '1y'"),
    ],
)
def test_production_refuses_unsafe_settings(tmp_path, env, message):
    result = run(tmp_path, {**PRODUCTION, **env}, "manage.py", "check")
    assert result.returncode != 0 and message in result.stderr


def test_production_turns_https_on_and_the_environment_tunes_it(tmp_path):
    names = ("SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE")
    assert settings_in(tmp_path, PRODUCTION, *names) == dict.fromkeys(names, True) | {"SECURE_HSTS_SECONDS": 31536000}
    tuned = {
        **PRODUCTION,
        "HSTS_SECONDS": "3600",
        "SSL_REDIRECT": "0",
        "PROXY_SSL_HEADER": "X-Forwarded-Proto",
        "CSRF_TRUSTED_ORIGINS": "https://archive.example.org, https://www.archive.example.org",
    }
    found = settings_in(tmp_path, tuned, "SECURE_HSTS_SECONDS", "SECURE_SSL_REDIRECT", "SECURE_PROXY_SSL_HEADER",
                        "CSRF_TRUSTED_ORIGINS")  # fmt: skip
    assert found == {
        "SECURE_HSTS_SECONDS": 3600,
        "SECURE_SSL_REDIRECT": False,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "CSRF_TRUSTED_ORIGINS": ["https://archive.example.org", "https://www.archive.example.org"],
    }


def test_development_keeps_its_local_defaults(tmp_path):
    found = settings_in(tmp_path, {}, "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "ALLOWED_HOSTS")
    local = ["127.0.0.1", "localhost", "[::1]"]
    assert found == {"SECURE_SSL_REDIRECT": False, "SECURE_HSTS_SECONDS": 0, "ALLOWED_HOSTS": local}
    assert (tmp_path / "secret_key").exists()  # kept for the next run, outside production only


def _policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.strip() for part in header.split(";") if part.strip()}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/documents/1/", "/search/?q=plenum", reverse("admin:login")])
def test_every_page_has_a_strict_content_security_policy(client, seeds, path):
    response = client.get(path)
    policy = _policy(response)
    assert policy["script-src"] == "script-src 'self'" and policy["style-src"] == "style-src 'self'"
    assert policy["object-src"] == "object-src 'none'" and policy["frame-ancestors"] == "frame-ancestors 'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_templates_hold_no_inline_script_or_style():
    found = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        # A data block (JSON-LD) is never run, so the policy does not concern it.
        inline_script = r"<script(?![^>]*\b(?:src=|type=\"application/ld\+json\"))[^>]*>"
        for pattern in (inline_script, r"<style\b", r"\sstyle=", r"\son[a-z]+=", r"javascript:"):
            found += [f"{path.relative_to(ROOT)}: {m.group()}" for m in re.finditer(pattern, html, re.IGNORECASE)]
    assert found == []


@pytest.mark.django_db(transaction=True)
def test_a_page_served_from_the_page_cache_keeps_its_policy(client, settings, django_assert_num_queries):
    settings.PLENUM_PAGE_CACHE_SECONDS = 600
    import_text(annotated("Kept page.", record=7, title="Cached"))
    first = client.get("/documents/7/")
    with django_assert_num_queries(0):  # from the page cache
        again = client.get("/documents/7/")
    assert again["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert "script-src 'self'" in again["Content-Security-Policy"]


def test_the_deployment_guide_lists_every_variable_the_settings_read():
    source = (ROOT / "archive" / "settings.py").read_text(encoding="utf-8")
    read = set(re.findall(r'(?:environ\.get|environ\[|_flag\(|_list\(|_seconds\()\(?"([A-Z_]+)"', source))
    read |= {"DATABASE_URL"}
    guide = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `([A-Z_]+)` \|", guide, re.MULTILINE))
    assert "PLENUM_ENV" in read and "PROXY_SSL_HEADER" in read
    assert read == listed
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    in_readme = set(re.findall(r"^\| `([A-Z_]+)` \|", readme, re.MULTILINE))
    assert read <= in_readme, f"the README's settings table lacks {sorted(read - in_readme)}"
