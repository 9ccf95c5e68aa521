"""Run the scale-out configuration under a supervisor: N Daphne processes on consecutive ports and
the task workers, one PostgreSQL database and one Redis (channel layer + cache) shared by all.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test REDIS_URL=redis://127.0.0.1:6379/0 \\
        python scripts/run_scaled.py --processes 2 --base-port 8001 --workers 1

Migrates, loads the demo data, then supervises until interrupted (Ctrl-C or SIGTERM stops every
process). The supervisor holds each port's listening socket itself and hands it to its Daphne
process (``daphne --fd``), so a port never refuses a connection: while a dead process is replaced,
new connections wait in the socket's backlog. The replacement is a spare interpreter started in
advance, which has already imported Django and the app and only waits to be told which socket to
serve; a new spare is then started for the next time. One that keeps dying right after start is
restarted with a growing pause (up to 10 s), so a broken configuration does not spin. Task workers (`manage.py worker`, or django-tasks-db's `db_worker`)
are supervised the same way when such a command is installed; otherwise the script says so.
Like `make run`, it serves plain http with DEBUG=0 and a random SECRET_KEY kept in .secret_key,
unless SECRET_KEY, PIZZERIA_HTTPS or DEBUG are set.
"""

from __future__ import annotations

import argparse
import functools
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SECRET_FILE = ROOT / ".secret_key"  # git-ignored; shared with `make run`
CRASH_WINDOW = 30.0  # deaths within this many seconds of each other count as a crash loop
MAX_PAUSE = 10.0


