"""Identity walk through the gateway: sign up, the email in smtp4dev, verify, a token (with TOTP for a researcher), the API."""
import base64, hashlib, hmac, json, re, struct, sys, time, uuid, urllib.parse, urllib.request, urllib.error

GW, SMTP = sys.argv[1], sys.argv[2]
failures = []

def call(method, url, body=None, token=None, form=False):
    data = None
    req = urllib.request.Request(url, method=method)
    if body is not None:
        data = (urllib.parse.urlencode(body) if form else json.dumps(body)).encode()
        req.add_header("content-type", "application/x-www-form-urlencoded" if form else "application/json")
    if token: req.add_header("authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, data) as r: return r.status, r.read().decode(), dict(r.headers)
    except urllib.error.HTTPError as e: return e.code, e.read().decode(), dict(e.headers)

def check(what, ok):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok: failures.append(what)

def totp(secret):
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    h = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
    o = h[-1] & 15
    return "%06d" % ((struct.unpack(">I", h[o:o + 4])[0] & 0x7fffffff) % 1000000)

s, body, _ = call("GET", GW + "/.well-known/openid-configuration")
check(f"discovery through the gateway names the gateway as issuer ({json.loads(body).get('issuer')})", s == 200 and json.loads(body)["issuer"].startswith(GW))
email, password = f"walk.{uuid.uuid4().hex[:8]}@example.org", "tower hamlets kettle 1987 ferry"
s, _, _ = call("POST", GW + "/api/identity/accounts", {"email": email, "password": password, "role": "volunteer"})
check(f"sign-up answers 202 ({s})", s == 202)
s2, _, _ = call("POST", GW + "/api/identity/accounts", {"email": email, "password": password, "role": "volunteer"})
check(f"a second sign-up with the same email answers the same ({s2})", s2 == 202)
s, _, _ = call("POST", GW + "/api/identity/accounts", {"email": f"x{uuid.uuid4().hex[:6]}@example.org", "password": "password1234", "role": "volunteer"})
check(f"a common password is refused ({s})", s == 400)
link = None
for _ in range(30):
    _, msgs, _ = call("GET", SMTP + "/api/messages")
    msgs = json.loads(msgs); msgs = msgs.get("results", msgs) if isinstance(msgs, dict) else msgs
    mine = [m for m in msgs if email in json.dumps(m)]
    if mine:
        _, text, _ = call("GET", f"{SMTP}/api/messages/{mine[0]['id']}/plaintext")
        link = re.search(r"https?://\S+", text); break
    time.sleep(1)
check(f"the verification email is in smtp4dev's inbox ({link.group(0)[:60] if link else None})", link is not None)
q = urllib.parse.parse_qs(urllib.parse.urlparse(link.group(0)).query)
def grant(extra=None):
    form = {"grant_type": "password", "client_id": "mh-all-dev", "username": email, "password": password, "scope": "participation identity"}
    form.update(extra or {})
    return call("POST", GW + "/connect/token", form, form=True)
s, _, _ = grant()
check(f"no token before verification ({s})", s == 400)
s, _, _ = call("POST", GW + "/api/identity/accounts/verification", {"account": q["account"][0], "token": q["token"][0]})
check(f"verification ({s})", s in (200, 204))
s, body, headers = grant()
check(f"a token after verification ({s})", s == 200)
access = json.loads(body)["access_token"]
check("the token response is not cached", "no-store" in headers.get("Cache-Control", headers.get("cache-control", "")))
s, body, _ = call("GET", GW + "/api/participation/consent", token=access)
check(f"the API takes the identity token ({s})", s == 200)
s, body, _ = call("POST", GW + "/api/identity/accounts/me/authenticator", {}, token=access)
check(f"an authenticator can be set up ({s})", s == 200)
secret = json.loads(body).get("sharedKey") or json.loads(body).get("secret") or json.loads(body).get("key")
s, _, _ = call("POST", GW + "/api/identity/accounts/me/authenticator/confirm", {"code": totp(secret.replace(" ", ""))}, token=access)
check(f"the authenticator confirmed with its code ({s})", s in (200, 204))
s, _, _ = grant()
check(f"with MFA on, no token without the code ({s})", s == 400)
s, _, _ = grant({"otp": totp(secret.replace(" ", ""))})
check(f"a token with the code ({s})", s == 200)
s, _, _ = call("GET", GW + "/api/participation/consent", token=access[:-4] + "AAAA")
check(f"a tampered token is refused ({s})", s == 401)
print(f"\n{len(failures)} failure(s)"); sys.exit(1 if failures else 0)
