# Varnish in front of c5site (Debian's varnish 7.1, no vmods): see docs/varnish.md.
#
# Keeps what the site marks for shared caches (Cache-Control s-maxage, set only on public,
# anonymous answers: c5site/surrogate.py) for as long as s-maxage says, and drops it when a
# publication sends PURGE with the Surrogate-Key of what changed (SURROGATE_PURGE_URLS).
# Everything else (the admin, logged-in readers, POST, errors) passes through uncached.
vcl 4.1;

# The site (gunicorn). tests/hardening/test_varnish.py replaces the port with its server's.
backend default {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    .between_bytes_timeout = 10s;
}

# Who may purge: the site's own processes on this machine.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed."));
        }
        # `Surrogate-Key: meeting-12 person-3 list`: ban every object filed under any of them. Keys
        # are letters, digits and dashes; anything else is dropped before it reaches a regex.
        set req.http.X-Purge = regsuball(req.http.Surrogate-Key, "[^A-Za-z0-9_ -]", "");
        set req.http.X-Purge = regsuball(req.http.X-Purge, "^ +| +$", "");
        if (req.http.X-Purge == "") {
            return (synth(400, "No Surrogate-Key to purge."));
        }
        set req.http.X-Purge = regsuball(req.http.X-Purge, " +", "|");
        # On obj.* only: the ban lurker clears banned objects in the background. (A ban's argument
        # ends at a space: the pattern has none; VCL strings take `\s` as it is.)
        ban("obj.http.Surrogate-Key ~ (^|\s)(" + req.http.X-Purge + ")(\s|$)");
        return (synth(200, "Purged."));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/admin/" || req.http.Authorization) {
        return (pass);
    }
    # A session (staff, previews) or a pending message is one reader's: never cached.
    if (req.http.Cookie ~ "(^|;) *(sessionid|messages)=") {
        return (pass);
    }
    # Any other cookie (the CSRF token, analytics) changes nothing the site answers to GET.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_response {
    # Only answers the site marked for shared caches are kept; the rest are not cached, and the
    # next request for them goes to the site (hit-for-miss).
    if (beresp.http.Cache-Control !~ "s-maxage" || beresp.http.Set-Cookie) {
        set beresp.uncacheable = true;
        set beresp.ttl = 60s;
        return (deliver);
    }
    # Varnish takes the TTL from s-maxage. A little grace: while a fresh copy is fetched after the
    # TTL ran out (never after a purge: a banned object is gone), readers get the old one at once.
    set beresp.grace = 10s;
    return (deliver);
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    # The keys are for this cache; a CDN in front of it would have its own. Browsers need neither.
    unset resp.http.Surrogate-Key;
}
