#!/usr/bin/env python3
# Signs in to a running Bluelamp server as a demo user (the performance lead unless BENCH_USER=name:password), as the
# sign-in form does (its CSRF cookie and field). As a command it prints the session's cookies as a Cookie header value,
# for curl and wrk; time-pages.py imports it.
# Usage: docs/bench/sign_in.py BASE   (e.g. http://127.0.0.1:8091)
import os, sys, urllib.request, urllib.parse, http.cookiejar


def signed_in(base):
    """An opener holding a signed-in session, and its cookie jar."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(base + "/sign-in").read()
    csrf = next(c.value for c in jar if c.name == "bluelamp_csrf")
    user, password = os.environ.get("BENCH_USER", "performance:marble-river-lantern").split(":", 1)
    data = urllib.parse.urlencode({"username": user, "password": password, "csrf": csrf, "next": "/"}).encode()
    opener.open(base + "/sign-in", data).read()
    return opener, jar


if __name__ == "__main__":
    _, jar = signed_in(sys.argv[1])
    print("; ".join(f"{c.name}={c.value}" for c in jar))
