"""A body that never ends, for the bounded-read tests of the reference servers' clients."""
from __future__ import annotations

import asyncio


async def endless_body():
    while True:
        yield b"x" * 65536
        await asyncio.sleep(0)
