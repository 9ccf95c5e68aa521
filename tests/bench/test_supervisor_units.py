"""The supervisor's bookkeeping, without PostgreSQL: restarts, the crash-loop pause, a clean stop.
(tests/scaleout/test_supervisor.py kills a real Daphne process on the scale-out configuration.)"""

import os
import signal
import sys
import time

from scripts.run_scaled import MAX_PAUSE, Child, Supervisor

SLEEPER = [sys.executable, "-c", "import time; time.sleep(60)"]


def test_a_first_death_restarts_at_once_and_a_crash_loop_backs_off(monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(time, "monotonic", lambda: clock[0])
    child = Child(name="x", argv=SLEEPER)
    assert child.pause() == 0.0  # first death: straight back
    clock[0] += 1
    assert child.pause() == 0.5
    clock[0] += 1
    assert child.pause() == 1.0
    for _ in range(10):
        clock[0] += 1
        pause = child.pause()
    assert pause == MAX_PAUSE
    clock[0] += 60  # quiet for longer than the crash window: a new death counts as a first one
    assert child.pause() == 0.0


def test_a_dead_child_is_started_again_and_stop_ends_every_child():
    supervisor = Supervisor([Child(name="sleeper", argv=SLEEPER)], dict(os.environ), spares=False)
    supervisor.start_all()
    (child,) = supervisor.children
    first = child.process
    os.kill(first.pid, signal.SIGKILL)
    first.wait()
    supervisor.check()
    assert child.process is not None and child.process.pid != first.pid and child.process.poll() is None
    supervisor.stop()
    assert child.process.poll() is not None
    stopped = child.process
    supervisor.check()  # stopping: nothing is started again
    assert child.process is stopped
