"""A TCP proxy in front of the real server that breaks matching requests on purpose.

Faults: ``drop_response`` lets the request reach the server and cuts the connection before the
answer gets back (the work happened, the client sees a network error); ``status:NNN`` answers
NNN itself without forwarding (the server never sees it).
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

KEY_HEADER = re.compile(rb"^idempotency-key:\s*(\S+)", re.IGNORECASE | re.MULTILINE)


@dataclass
class FaultyProxy:
    target: str
    request_line: bytes
    fault: str
    times: int = 1
    faults: int = 0
    seen_keys: list[str | None] = field(default_factory=list)
    _server: asyncio.Server | None = None

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.sockets[0].getsockname()[:2]
        return f"http://{host}:{port}"

    async def __aenter__(self) -> FaultyProxy:
        self._server = await asyncio.start_server(self._connection, "127.0.0.1", 0)
        return self

    async def __aexit__(self, *_: object) -> None:
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()

    async def _connection(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        target = urlsplit(self.target)
        upstream_reader, upstream_writer = await asyncio.open_connection(target.hostname, target.port)
        faulty = asyncio.Event()

        async def forward_requests() -> None:
            while chunk := await client_reader.read(65536):
                if chunk.startswith(self.request_line):
                    key = KEY_HEADER.search(chunk)
                    self.seen_keys.append(key.group(1).decode() if key else None)
                    if self.faults < self.times:
                        self.faults += 1
                        if self.fault.startswith("status:"):
                            client_writer.write(_status_response(int(self.fault.removeprefix("status:"))))
                            await client_writer.drain()
                            break
                        faulty.set()
                upstream_writer.write(chunk)
                await upstream_writer.drain()

        async def forward_responses() -> None:
            while chunk := await upstream_reader.read(65536):
                if faulty.is_set():
                    break
                client_writer.write(chunk)
                await client_writer.drain()

        tasks = [asyncio.create_task(forward_requests()), asyncio.create_task(forward_responses())]
        try:
            await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        except ConnectionError:
            pass
        finally:
            for task in tasks:
                task.cancel()
            for writer in (client_writer, upstream_writer):
                writer.close()


def _status_response(status: int) -> bytes:
    headers = "content-length: 0\r\nconnection: close\r\n"
    if status == 429:
        headers += "retry-after: 0\r\n"
    return f"HTTP/1.1 {status} Injected\r\n{headers}\r\n".encode()
