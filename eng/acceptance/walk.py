"""What every acceptance walk shares: calls through the gateway, development tokens and a tally of failed steps."""
import json, sys, urllib.request, urllib.error

GW = sys.argv[1] if len(sys.argv) > 1 else "http://localhost:5200"
failures = []


def call(method, url, token=None, body=None, expect=None, raw=False):
    """One HTTP call: (status, parsed JSON or text); raw=True gives (status, text, content type)."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        req.add_header("content-type", "application/json")
    if token:
        req.add_header("authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req) as r:
            status, text, ctype = r.status, r.read().decode(), r.headers.get("content-type", "")
    except urllib.error.HTTPError as e:
        status, text, ctype = e.code, e.read().decode(), e.headers.get("content-type", "")
    if expect is not None and status != expect:
        failures.append(f"{method} {url}: {status}, expected {expect}: {text[:300]}")
        print("FAIL", failures[-1])
    if raw:
        return status, text, ctype
    try:
        return status, json.loads(text) if text else None
    except json.JSONDecodeError:
        return status, text


def token(role, subject=None):
    """A development token from identity, through the gateway (Development only; valid 30 minutes)."""
    body = {"role": role}
    if subject:
        body["subject"] = subject
    return call("POST", GW + "/dev/token", body=body, expect=200)[1]["accessToken"]


def check(what, condition):
    print(("ok   " if condition else "FAIL ") + what)
    if not condition:
        failures.append(what)


def finish():
    print(f"\n{len(failures)} failure(s)")
    for f in failures:
        print("  " + f)
    sys.exit(1 if failures else 0)
