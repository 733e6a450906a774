"""One publisher at a time across hosts: a lock object taken with a conditional write.

The lock is the object ``.publisher-lock`` under the output's prefix, created with a
write that succeeds only if no such object exists (S3's ``If-None-Match: *``), so of
two hosts starting at once exactly one gets it; the other exits 3, as a second build
on one host does. Its body says who holds it and until when (``expires``).

A holder renews it (``ensure``) at each step of publishing once a third of the expiry
has passed, and deletes it when done. A host that crashed leaves it behind: once its
``expires`` is past, the next build takes it over with a write conditional on the
stale lock's etag (``If-Match``), so of several hosts seeing it expire, one wins.
A holder that finds on renewal that its lock was taken over (it ran past the expiry
without renewing) stops before uploading anything more (``LockLost``).

Expiry compares the holder's clock (``expires``, written by it) with the reader's:
hosts must keep their clocks set (NTP); the expiry is minutes, skew is seconds.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol, TypeVar

from publisher.errors import LockHeld
from publisher.storage.objects import ObjectStore

LOCK_NAME = ".publisher-lock"
T = TypeVar("T")


class Runner(Protocol):
    """Runs one of the store's coroutines to completion (``remote.EventLoop.run``)."""

    def __call__(self, operation: Awaitable[T]) -> T: ...


class LockLost(LockHeld):
    """Another host took over this build's lock (it ran past the expiry unrenewed)."""


@dataclass(frozen=True, slots=True)
class Holder:
    """What a lock object says."""

    host: str
    pid: int
    token: str
    expires: datetime

    def to_bytes(self) -> bytes:
        document = {
            "host": self.host, "pid": self.pid, "token": self.token,
            "expires": self.expires.isoformat(timespec="seconds"),
        }  # fmt: skip
        return (json.dumps(document) + "\n").encode()

    @classmethod
    def from_bytes(cls, data: bytes) -> Holder | None:
        """None when the body is not a lock's (then it counts as expired)."""
        try:
            raw = json.loads(data)
            expires = datetime.fromisoformat(raw["expires"])
            if expires.tzinfo is None:
                return None
            return cls(str(raw["host"]), int(raw["pid"]), str(raw["token"]), expires)
        except (ValueError, KeyError, TypeError):
            return None

    def describe(self) -> str:
        return f"host {self.host}, pid {self.pid}; expires {self.expires:%Y-%m-%d %H:%M:%S}Z"


class RemoteLock:
    """The lock object of one output; ``run`` runs a store coroutine to completion."""

    def __init__(
        self,
        store: ObjectStore,
        run: Runner,
        *,
        expiry: float,
        clock: Callable[[], datetime] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._store = store
        self._run = run
        self._expiry = timedelta(seconds=expiry)
        self._clock = clock or (lambda: datetime.now(UTC))
        self._sleep = sleep
        self._token = secrets.token_hex(8)
        self._etag: str | None = None
        self._renewed = datetime.min.replace(tzinfo=UTC)

    @property
    def held(self) -> bool:
        return self._etag is not None

    def _holder(self) -> Holder:
        host = socket.gethostname() or "unknown"
        return Holder(host, os.getpid(), self._token, self._clock() + self._expiry)

    def acquire(self, *, wait: float = 0.0) -> None:
        """Take the lock, waiting up to ``wait`` seconds; LockHeld if another build has it."""
        deadline = time.monotonic() + wait
        while True:
            other = self._try_acquire()
            if other is None:
                return
            if time.monotonic() >= deadline:
                where = str(self._store.url)
                raise LockHeld(f"another build is publishing to {where} ({other})")
            self._sleep(min(1.0, max(0.05, deadline - time.monotonic())))

    def _try_acquire(self) -> str | None:
        """None once held; else who holds it, for the message."""
        store = self._store
        holder = self._holder()
        etag = self._run(store.create(LOCK_NAME, holder.to_bytes()))
        if etag is not None:
            self._etag, self._renewed = etag, self._clock()
            return None
        current = self._run(store.get(LOCK_NAME))
        if current is None:
            return "its lock was released meanwhile; try again"  # gone: next round creates
        data, stale_etag = current
        other = Holder.from_bytes(data)
        if other is not None and other.expires > self._clock():
            return other.describe()
        # Expired (or unreadable): take it over, only if nobody changed it since we read it.
        etag = self._run(store.replace(LOCK_NAME, holder.to_bytes(), stale_etag))
        if etag is not None:
            self._etag, self._renewed = etag, self._clock()
            return None
        return "another host took over an expired lock just now"

    def ensure(self) -> None:
        """Renew the lock if a third of its expiry has passed; LockLost if it was taken over."""
        if self._etag is None:
            return
        if self._clock() - self._renewed < self._expiry / 3:
            return
        etag = self._run(self._store.replace(LOCK_NAME, self._holder().to_bytes(), self._etag))
        if etag is None:
            self._etag = None
            raise LockLost(
                f"lost the lock on {self._store.url} to another host: this build ran past "
                "storage.lock_expiry without renewing it; the next build publishes the rest"
            )
        self._etag, self._renewed = etag, self._clock()

    def release(self) -> None:
        """Delete the lock if it is still ours (a taken-over lock is the new holder's)."""
        if self._etag is None:
            return
        etag, self._etag = self._etag, None
        current = self._run(self._store.get(LOCK_NAME))
        if current is not None and current[1] == etag:
            # Conditional too: a store that honours If-Match on DELETE closes the last gap.
            self._run(self._store.delete_if(LOCK_NAME, etag))
