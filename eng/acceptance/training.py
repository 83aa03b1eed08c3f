"""Training acceptance walk through the gateway (run with eng/run.sh up)."""
import datetime, json, uuid

from walk import GW, call, check, finish, token

API = GW + "/api/training"

coord = token("coordinator")
now = datetime.datetime.now(datetime.timezone.utc)
iso = lambda d: d.isoformat().replace("+00:00", "Z")

_, org = call("POST", API + "/organisations", coord, {"name": f"East London community health {uuid.uuid4().hex[:6]}",
              "type": "nhs-trust", "icbCode": "E54000029", "headcount": 4000}, 201)


def course(title, tags):
    return call("POST", API + "/courses", coord, {"title": title, "summary": "Research in everyday practice.", "level": "entry",
                "format": "online", "durationMinutes": 120, "tags": tags, "prerequisites": []}, 201)[1]["id"]


def session(course_id, capacity):
    starts = now + datetime.timedelta(days=30)
    return call("POST", f"{API}/courses/{course_id}/sessions", coord, {"startsAt": iso(starts), "endsAt": iso(starts + datetime.timedelta(hours=2)),
                "onlineLink": "https://meet.example.org/a", "capacity": capacity,
                "priorityReleaseAt": iso(now - datetime.timedelta(minutes=1))}, 201)[1]["id"]


def staff(name, profession, role="staff"):
    sub = str(uuid.uuid4())
    t = token(role, sub)
    _, p = call("POST", API + "/profiles", t, {"name": name, "profession": profession, "organisationId": org["id"]}, 201)
    return t, p["id"], sub


def complete(t, session_id):
    _, e = call("POST", f"{API}/sessions/{session_id}/enrolments", t, None, 201)
    call("POST", f"{API}/enrolments/{e['id']}/attendance", coord, {"attended": True}, 200)
    return call("POST", f"{API}/enrolments/{e['id']}/completion", coord, None)


# 1. a community occupational therapist books a full session and is promoted when someone cancels
ot, ot_profile, ot_sub = staff("Rukhsana Ahmed", "occupational-therapy")
other, _, _ = staff("Tom Barker", "nursing")
basics = course("Research in everyday practice", [])
full = session(basics, 1)
_, first = call("POST", f"{API}/sessions/{full}/enrolments", other, None, 201)
_, mine = call("POST", f"{API}/sessions/{full}/enrolments", ot, None, 201)
check(f"the OT is waitlisted on a full session ({mine.get('status')}, position {mine.get('waitlistPosition')})", mine.get("status") == "waitlisted")
call("POST", f"{API}/enrolments/{first['id']}/cancel", other, None, 200)
_, mine_now = call("GET", f"{API}/enrolments/me", ot, expect=200)
check(f"promoted when someone cancels: {[e['status'] for e in mine_now]}", any(e["id"] == mine["id"] and e["status"] == "booked" for e in mine_now))
call("POST", f"{API}/enrolments/{mine['id']}/attendance", coord, {"attended": True}, 200)
status, done = call("POST", f"{API}/enrolments/{mine['id']}/completion", coord, None)
check(f"completion issues a certificate ({status})", status in (200, 201))
_, certs = call("GET", API + "/certificates/me", ot, expect=200)
code = certs[0]["code"]
status, page, ctype = call("GET", f"{API}/certificates/{code}", ot, raw=True)
check(f"certificate downloads ({status}, {ctype})", status == 200 and "Rukhsana Ahmed" in page)
status, verification = call("GET", f"{API}/certificates/verify/{code}")
check(f"public verification without sign-in: {verification}", status == 200 and verification.get("status", verification.get("valid")) in ("valid", True))
status, _ = call("GET", f"{API}/certificates/verify/NOT-A-CODE")
check(f"an unknown code is a 404 ({status})", status == 404)

# 2. champion after the champion course, logs activity
status, _ = call("POST", API + "/champions", coord, {"profileId": ot_profile})
check(f"no champion before the champion course ({status})", status == 409)
champion_course = course("Research champions", ["research-champion"])
complete(ot, session(champion_course, 10))
status, champ = call("POST", API + "/champions", coord, {"profileId": ot_profile})
check(f"appointed after the course ({status})", status == 201)
status, _ = call("POST", API + "/champions/me/activities", ot, {"kind": "talk", "on": str(now.date()), "count": 12, "note": "Team meeting"})
check(f"logs activity ({status})", status == 201)
_, coverage = call("GET", API + "/champions/coverage?by=icb", token("researcher"), expect=200)
print("     coverage:", json.dumps(coverage)[:300])

# 3. funded post: three reviewers, one with a conflict
_, call_ = call("POST", API + "/funded-posts/calls", coord, {"title": "Clinical research fellowship", "description": "A funded post.",
                "priorityConditions": ["psychosis"], "priorityGroups": ["carers"], "amount": 20000,
                "opensOn": str(now.date() - datetime.timedelta(days=1)), "closesOn": str(now.date() + datetime.timedelta(days=30)),
                "criteria": [{"name": "fit", "weight": 2, "maxScore": 10}, {"name": "impact", "weight": 1, "maxScore": 10}], "blind": True}, 201)
