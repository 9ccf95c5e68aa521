"""Production settings, checked the way an operator meets them: a fresh interpreter started with
only the environment it is given (no test defaults), importing pizzeria.settings."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "pizza.example",
    "SITE_URL": "https://pizza.example",
    "CSRF_TRUSTED_ORIGINS": "https://pizza.example",
}


def run(args, **env):
    """Run ``python <args>`` in the project with a clean environment plus ``env``."""
    clean = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "DJANGO_SETTINGS_MODULE": "pizzeria.settings",
             "DATABASE_URL": "sqlite:////tmp/pizzeria-settings-check-unused.sqlite3", **env}
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120)


def settings_with(names, **env):
    """The values of the named settings, as pizzeria.settings computes them from ``env``."""
    code = ("import json, pizzeria.settings as s; "
            f"print(json.dumps({{n: getattr(s, n, None) for n in {list(names)!r}}}))")
    result = run(["-c", code], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def deploy_check(**env):
    return run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **env)


def test_production_refuses_to_start_without_a_secret_key():
    result = run(["manage.py", "check"])  # DEBUG is off by default
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "SECRET_KEY is not set" in result.stderr

    explicit = run(["-c", "import pizzeria.settings"], DEBUG="0", SECRET_KEY="")
    assert explicit.returncode != 0 and "SECRET_KEY" in explicit.stderr


def test_debug_is_off_by_default_and_only_debug_may_use_the_development_key():
    assert settings_with(["DEBUG"], SECRET_KEY="x" * 50) == {"DEBUG": False}
    development = settings_with(["DEBUG", "SECRET_KEY", "PIZZERIA_HTTPS", "SECURE_SSL_REDIRECT"], DEBUG="1")
    assert development["DEBUG"] is True and development["SECRET_KEY"].startswith("dev-only-")
    assert development["PIZZERIA_HTTPS"] is False and development["SECURE_SSL_REDIRECT"] is False


def test_the_production_environment_passes_every_deployment_check():
    result = deploy_check(**PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_is_https_only_by_default():
    values = settings_with(["SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
                            "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD",
                            "SECURE_PROXY_SSL_HEADER"], **PRODUCTION)
    assert values == {"SECURE_SSL_REDIRECT": True, "SESSION_COOKIE_SECURE": True, "CSRF_COOKIE_SECURE": True,
                      "SECURE_HSTS_SECONDS": 31536000, "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
                      "SECURE_HSTS_PRELOAD": True, "SECURE_PROXY_SSL_HEADER": None}


def test_the_plain_http_switch_turns_off_redirect_secure_cookies_and_hsts():
    values = settings_with(["SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
                            "SECURE_HSTS_SECONDS"], **PRODUCTION, PIZZERIA_HTTPS="0")
    assert values == {"SECURE_SSL_REDIRECT": False, "SESSION_COOKIE_SECURE": False, "CSRF_COOKIE_SECURE": False,
                      "SECURE_HSTS_SECONDS": 0}


def test_the_forwarded_proto_header_is_believed_only_with_trusted_proxies():
    behind_proxy = settings_with(["SECURE_PROXY_SSL_HEADER"], **PRODUCTION, TRUSTED_PROXIES="10.0.0.5, 10.1.0.0/16")
    assert behind_proxy == {"SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"]}
    assert deploy_check(**PRODUCTION, TRUSTED_PROXIES="10.0.0.5").returncode == 0


@pytest.mark.parametrize(("setting", "check_id"), [
    ("SECURE_HSTS_INCLUDE_SUBDOMAINS", "security.W005"),
    ("SECURE_HSTS_PRELOAD", "security.W021"),
])
def test_turning_an_hsts_option_off_silences_exactly_that_warning(setting, check_id):
    values = settings_with([setting, "SILENCED_SYSTEM_CHECKS"], **PRODUCTION, **{setting: "0"})
    assert values[setting] is False and check_id in values["SILENCED_SYSTEM_CHECKS"]
    assert deploy_check(**PRODUCTION, **{setting: "0"}).returncode == 0
    # Nothing else is silenced: without HSTS at all the deployment check still fails.
    no_hsts = deploy_check(**PRODUCTION, **{setting: "0"}, SECURE_HSTS_SECONDS="0")
    assert no_hsts.returncode != 0 and "security.W004" in no_hsts.stderr


def test_the_deployment_check_warns_while_site_url_is_the_default():
    production = {name: value for name, value in PRODUCTION.items() if name != "SITE_URL"}
    result = deploy_check(**production)
    assert result.returncode != 0
    assert "pizzeria.W001" in result.stderr and "SITE_URL" in result.stderr


def test_the_deployment_check_warns_when_site_url_names_a_host_the_site_refuses():
    result = deploy_check(**{**PRODUCTION, "SITE_URL": "https://elsewhere.example"})
    assert result.returncode != 0 and "pizzeria.W003" in result.stderr


def test_a_plain_http_deployment_is_reported_by_the_deployment_check():
    result = deploy_check(**PRODUCTION, PIZZERIA_HTTPS="0")
    assert result.returncode != 0
    for check_id in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert check_id in result.stderr
