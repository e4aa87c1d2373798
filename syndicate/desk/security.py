"""What keeps the desk safe on a shared newsroom LAN: CSRF tokens, a login rate limit, headers."""

from __future__ import annotations

import hmac
import ipaddress
import secrets
import threading
import time
from collections import deque

# No inline script or style anywhere: the desk's own files only.
CONTENT_SECURITY_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                           "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; connect-src 'self'")
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def new_token() -> str:
    return secrets.token_urlsafe(32)


def tokens_match(expected: str | None, given: str | None) -> bool:
    return bool(expected) and bool(given) and hmac.compare_digest(expected, given)


LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1"})  # the host names a desk on loopback answers


def host_name(host: str) -> str:
    """The name in a Host header, lower case, without its port: "[::1]:8750" → "::1"."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].partition("]")[0]
    return host.rpartition(":")[0] if host.count(":") == 1 else host


def is_loopback(host: str) -> bool:
    """Whether ``host`` (an address or "localhost") only accepts connections from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class LoginLimiter:
    """At most ``attempts`` failed logins per key in ``window`` seconds. The desk counts per client
    address and per (address, name): one address can't try many passwords, and nobody can lock an
    editor out from every address by failing on purpose."""

    def __init__(self, attempts: int = 5, window: float = 300.0, clock=time.monotonic):
        self.attempts = attempts
        self.window = window
        self.clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def retry_after(self, *keys: str) -> int:
        """Seconds until ``keys`` may try again (0: now)."""
        now = self.clock()
        with self._lock:
            waits = []
            for key in keys:
                failures = self._failures.get(key)
                while failures and now - failures[0] > self.window:
                    failures.popleft()
                if failures and len(failures) >= self.attempts:
                    waits.append(int(self.window - (now - failures[0])) + 1)
            return max(waits, default=0)

    def failed(self, *keys: str) -> None:
        now = self.clock()
        with self._lock:
            for key in keys:
                self._failures.setdefault(key, deque()).append(now)

    def succeeded(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)
