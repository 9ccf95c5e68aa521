"""The floor: a bare ``websockets`` broadcast server, nothing else (no Django, no Channels).

    python -m bench.floor PORT

Sockets on ``/listen`` receive every message that arrives on ``/publish``, sent with
``websockets.broadcast``. The benchmark drives it from the same client process, with the same
number of sockets and frames of the app's size, so its latency is what any Python websocket
server on this machine needs: the app's figures are reported as ratios to it.
"""

from __future__ import annotations

import asyncio
import sys

from websockets.asyncio.server import broadcast, serve

listeners: set = set()


async def handler(connection) -> None:
    if connection.request.path == "/publish":
        async for message in connection:
            broadcast(listeners, message)
        return
    listeners.add(connection)
    try:
        await connection.wait_closed()
    finally:
        listeners.discard(connection)


async def main(port: int) -> None:
    # No compression: Daphne sends the app's frames uncompressed, so the floor puts the same bytes
    # on the wire (compressed, its filler frames were a few dozen bytes each).
    async with serve(handler, "127.0.0.1", port, max_size=None, ping_interval=None, compression=None):
        print("floor listening", flush=True)
        await asyncio.Future()


if __name__ == "__main__":
    try:
        asyncio.run(main(int(sys.argv[1])))
    except KeyboardInterrupt:
        pass
