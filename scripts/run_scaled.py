"""Run the scale-out configuration: N Daphne processes on consecutive ports, one PostgreSQL
database and one Redis (channel layer + cache) shared by all of them.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test REDIS_URL=redis://127.0.0.1:6379/0 \\
        python scripts/run_scaled.py --processes 2 --base-port 8001

Migrates, loads the demo data, then serves until interrupted (Ctrl-C stops every process).
Like `make run`, it serves plain http with DEBUG=0 and a random SECRET_KEY kept in .secret_key,
unless SECRET_KEY, PIZZERIA_HTTPS or DEBUG are set.
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SECRET_FILE = ROOT / ".secret_key"  # git-ignored; shared with `make run`


def demo_secret_key() -> str:
    """The demo's random SECRET_KEY: made once, then read back so sessions survive restarts."""
    if not SECRET_FILE.exists():
        partial = SECRET_FILE.with_suffix(".tmp")
        with os.fdopen(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as file:
            file.write(secrets.token_urlsafe(50) + "\n")
        partial.replace(SECRET_FILE)
    return SECRET_FILE.read_text().strip()


def wait_for_port(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"Nothing is listening on port {port} after {timeout} s.")


def start_daphnes(count: int, base_port: int, env: dict[str, str], *, quiet: bool = False) -> list[subprocess.Popen]:
    """Start the processes and wait until each one listens (``quiet``: no access log, for tests)."""
    processes = []
    for port in range(base_port, base_port + count):
        processes.append(subprocess.Popen(
            [PYTHON, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "pizzeria.asgi:application"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL if quiet else None,
        ))
    for port in range(base_port, base_port + count):
        wait_for_port(port)
    return processes


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--processes", type=int, default=int(os.environ.get("PROCESSES", "2")))
    parser.add_argument("--base-port", type=int, default=int(os.environ.get("BASE_PORT", "8001")))
    args = parser.parse_args()

    env = dict(os.environ)
    if not env.get("DATABASE_URL", "").startswith("postgres") or not env.get("REDIS_URL"):
        print("The scale-out run needs DATABASE_URL=postgres://… and REDIS_URL=redis://…", file=sys.stderr)
        return 2
    env.setdefault("DJANGO_SETTINGS_MODULE", "pizzeria.settings")
    if not env.get("SECRET_KEY"):
        env["SECRET_KEY"] = demo_secret_key()
    env.setdefault("PIZZERIA_HTTPS", "0")  # a local demo over plain http
    env.setdefault("PIZZERIA_ALWAYS_OPEN", "1")
    manage = [PYTHON, str(ROOT / "manage.py")]
    for step in (["migrate", "--noinput"], ["load_demo_data"], ["collectstatic", "--noinput", "--verbosity", "0"]):
        subprocess.run([*manage, *step], cwd=ROOT, env=env, check=True)

    processes = start_daphnes(args.processes, args.base_port, env)
    ports = range(args.base_port, args.base_port + args.processes)
    print("\n  Mario's Pizzeria, scale-out: " + ", ".join(f"http://127.0.0.1:{p}/" for p in ports))
    print("  Every process shares the database and the Redis channel layer. Ctrl-C stops them all.\n")
    signal.signal(signal.SIGTERM, lambda *_: (stop(processes), sys.exit(0)))
    try:
        while all(process.poll() is None for process in processes):
            time.sleep(0.5)
        print("A Daphne process exited; stopping the others.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        stop(processes)


if __name__ == "__main__":
    sys.exit(main())
