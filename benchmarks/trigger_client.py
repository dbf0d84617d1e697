"""The caller of the transmitter's trigger endpoint, in a process of its own (as an application
raising security events would be): its CPU is not counted as the transmitter's.

`python -m benchmarks.trigger_client '{"url": ..., "token": ..., "streams": [...], "count": N}'`
prints `ready`, waits for a line on stdin, then makes `count` calls of
`POST {url}/ssf/actions/session-revoked`, round-robin over the streams with one call in flight
per stream, and prints the jti of each stream's last SET as a JSON list.
"""
from __future__ import annotations

import asyncio
import json
import sys

import httpx


async def trigger(url: str, token: str, streams: list[str], count: int) -> list[str]:
    async with httpx.AsyncClient(base_url=url, timeout=60,
                                 headers={"Authorization": f"Bearer {token}"}) as client:
        async def stream_calls(k: int) -> str:
            jti = ""
            for i in range(k, count, len(streams)):
                response = await client.post("/ssf/actions/session-revoked", json={
                    "email": f"user{i}@example.com", "stream_id": streams[k]})
                response.raise_for_status()
                jti = response.json()["deliveries"][0]["jti"]
            return jti
        return list(await asyncio.gather(*(stream_calls(k) for k in range(len(streams)))))


def main(raw: str) -> None:
    settings = json.loads(raw)
    print("ready", flush=True)
    sys.stdin.readline()
    print(json.dumps(asyncio.run(trigger(**settings))), flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