_, application = call("POST", f"{API}/funded-posts/calls/{call_['id']}/applications", ot, {"statement": "I want to research early intervention.",
                      "answers": [{"criterion": "fit", "answer": "Good fit."}, {"criterion": "impact", "answer": "Big."}], "requestedAmount": 15000}, 201)
reviewers = []
for i in range(3):
    sub = str(uuid.uuid4())
    call("POST", f"{API}/funded-posts/calls/{call_['id']}/reviewers", coord, {"subjectId": sub}, 201)
    reviewers.append(token("researcher", sub))
call("POST", f"{API}/funded-posts/applications/{application['id']}/declaration", reviewers[0], {"conflict": True, "reason": "Line manager"})
status, _ = call("GET", f"{API}/funded-posts/applications/{application['id']}/review", reviewers[0])
check(f"conflicted reviewer cannot see ({status})", status == 404)
status, _ = call("PUT", f"{API}/funded-posts/applications/{application['id']}/scores", reviewers[0], {"scores": [{"criterion": "fit", "score": 9}, {"criterion": "impact", "score": 9}]})
check(f"conflicted reviewer cannot score ({status})", status == 403)
for r, (fit, impact) in zip(reviewers[1:], [(8, 6), (7, 7)]):
    call("POST", f"{API}/funded-posts/applications/{application['id']}/declaration", r, {"conflict": False}, 201)
    status, review = call("GET", f"{API}/funded-posts/applications/{application['id']}/review", r, expect=200)
    check(f"blind review hides the applicant ({review.get('applicant')})", review.get("applicant") is None and "Rukhsana" not in json.dumps(review))
    call("PUT", f"{API}/funded-posts/applications/{application['id']}/scores", r, {"scores": [{"criterion": "fit", "score": fit}, {"criterion": "impact", "score": impact}]}, 200)
_, detail = call("GET", f"{API}/funded-posts/applications/{application['id']}", coord, expect=200)
print("     scoring:", detail.get("scoring"))
check("the aggregate counts the two scoring reviewers only", detail["scoring"] and "21.5" in json.dumps(detail["scoring"]))
status, _ = call("POST", f"{API}/funded-posts/applications/{application['id']}/decision", coord, {"outcome": "awarded", "note": "Strong."})
check(f"awarded ({status})", status == 200)

# 4. matched to a mentor with capacity
mentor_sub = str(uuid.uuid4())
mentor_as_staff = token("staff", mentor_sub)
call("POST", API + "/profiles", mentor_as_staff, {"name": "Dr Priya Shah", "profession": "psychology", "organisationId": org["id"]}, 201)
mentor = token("researcher", mentor_sub)
status, _ = call("PUT", API + "/mentoring/mentors/me", mentor, {"methods": ["qualitative-interviews"], "topics": ["psychosis"], "professionsSupported": ["occupational-therapy"], "capacity": 1, "availability": ["tue-pm"], "modes": ["online"]})
check(f"no mentor profile before mentor training ({status})", status == 409)
complete(mentor_as_staff, session(course("Mentoring researchers", ["mentor-training"]), 10))
call("PUT", API + "/mentoring/mentors/me", mentor, {"methods": ["qualitative-interviews"], "topics": ["psychosis"], "professionsSupported": ["occupational-therapy"],
     "capacity": 1, "availability": ["tue-pm"], "modes": ["online"]}, 200)
call("POST", API + "/mentoring/requests", ot, {"goals": ["psychosis"], "methods": ["qualitative-interviews"], "availability": ["tue-pm"], "modes": ["online"]}, 201)
_, run = call("POST", API + "/mentoring/matching", coord, None)
pair = next((p for p in (run or {}).get("pairs", []) if p["menteeProfileId"] == ot_profile), None)
check(f"matched to the mentor with reasons {pair and pair['reasons']}", pair is not None)
if pair:
    status, _ = call("POST", f"{API}/mentoring/matching/pairs/{pair['id']}/confirm", coord, None)
    check(f"confirmed ({status})", status in (200, 201))
    _, rel = call("GET", API + "/mentoring/relationships/me", ot, expect=200)
    check(f"the OT sees the relationship ({len(rel) if isinstance(rel, list) else rel})", bool(rel))

# 5. hostile input through the gateway
status, problem = call("POST", API + "/profiles", token("staff"), {"name": "A\u0000B", "profession": "nursing", "organisationId": org["id"]})
check(f"NUL in a name is a 400 naming it ({status}, {problem and problem.get('errors')})", status == 400 and "name" in json.dumps(problem))
status, _ = call("GET", f"{API}/enrolments/me", token("researcher"))
check(f"wrong role refused ({status})", status in (403, 404))

finish()
