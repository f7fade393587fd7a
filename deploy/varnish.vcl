# Varnish 7 in front of Steppe, with the xkey vmod (Debian: varnish, varnish-modules).
#
# Django says what may be kept and for how long (Cache-Control: s-maxage), what each
# page shows (the xkey header) and where a per-reader part goes (ESI). Writes purge
# those keys: PURGE with an "xkey-purge: post:12 posts" header, from the ACL only.
# Every web host sends its purges here (STEPPE_EDGE_PURGE_URLS), so a write on one
# host drops pages any host rendered: the keys name content, not who rendered it.
vcl 4.1;

import directors;
import std;
import xkey;

# /healthz answers 503 when the database is down: stale pages are served then.
# The Host is the one the container's own health check sends (Dockerfile), so
# DJANGO_ALLOWED_HOSTS must keep 127.0.0.1: any other name (the backend's, web-a)
# is refused with a 400, and every host would look down.
probe healthz {
    .request =
        "GET /healthz HTTP/1.1"
        "Host: 127.0.0.1"
        "Connection: close";
    .interval = 2s;
    .timeout = 1s;
    .window = 3;
    .threshold = 2;
    .initial = 2;
}

# The web hosts, one backend each, taken in turn (docker compose: web-a, web-b).
# A third host: one more backend and one more add_backend line. The tests and
# bench/edge.py run this file with the lines between "web hosts" and "end of web
# hosts" replaced by their own servers (tests/edge/varnish.py, backends_vcl).
# web hosts
backend web_a {
    .host = "web-a";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    .probe = healthz;
}

backend web_b {
    .host = "web-b";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    .probe = healthz;
}

sub vcl_init {
    new web = directors.round_robin();
    web.add_backend(web_a);
    web.add_backend(web_b);
}
# end of web hosts

# Who may purge: the web replicas (a compose network) and this host.
acl purgers {
    "127.0.0.1";
    "::1";
    "172.16.0.0"/12;  # docker compose networks
}

sub vcl_recv {
    # The next healthy host; the director as a whole is healthy while one host is.
    set req.backend_hint = web.backend();
    if (req.restarts == 0) {
        unset req.http.X-Exact;  # set only by vcl_hit below, never by a client
    }
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Not allowed to purge"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "Name the keys in xkey-purge"));
        }
        # A hard purge: what a purge removes is never served again, not even stale.
        set req.http.n-gone = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.n-gone));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);  # comment and survey POSTs, with their cookies
    }
    # The comment form an anonymous reader's page includes (ESI) depends on the
    # post and the second only (blog/comments/forms.py): looked up like a page, so
    # the fragment's own Cache-Control decides. "private, no-store" (today): each
    # reader's form from Django. "s-maxage=1": one fetch a second per post.
    if (req.url ~ "^/comments/form/"
        && req.http.Cookie !~ "(^|;\s*)(sessionid|steppe_post_[0-9]+)=") {
        unset req.http.Cookie;
        set req.grace = 0s;  # a stale form carries an old timestamp: never
        return (hash);
    }
    # Signed in, admin, a protected post unlocked, a survey answered: Django decides,
    # per reader, with the cookies it needs.
    if (req.url ~ "^/(admin|comments)/" && req.url !~ "^/comments/feed/"
        || req.http.Cookie ~ "(^|;\s*)(sessionid|steppe_post_[0-9]+)="
        || (req.url ~ "^/surveys/" && req.http.Cookie ~ "(^|;\s*)survey-[0-9]+=")) {
        return (pass);
    }
    # Every other cookie (analytics, a stale CSRF cookie) changes nothing Django shows.
    unset req.http.Cookie;
    # Only the query parameters pages read: ?utm_source=… or ?fbclid=… neither makes
    # a new entry nor reaches Django.
    if (req.url ~ "\?") {
        set req.url = regsuball(req.url, "([?&])(?!(?:page|cpage|q)=)[^&]*", "\1");
        set req.url = regsuball(req.url, "&{2,}", "&");
        set req.url = regsub(req.url, "\?&+", "?");
        set req.url = regsub(req.url, "[?&]+$", "");
        set req.url = std.querysort(req.url);
    }
    # A healthy backend: a page expired a moment ago is served while it is refreshed
    # (stale-while-revalidate). A sick one: stale pages for as long as they are kept.
    if (req.http.X-Exact) {
        set req.grace = 0s;
    } else if (std.healthy(req.backend_hint)) {
        set req.grace = 30s;
    }
    return (hash);
}

sub vcl_hit {
    # A page that changed by itself when it expired (a scheduled post went live,
    # comments closed: Django sent stale-while-revalidate=0) is not served stale
    # while the backend is healthy: look it up again, allowing no grace.
    if (obj.ttl <= 0s && obj.http.X-Exact && std.healthy(req.backend_hint)) {
        set req.http.X-Exact = "1";
        return (restart);
    }
}

sub vcl_hash {
    # https and http readers get their own copy (canonical links carry the scheme).
    hash_data(req.http.X-Forwarded-Proto);
}

sub vcl_backend_response {
    if (beresp.http.Surrogate-Control ~ "ESI/1.0") {
        unset beresp.http.Surrogate-Control;
        set beresp.do_esi = true;
    }
    # An error while refreshing in the background: keep the stale copy, drop this.
    if (beresp.status >= 500 && bereq.is_bgfetch) {
        return (abandon);
    }
    if (beresp.http.Cache-Control ~ "stale-while-revalidate=0(,|$)") {
        set beresp.http.X-Exact = "1";
    }
    if (beresp.ttl > 0s) {
        set beresp.grace = 24h;  # stale-if-error; vcl_recv limits it while healthy
        set beresp.keep = 1h;  # revalidated with If-None-Match after that
    }
}

sub vcl_deliver {
    unset resp.http.xkey;  # the keys are for this cache, not for readers
    unset resp.http.X-Exact;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
    } else {
        set resp.http.X-Cache = "miss";
    }
}
