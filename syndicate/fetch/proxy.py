"""Which proxy a request goes through, from the standard proxy environment variables.

This is the one place that chooses a proxy; the one HTTP client (``http.py``: pages, feeds,
sitemaps and model downloads) asks it.

``environment_proxies()`` reads ``HTTPS_PROXY``, ``HTTP_PROXY``, ``ALL_PROXY`` and ``NO_PROXY``
(either case, lower case winning) through the standard library when a fetch starts; the
mapping it returns is passed down, and ``proxy_for(url, proxies)`` picks the proxy for each
URL, redirect targets included. ``Pools`` hands urllib3 a direct PoolManager or a ProxyManager
per URL (https through CONNECT, http forwarded). Credentials in the proxy URL
(``http://user:password@host:port``) become a Proxy-Authorization header and are never shown.
SOCKS proxies are refused with a FetchError.
"""

from __future__ import annotations

import base64
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from ..errors import FetchError

PROXY_HINT = "check HTTPS_PROXY / HTTP_PROXY / ALL_PROXY, or list the host in NO_PROXY"


@dataclass(frozen=True)
class Proxy:
    """A proxy to send requests through."""

    url: str  # scheme://host:port without credentials: safe to show in messages
    headers: tuple[tuple[str, str], ...] = field(default=(), repr=False)  # Proxy-Authorization


def environment_proxies() -> dict[str, str]:
    """The proxy variables as they are now: {"https": ..., "http": ..., "all": ..., "no": ...}."""
    return urllib.request.getproxies_environment()


def proxy_for(url: str, proxies: Mapping[str, str]) -> Proxy | None:
    """The proxy for ``url`` under ``proxies`` (from ``environment_proxies``); None to connect directly."""
    parts = urlsplit(url)
    configured = proxies.get(parts.scheme.lower()) or proxies.get("all")
    if not configured:
        return None
    host_port = parts.netloc.rpartition("@")[2]
    if urllib.request.proxy_bypass_environment(host_port, dict(proxies)):
        return None
    return parse_proxy(configured)


def parse_proxy(value: str) -> Proxy:
    """A proxy variable's value (``host:port`` means ``http://host:port``) as a Proxy."""
    value = value.strip()
    if "://" not in value:
        value = "http://" + value
    parts = urlsplit(value)
    scheme = parts.scheme.lower()
    shown = f"{scheme}://{parts.netloc.rpartition('@')[2]}"
    if scheme.startswith("socks"):
        raise FetchError(f"SOCKS proxies are not supported: {shown}",
                         hint="use an http:// proxy in HTTPS_PROXY / HTTP_PROXY / ALL_PROXY")
    try:
        port = parts.port
    except ValueError:
        port = -1
    if scheme not in ("http", "https") or not parts.hostname or port == -1:
        raise FetchError(f"invalid proxy {shown}", hint="a proxy looks like http://host:port")
    headers: tuple[tuple[str, str], ...] = ()
    if parts.username is not None:
        credentials = f"{unquote(parts.username)}:{unquote(parts.password or '')}".encode()
        headers = (("Proxy-Authorization", "Basic " + base64.b64encode(credentials).decode("ascii")),)
    return Proxy(shown, headers)


class Pools:
    """urllib3 pools for one fetch: a direct one and one per proxy, made when first needed."""

    def __init__(self, proxies: Mapping[str, str], *, pool_classes: Mapping[str, type] | None = None, **pool_kw):
        self.proxies = proxies
        self._pool_classes = pool_classes  # urllib3 pool class per scheme, instead of urllib3's own
        self._pool_kw = pool_kw
        self._managers: dict = {}

    def for_url(self, url: str):
        """(pool manager, proxy or None) for a request to ``url``."""
        import urllib3

        proxy = proxy_for(url, self.proxies)
        manager = self._managers.get(proxy)
        if manager is None:
            if proxy is None:
                manager = urllib3.PoolManager(**self._pool_kw)
            else:
                manager = urllib3.ProxyManager(proxy.url, proxy_headers=dict(proxy.headers), **self._pool_kw)
            if self._pool_classes is not None:
                manager.pool_classes_by_scheme = dict(self._pool_classes)
            self._managers[proxy] = manager
        return manager, proxy

    def __enter__(self) -> Pools:
        return self

    def __exit__(self, *exc_info) -> None:
        for manager in self._managers.values():
            manager.clear()
        self._managers.clear()


def proxy_error(error: Exception, proxy: Proxy) -> FetchError:
    """A one-line FetchError for a urllib3 ProxyError (refused, CONNECT failed, 407)."""
    import urllib3.exceptions as exc

    cause = error.args[1] if len(error.args) > 1 and isinstance(error.args[1], Exception) else error.__cause__
    reason = str(cause or error)
    if "Tunnel connection failed: 407" in reason:
        return auth_required(proxy)
    if "Tunnel connection failed:" in reason:
        status = reason.split("Tunnel connection failed:", 1)[1].strip()
        return FetchError(f"proxy {proxy.url} refused the connection (CONNECT answered {status})", hint=PROXY_HINT)
    if isinstance(cause, exc.NameResolutionError):
        return FetchError(f"cannot resolve proxy host {urlsplit(proxy.url).hostname}", hint=PROXY_HINT)
    if isinstance(cause, (exc.NewConnectionError, ConnectionError)):  # before timeouts: a subclass
        return FetchError(f"cannot connect to proxy {proxy.url}: connection refused or unreachable", hint=PROXY_HINT)
    if isinstance(cause, (exc.ConnectTimeoutError, TimeoutError)):
        return FetchError(f"timed out connecting to proxy {proxy.url}", hint=PROXY_HINT)
    return FetchError(f"proxy {proxy.url} failed: {reason}", hint=PROXY_HINT)


def auth_required(proxy: Proxy) -> FetchError:
    """The proxy answered 407 Proxy Authentication Required."""
    hint = ("the proxy refused the user name and password in the proxy variable" if proxy.headers
            else "put the credentials in the proxy variable: http://user:password@host:port")
    return FetchError(f"proxy {proxy.url} requires authentication (HTTP 407)", hint=hint)
