"""Benchmarks and load tools, kept out of the domain apps.

`make bench` runs ``python -m bench.run``: real Daphne processes, socket and HTTP clients in a
separate process (``bench.client``), and a bare ``websockets`` broadcast server (``bench.floor``)
measured in the same run. ``manage.py load_test`` is the bounded load test for `make run-scaled`.
"""
