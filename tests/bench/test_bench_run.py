"""`make bench` end to end, at a tiny size: real Daphne, the client process and the floor."""

import json
import subprocess
import sys

import pytest
from django.core.management import CommandError

from bench.fill import fill_active_orders, require_scratch_database
from orders.models import Order, OrderLine
from scripts.run_scaled import ROOT


def test_bench_run_times_every_frame_of_every_order_against_the_floor(tmp_path):
    results = tmp_path / "bench.json"
    done = subprocess.run(
        [sys.executable, "-m", "bench.run", "--only", "embedded", "--orders", "3", "--sockets", "4",
         "--repeats", "1", "--active", "40", "--overhead-orders", "5", "--base-port", "18701",
         "--json", str(results)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "p99 pooled / floor p99" in done.stdout and "What these figures cannot show" in done.stdout
    (config,) = json.loads(results.read_text())["configurations"]
    (figures,) = config["repeats"]
    assert figures["frames"] == 3 * 4 and figures["missing"] == 0  # every socket, every order
    assert 0 < figures["floor_p50"] <= figures["floor_p99"]
    assert 0 < figures["p50"] <= figures["p99"]
    assert figures["p99_ratio"] == pytest.approx(figures["p99"] / figures["floor_p99"])
    assert figures["cpu_idle"] > 0 and figures["post_idle"] > 0
    assert all(mb > 20 for mb in figures["rss_sockets"] + figures["rss_active"])
    assert figures["page_kb"] > 1 and figures["resync_kb"] > 1
    board_50, board_1000 = config["inprocess"]["board"]
    assert board_50["status"] == 200 and board_50["queries"] > 0
    assert 0 < figures["get_order"] and figures["get_order_ratio"] == pytest.approx(
        figures["get_order"] / figures["floor_p50"])
    mediator = config["inprocess"]["mediator"]
    assert mediator["ratio"] > 0 and mediator["direct_and_timeline_ms"] > 0
    assert mediator["ratio_same_writes"] == pytest.approx(mediator["mediator_ms"] / mediator["direct_and_timeline_ms"])


@pytest.mark.django_db
def test_fill_makes_active_orders_with_max_size_texts_and_refuses_a_real_database(menu, monkeypatch):
    with pytest.raises(CommandError):
        require_scratch_database()  # BENCH_SCRATCH_DATABASE unset: never delete someone's orders
    fill_active_orders(12)
    assert Order.objects.count() == 12 and OrderLine.objects.count() == 24
    assert {len(name) for name in Order.objects.values_list("customer_name", flat=True)} == {100}
    assert set(Order.objects.values_list("status", flat=True)) == {"pending", "confirmed", "cooking", "ready"}