def demo_secret_key() -> str:
    """The demo's random SECRET_KEY: made once, then read back so sessions survive restarts."""
    if not SECRET_FILE.exists():
        partial = SECRET_FILE.with_suffix(".tmp")
        with os.fdopen(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as file:
            file.write(secrets.token_urlsafe(50) + "\n")
        partial.replace(SECRET_FILE)
    return SECRET_FILE.read_text().strip()


def port_is_open(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def wait_for_port(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if port_is_open(port):
            return
        time.sleep(0.05)
    raise RuntimeError(f"Nothing is listening on port {port} after {timeout} s.")


def daphne_command(port: int) -> list[str]:
    return [PYTHON, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "pizzeria.asgi:application"]


def start_daphnes(count: int, base_port: int, env: dict[str, str], *, quiet: bool = False,
                  log=None) -> list[subprocess.Popen]:
    """Start the processes and wait until each one listens (``quiet``: no output, for tests and
    benchmarks; ``log``: an open file for their output instead)."""
    out = log if log is not None else (subprocess.DEVNULL if quiet else None)
    processes = [subprocess.Popen(daphne_command(port), cwd=ROOT, env=env, stdout=out,
                                  stderr=out if (quiet or log is not None) else None)
                 for port in range(base_port, base_port + count)]
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
            process.wait()


def listening_socket(port: int) -> socket.socket:
    """The port's socket, owned by the supervisor and inherited by each Daphne that serves it."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", port))
    listener.listen(1024)
    listener.set_inheritable(True)
    return listener


def serves_http(port: int, timeout: float = 60) -> None:
    """Wait until a Daphne process answers on ``port`` (the socket itself is always open)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=5) as probe:
                probe.sendall(b"HEAD /healthz HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
                if probe.recv(12).startswith(b"HTTP/"):
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"No Daphne answered on port {port} after {timeout} s.")


def run_spare() -> int:
    """A spare Daphne: import everything now, then serve the socket the supervisor names on stdin."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pizzeria.settings")
    import pizzeria.asgi  # noqa: F401  (the slow part of a start: Django, the app, its URLs)
    from daphne.cli import CommandLineInterface

    print(f"[supervisor] spare ready (pid {os.getpid()})", flush=True)
    line = sys.stdin.readline()
    if not line.strip():
        return 0  # the supervisor stopped without needing this spare
    CommandLineInterface().run(["--fd", line.strip(), "pizzeria.asgi:application"])
    return 0


@dataclass
class Child:
    """One supervised process: how to start it, and its recent deaths (for the crash-loop pause)."""

    name: str
    argv: list[str]
    port: int | None = None
    fd: int | None = None  # the inherited listening socket a Daphne child serves
    process: subprocess.Popen | None = None
    deaths: list[float] = field(default_factory=list)
    due: float = 0.0  # when a dead child is started again

    def pause(self) -> float:
        """0 for a first death: the port is back as fast as the interpreter starts."""
        now = time.monotonic()
        self.deaths = [moment for moment in self.deaths if now - moment < CRASH_WINDOW] + [now]
        return 0.0 if len(self.deaths) == 1 else min(MAX_PAUSE, 0.5 * 2 ** (len(self.deaths) - 2))


class Supervisor:
    def __init__(self, children: list[Child], env: dict[str, str], *, spares: bool = True):
        self.children = children
        self.env = env
        self.stopping = False
        self.fds = [child.fd for child in children if child.fd is not None]
        self.use_spares = spares and bool(self.fds)
        self.spare: subprocess.Popen | None = None

    def say(self, text: str) -> None:
        print(f"[supervisor] {text}", flush=True)

    def start_spare(self) -> None:
        self.spare = subprocess.Popen([PYTHON, str(Path(__file__).resolve()), "--spare"], cwd=ROOT, env=self.env,
                                      stdin=subprocess.PIPE, pass_fds=self.fds, text=True)

    def start(self, child: Child) -> None:
        spare = self.spare
        if child.fd is not None and spare is not None and spare.poll() is None:
            spare.stdin.write(f"{child.fd}\n")  # serve this socket now
            spare.stdin.close()
            child.process, self.spare = spare, None
            self.say(f"started {child.name} pid {child.process.pid} (from the spare)")
            self.start_spare()
            return
        child.process = subprocess.Popen(child.argv, cwd=ROOT, env=self.env, pass_fds=self.fds)
        self.say(f"started {child.name} pid {child.process.pid}")

    def start_all(self) -> None:
        for child in self.children:
            self.start(child)
        for child in self.children:
            if child.port is not None:
                serves_http(child.port)
        if self.use_spares:
            self.start_spare()

    def check(self) -> None:
        """One round: restart what died (after its pause)."""
        if self.stopping:
            return
        now = time.monotonic()
        for child in self.children:
            if child.process is not None and child.process.poll() is not None:
                code = child.process.returncode
                child.process = None
                child.due = now + child.pause()
                self.say(f"{child.name} exited with code {code}; restarting"
                         + (f" in {child.due - now:.1f} s (it keeps dying)" if child.due > now else ""))
            if child.process is None and now >= child.due:
                self.start(child)

    def run(self) -> None:
        while not self.stopping:
            self.check()
            time.sleep(0.1)

    def stop(self, *_) -> None:
        self.stopping = True
        processes = [child.process for child in self.children if child.process is not None]
        if self.spare is not None:
            processes.append(self.spare)
        stop(processes)


WORKER_COMMANDS = ("worker", "db_worker")  # the project's own worker first, else django-tasks-db's


@functools.cache
def _worker_command(settings_module: str) -> str | None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings_module, "DEBUG": "1"}
    for name in WORKER_COMMANDS:
        probe = subprocess.run([PYTHON, str(ROOT / "manage.py"), "help", name], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if probe.returncode == 0:
            return name
    return None


def worker_command(env: dict[str, str]) -> str | None:
    """The task worker's management command, if one is installed here."""
    return _worker_command(env.get("DJANGO_SETTINGS_MODULE", "pizzeria.settings"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--processes", type=int, default=int(os.environ.get("PROCESSES", "2")))
    parser.add_argument("--base-port", type=int, default=int(os.environ.get("BASE_PORT", "8001")))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WORKERS", "1")),
                        help="task worker processes (manage.py worker), 0 for none")
    parser.add_argument("--skip-setup", action="store_true",
                        help="no migrate / demo data / collectstatic (the database is ready)")
    parser.add_argument("--no-spare", action="store_true", help="restart with a fresh interpreter, no spare")
    parser.add_argument("--spare", action="store_true", help=argparse.SUPPRESS)  # internal: a spare Daphne
    args = parser.parse_args(argv)
    if args.spare:
        return run_spare()

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
    if not args.skip_setup:
        for step in (["migrate", "--noinput"], ["load_demo_data"], ["collectstatic", "--noinput", "--verbosity", "0"]):
            subprocess.run([*manage, *step], cwd=ROOT, env=env, check=True)

    ports = range(args.base_port, args.base_port + args.processes)
    sockets = {port: listening_socket(port) for port in ports}
    children = [Child(name=f"daphne :{port}", port=port, fd=sockets[port].fileno(),
                      argv=[PYTHON, "-m", "daphne", "--fd", str(sockets[port].fileno()), "pizzeria.asgi:application"])
                for port in ports]
    worker = worker_command(env) if args.workers else None
    if args.workers and worker is None:
        print("[supervisor] no task worker: neither `manage.py worker` nor `db_worker` is installed here",
              file=sys.stderr, flush=True)
    elif worker:
        children += [Child(name=f"worker {n}", argv=[*manage, worker]) for n in range(1, args.workers + 1)]

    supervisor = Supervisor(children, env, spares=not args.no_spare)
    signal.signal(signal.SIGTERM, lambda *_: (supervisor.stop(), sys.exit(0)))
    supervisor.start_all()
    print("\n  Mario's Pizzeria, scale-out: " + ", ".join(f"http://127.0.0.1:{p}/" for p in ports), flush=True)
    print("  Every process shares the database and the Redis channel layer. A process that dies is "
          "restarted; Ctrl-C stops them all.\n", flush=True)
    try:
        supervisor.run()
    except KeyboardInterrupt:
        pass
    finally:
        supervisor.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
