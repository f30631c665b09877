"""Who is trying to log in: the client's address behind trusted proxies, and a normalised user name.

django-axes locks out a (user name, address) pair after AXES_FAILURE_LIMIT wrong passwords.
Both halves must be what the attacker cannot choose:

- The address is the one the nearest of TRUSTED_PROXY_COUNT proxies saw (each appends the
  address it received the request from to X-Forwarded-For; the last is in REMOTE_ADDR). With
  0 (the default: the site is reached directly) it is REMOTE_ADDR, and X-Forwarded-For is
  ignored, since anyone can send one. Behind a TLS proxy, set TRUSTED_PROXY_COUNT=1: otherwise
  every request comes from the proxy's address, and a stranger's failures lock the editor out.
  The site must then be reachable only through the proxy.
- The user name is stripped and casefolded, so "Editor2 " counts against "editor2".
"""

import ipaddress

from django.conf import settings


def _address(value):
    try:
        return str(ipaddress.ip_address(value.strip().strip("[]")))
    except ValueError:
        return None


def client_ip(request):
    """The client's address, as seen by the nearest trusted proxy (REMOTE_ADDR with none)."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0:
        return remote
    chain = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    chain.append(remote)
    # The proxies added the last `proxies` entries (REMOTE_ADDR is the nearest one's address):
    # the one before those is the client as the outermost trusted proxy saw it.
    client = chain[-(proxies + 1)] if len(chain) > proxies else chain[0]
    return _address(client) or remote


def username(request, credentials):
    """The user name tried, stripped and casefolded ("" when none was given)."""
    field = getattr(settings, "AXES_USERNAME_FORM_FIELD", "username")
    value = (credentials or {}).get(field)
    if value is None:
        value = getattr(request, "data", request.POST).get(field, "") if request is not None else ""
    return str(value).strip().casefold()
