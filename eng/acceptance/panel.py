"""Panel acceptance walk through the gateway (run with eng/run.sh up)."""
import datetime, json, time, uuid

from walk import GW, call, check, finish, token

P = GW + "/api/panel"

today = datetime.date.today()
coord = token("coordinator")
researcher_sub = str(uuid.uuid4())
researcher = token("researcher", researcher_sub)
tag = uuid.uuid4().hex[:6]
lived = ["bipolar"]

# The agreement every member signs before becoming active.
_, agreement = call("POST", P + "/agreements", coord, {"text": "What members share in Panel work stays in the Panel."}, 201)


def member(name, preference="paid"):
    sub = str(uuid.uuid4())
    tok = token("panel-member", sub)
    _, m = call("POST", P + "/members", tok, {
        "name": name, "email": f"{name.split()[0].lower()}.{tag}@example.org", "motivation": "Research should fit real lives.",
        "livedExperience": lived, "skills": ["document-review"], "formats": ["online"], "ethnicGroup": "black-african",
        "sex": "female", "ageBand": "35-44", "localAuthority": "E09000025", "paymentPreference": preference}, 201)
    for step in ["shortlisted", "inducted"]:
        call("POST", f"{P}/members/{m['id']}/status", coord, {"status": step}, 200)
    status, _ = call("POST", f"{P}/members/{m['id']}/status", coord, {"status": "active"})
    check(f"{name}: active refused before the agreement is signed ({status})", status == 409)
    call("POST", P + "/members/me/agreement", tok, {"version": agreement["version"]}, 200)
    call("POST", f"{P}/members/{m['id']}/status", coord, {"status": "active"}, 200)
    return tok, m["id"]


def request(title, members_wanted, start_in_days):
    _, r = call("POST", P + "/requests", researcher, {
        "type": "lay-summary-review", "title": f"{title} {tag}", "description": "Read a one-page lay summary and say what is unclear.",
        "membersWanted": members_wanted, "livedExperienceWanted": lived, "skillsWanted": ["document-review"],
        "startDate": str(today + datetime.timedelta(days=start_in_days)), "estimatedHours": 2, "format": "online"}, 201)
    call("POST", f"{P}/requests/{r['id']}/triage", coord,
         {"decision": "accept", "activityType": "lay-summary-review", "rateCategory": "hourly"}, 200)
    _, plan = call("POST", f"{P}/requests/{r['id']}/offers", coord, {}, None)
    return r["id"], plan


def outstanding(tok):
    return call("GET", P + "/members/me/offers", tok, expect=200)[1]["outstanding"]


ama_tok, ama = member(f"Ama Mensah {tag}")
bola_tok, bola = member(f"Bola Adeyemi {tag}")
# Bola was involved recently: offered and accepted the first review.
first, _ = request("Sleep study summary", 1, 5)
offered_first = [m for m, t in [(ama, ama_tok), (bola, bola_tok)] if any(o["requestId"] == first for o in outstanding(t))]
check(f"the first review is offered to one of the two ({len(offered_first)})", len(offered_first) == 1)
recent_tok, fresh_tok, recent, fresh = (ama_tok, bola_tok, ama, bola) if offered_first == [ama] else (bola_tok, ama_tok, bola, ama)
offer = next(o for o in outstanding(recent_tok) if o["requestId"] == first)
call("POST", f"{P}/offers/{offer['offerId']}/accept", recent_tok, None, 200)

# The second review goes to the member involved less recently, not to the one just involved.
second, plan = request("Walking group summary", 1, 20)
check("the recently involved member is not offered the second review",
      not any(o["requestId"] == second for o in outstanding(recent_tok)))
mine = [o for o in outstanding(fresh_tok) if o["requestId"] == second]
check("the less recently involved member is offered it", len(mine) == 1)
_, researcher_view = call("GET", f"{P}/requests/{second}/offers", researcher, expect=200)
check("the researcher sees counts, not who", "offers" not in researcher_view and researcher_view.get("outstanding") == 1)
call("POST", f"{P}/offers/{mine[0]['offerId']}/accept", fresh_tok, None, 200)
involvement = mine[0]["offerId"]

# Time and money: 2 hours and 30 miles, claimed, approved, paid once.
call("PUT", f"{P}/involvements/{involvement}/attendance", fresh_tok, {"activityDate": str(today), "hours": 2}, 200)
call("POST", f"{P}/involvements/{involvement}/attendance/confirm", coord, None, 200)
_, claim = call("POST", f"{P}/involvements/{involvement}/claim", fresh_tok, {"miles": 30}, 201)
check(f"the claim is £55.00 + £13.50 = £68.50 ({claim.get('totalPence')})", claim.get("totalPence") == 6850)
call("POST", f"{P}/claims/{claim['id']}/decision", coord, {"outcome": "approve"}, 200)
key = f"walk-{tag}"
_, run = call("POST", P + "/payment-runs", coord, {"idempotencyKey": key}, 201)
status, again = call("POST", P + "/payment-runs", coord, {"idempotencyKey": key})
check(f"the same run key gives the same run ({status})", status == 200 and again["id"] == run["id"])
_, csv, _ = call("GET", f"{P}/payment-runs/{run['id']}/csv", coord, expect=200, raw=True)
check("the finance CSV has the claim once", csv.count(str(fresh)) == 1 and "68.50" in csv)
_, later = call("POST", P + "/payment-runs", coord, {"idempotencyKey": key + "-2"})
check("a later run does not pay it again", later is None or str(fresh) not in json.dumps(later))
_, mine_paid = call("GET", P + "/members/me/payments", fresh_tok, expect=200)
check(f"the member sees one payment ({len(mine_paid['payments'])})", len(mine_paid["payments"]) == 1)

