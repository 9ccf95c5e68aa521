import asyncio

import pytest
from channels.db import database_sync_to_async
from django.db import connections

from orders.demo_data import load_demo_data


@pytest.fixture
def close_thread_connections():
    """The consumers' worker thread opens its own connection; close it so PostgreSQL can drop the test DB."""
    yield
    asyncio.run(database_sync_to_async(connections.close_all)())


@pytest.fixture
async def demo(transactional_db, close_thread_connections):
    await database_sync_to_async(load_demo_data)()
