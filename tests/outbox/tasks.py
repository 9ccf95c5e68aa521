"""A task for the worker-crash test: it stalls on its first attempt (the test kills the worker
then) and finishes on the next, noting each attempt in a file."""

from __future__ import annotations

import time
from pathlib import Path

from django_tasks import task


@task(takes_context=True)
def stall_on_first_attempt(context, marker: str) -> str:
    with Path(marker).open("a") as notes:
        notes.write(f"attempt {context.attempt}\n")
    if context.attempt == 1:
        time.sleep(600)  # killed here
    return f"done on attempt {context.attempt}"