# A member who declines payment: recorded, not paid.
cara_tok, cara = member(f"Cara Okoro {tag}", "declines-payment")
third, _ = request("Carers leaflet summary", 1, 30)
o3 = [o for o in outstanding(cara_tok) if o["requestId"] == third]
check("the never-involved member is offered the third review", len(o3) == 1)
if o3:
    call("POST", f"{P}/offers/{o3[0]['offerId']}/accept", cara_tok, None, 200)
    call("PUT", f"{P}/involvements/{o3[0]['offerId']}/attendance", cara_tok, {"activityDate": str(today), "hours": 1}, 200)
    call("POST", f"{P}/involvements/{o3[0]['offerId']}/attendance/confirm", coord, None, 200)
    _, c3 = call("POST", f"{P}/involvements/{o3[0]['offerId']}/claim", cara_tok, {}, 201)
    _, d3 = call("POST", f"{P}/claims/{c3['id']}/decision", coord, {"outcome": "approve"}, 200)
    check(f"declining payment is recorded, fee 0, settled ({d3.get('status')}, {d3.get('feePence')})",
          d3.get("status") == "settled" and d3.get("feePence") == 0)
    _, run3 = call("POST", P + "/payment-runs", coord, {"idempotencyKey": key + "-3"})
    _, csv3, _ = call("GET", f"{P}/payment-runs/{run3['id']}/csv", coord, raw=True) if run3 and "id" in run3 else (0, "", "")
    check("and never in a payment run", str(cara) not in csv3)

# You said, we did.
_, fb = call("POST", f"{P}/members/me/involvements/{involvement}/feedback", fresh_tok,
             {"text": "The summary uses 'randomised' without saying what it means."}, 201)
_, queue = call("GET", P + "/feedback?answered=false", researcher, expect=200)
check("the researcher sees the feedback to answer", any(f["id"] == fb["id"] for f in (queue["items"] if isinstance(queue, dict) and "items" in queue else queue)))
other = token("researcher")
call("PUT", f"{P}/feedback/{fb['id']}/answer", other, {"outcome": "changed", "answer": "x"}, 404)
call("PUT", f"{P}/feedback/{fb['id']}/answer", researcher,
     {"outcome": "changed", "answer": "We now explain that a computer decides who gets which group, like tossing a coin."}, 200)
_, seen = call("GET", P + "/members/me/feedback", fresh_tok, expect=200)
check("the member sees the answer", "tossing a coin" in json.dumps(seen))
_, turnaround = call("GET", P + "/feedback/turnaround", coord, expect=200)
check(f"coordinators see the turnaround ({turnaround.get('answered')} answered)", (turnaround.get("answered") or 0) >= 1)
deadline = time.time() + 30
while True:
    _, learning = call("GET", GW + "/api/learning/panel?raw=true&reason=acceptance%20walk", coord)
    answered = (learning or {}).get("feedbackTurnaround", {}).get("answered") if isinstance(learning, dict) else None
    if (answered or 0) >= 1 or time.time() > deadline:
        break
    time.sleep(1)
check(f"Learning shows the turnaround ({json.dumps(learning)[:200]})", (answered or 0) >= 1)
_, rep = call("GET", GW + "/api/learning/representation?population=panel-members&dimension=ethnic-group", coord)
check(f"Learning counts Panel members against the population ({str(rep)[:120]})", isinstance(rep, dict))

# A study that asks for Panel review arrives for triage without re-typing.
_, study = call("POST", GW + "/api/participation/studies", researcher, {
    "title": f"Peer support after discharge {tag}", "laySummary": "Whether peer workers help people settle at home after hospital.",
    "sponsor": "East London NHS Foundation Trust", "sites": ["Newham Centre for Mental Health"], "boroughs": ["E09000025"],
    "eligibility": {"minAge": 18}, "recruitmentTarget": 60, "askPanelReview": True}, 201)
deadline, found = time.time() + 30, False
while not found and time.time() < deadline:
    _, queue = call("GET", P + "/requests?status=awaiting-triage&pageSize=100", coord)
    found = any(r.get("studyId") == study["id"] for r in (queue or {}).get("items", []))
    time.sleep(1)
check("the study's ask for Panel review is in the triage queue", found)

# Wrong role and someone else's object.
call("GET", P + "/payment-runs/" + run["id"], fresh_tok, expect=403)
call("POST", f"{P}/involvements/{involvement}/claim", recent_tok, {"miles": 1}, 404)
status, body = call("POST", P + "/members/me/involvements/" + involvement + "/feedback", fresh_tok, {"text": "bad\u0000text"})
check(f"a control character is a 400 naming the field ({status}, {str(body)[:100]})", status == 400 and "text" in json.dumps(body))

finish()
