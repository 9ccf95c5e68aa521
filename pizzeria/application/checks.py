"""System check: every command and query has exactly one handler, or the project won't start."""

from django.conf import settings
from django.core.checks import Error, Tags, register

from pizzeria.application.registry import HandlerRegistry


@register(Tags.compatibility, "mediator")
def check_every_request_has_one_handler(app_configs=None, **kwargs):
    try:
        registry = HandlerRegistry.discover(settings.MEDIATOR.get("HANDLER_MODULES", ()))
    except ImportError as problem:
        return [Error(f"A mediator handler module cannot be imported: {problem}", id="mediator.E001")]
    return [
        Error(problem, hint="Write exactly one handler for each command and query.", id="mediator.E002")
        for problem in registry.problems()
    ]
