using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit.Testing;
using MhAll.Contracts.Training;
using MhAll.ServiceDefaults.Auth;
using MhAll.Testing;
using static MhAll.ServiceTests.TrainingSeeding;

namespace MhAll.ServiceTests;

[Collection(ServiceTestsCollection.Name)]
public sealed class TrainingFundedPostTests(TrainingFactory factory) : IClassFixture<TrainingFactory>
{
    private const string Posts = $"{Api}/funded-posts";
    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    /// <summary>Two criteria: fit (weight 2, out of 10) and need (weight 1, out of 5): the highest total is 25.</summary>
    private static object CallBody(bool blind = false, int opensInDays = -10, int closesInDays = 10, string[]? professions = null,
        string[]? organisationTypes = null) => new
    {
        title = "Clinical academic training posts 2027", description = "Protected time and funding to build research skills.",
        priorityConditions = new[] { "psychosis", "eating-disorder" }, priorityGroups = new[] { "ethnic-minority-communities", "carers" },
        amount = 5000m, opensOn = Today.AddDays(opensInDays), closesOn = Today.AddDays(closesInDays),
        eligibleProfessions = professions ?? [], eligibleOrganisationTypes = organisationTypes ?? [],
        criteria = new[] { new { name = "fit", weight = 2, maxScore = 10 }, new { name = "need", weight = 1, maxScore = 5 } }, blind,
    };

    private static object Application(decimal requestedAmount = 4000m) => new
    {
        statement = "I want to lead a study of early intervention in psychosis.",
        answers = new[] { new { criterion = "fit", answer = "Five years in early intervention." }, new { criterion = "need", answer = "No research time now." } },
        requestedAmount,
    };

    private static object Scores(int fit, int need) => new { scores = new[] { new { criterion = "fit", score = fit }, new { criterion = "need", score = need } } };

    private async Task<Guid> CallAsync(object? body = null)
    {
        var created = await factory.Coordinator().PostAsJsonAsync($"{Posts}/calls", body ?? CallBody());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static async Task<Guid> ApplyAsync(HttpClient staff, Guid call)
    {
        var applied = await staff.PostAsJsonAsync($"{Posts}/calls/{call}/applications", Application());
        Assert.Equal(HttpStatusCode.Created, applied.StatusCode);
        return (await applied.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>A reviewer of the given role, assigned to the call: their client and subject id.</summary>
    private async Task<(HttpClient Client, string Subject)> ReviewerAsync(Guid call, string role = Roles.Researcher)
    {
        var subject = Guid.NewGuid().ToString();
        Assert.Equal(HttpStatusCode.Created, (await factory.Coordinator().PostAsJsonAsync($"{Posts}/calls/{call}/reviewers", new { subjectId = subject })).StatusCode);
        return (factory.CreateClient().As(role, subject), subject);
    }

    [Fact]
    public async Task Programme_staff_open_calls_whose_bad_input_is_refused_naming_the_field_and_everyone_signed_in_reads_them()
    {
        var (staff, _) = await factory.StaffAsync(await factory.OrganisationAsync());
        await (await staff.PostAsJsonAsync($"{Posts}/calls", CallBody())).AssertProblemAsync(HttpStatusCode.Forbidden);
        var coordinator = factory.Coordinator();
        await (await coordinator.PostAsJsonAsync($"{Posts}/calls", new
        {
            title = "", description = "x", priorityGroups = new[] { "astronauts" }, amount = 0, opensOn = Today, closesOn = Today.AddDays(-1),
            criteria = new[] { new { name = "fit", weight = 0, maxScore = 10 } },
        })).AssertValidationProblemAsync("title", "priorityGroups", "amount", "closesOn", "criteria[0].weight");
        await (await coordinator.PostAsJsonAsync($"{Posts}/calls", new { title = "t", description = "d", amount = 10, opensOn = Today, closesOn = Today }))
            .AssertValidationProblemAsync("criteria");

        var open = await CallAsync(CallBody(blind: true));
        var later = await CallAsync(CallBody(opensInDays: 30, closesInDays: 60));
        var call = await staff.GetFromJsonAsync<JsonElement>($"{Posts}/calls/{open}");
        Assert.Equal((true, true, 2, 5000m), (call.GetProperty("open").GetBoolean(), call.GetProperty("blind").GetBoolean(),
            call.GetProperty("criteria").GetArrayLength(), call.GetProperty("amount").GetDecimal()));
        var listed = (await staff.GetFromJsonAsync<JsonElement>($"{Posts}/calls?open=true")).GetProperty("items").EnumerateArray()
            .Select(c => c.GetProperty("id").GetGuid()).ToList();
        Assert.Contains(open, listed);
        Assert.DoesNotContain(later, listed);
        await (await staff.GetAsync($"{Posts}/calls/{Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Staff_apply_once_while_a_call_is_open_if_eligible_for_at_most_its_amount_and_withdraw_their_own_before_the_decision()
    {
        var trust = await factory.OrganisationAsync("nhs-trust");
        var (nurse, _) = await factory.StaffAsync(trust, "nursing");
        var call = await CallAsync(CallBody(professions: ["nursing", "occupational-therapy"], organisationTypes: ["nhs-trust"]));
        var apply = $"{Posts}/calls/{call}/applications";

        await (await nurse.PostAsJsonAsync(apply, Application(6000m))).AssertValidationProblemAsync("requestedAmount");
        await (await nurse.PostAsJsonAsync(apply, new { statement = "", requestedAmount = 100, answers = new[] { new { criterion = "luck", answer = "Yes." } } }))
            .AssertValidationProblemAsync("statement", "answers", "answers[0].criterion");
        await (await factory.Coordinator().PostAsJsonAsync(apply, Application())).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await nurse.PostAsJsonAsync($"{Posts}/calls/{Guid.NewGuid()}/applications", Application())).AssertProblemAsync(HttpStatusCode.NotFound);

        var applied = await nurse.PostAsJsonAsync(apply, Application());
        Assert.Equal(HttpStatusCode.Created, applied.StatusCode);
        var application = await applied.Content.ReadFromJsonAsync<JsonElement>();
        var id = application.GetProperty("id").GetGuid();
        Assert.Equal(("submitted", 4000m, 2), (application.GetProperty("status").GetString(), application.GetProperty("requestedAmount").GetDecimal(),
            application.GetProperty("answers").GetArrayLength()));
        await (await nurse.PostAsJsonAsync(apply, Application())).AssertProblemAsync(HttpStatusCode.Conflict);

        // Closed, not yet open, or not eligible: refused, saying why.
        var closed = await CallAsync(CallBody(opensInDays: -30, closesInDays: -1));
        await (await nurse.PostAsJsonAsync($"{Posts}/calls/{closed}/applications", Application())).AssertProblemAsync(HttpStatusCode.Conflict);
        var future = await CallAsync(CallBody(opensInDays: 1, closesInDays: 30));
        await (await nurse.PostAsJsonAsync($"{Posts}/calls/{future}/applications", Application())).AssertProblemAsync(HttpStatusCode.Conflict);
        var (socialWorker, _) = await factory.StaffAsync(trust, "social-work");
        var profession = await (await socialWorker.PostAsJsonAsync(apply, Application())).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("nursing", profession.GetProperty("detail").GetString());
        var (vcseNurse, _) = await factory.StaffAsync(await factory.OrganisationAsync("vcse"), "nursing");
        await (await vcseNurse.PostAsJsonAsync(apply, Application())).AssertProblemAsync(HttpStatusCode.Conflict);

        // Only its applicant sees or withdraws it.
        Assert.Empty((await vcseNurse.GetFromJsonAsync<List<JsonElement>>($"{Posts}/applications/me"))!);
        await (await vcseNurse.PostAsync($"{Posts}/applications/{id}/withdraw", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        var withdrawn = await nurse.PostAsync($"{Posts}/applications/{id}/withdraw", null);
        Assert.Equal("withdrawn", (await withdrawn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        await (await nurse.PostAsync($"{Posts}/applications/{id}/withdraw", null)).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await nurse.PostAsJsonAsync(apply, Application())).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("withdrawn", (await nurse.GetFromJsonAsync<List<JsonElement>>($"{Posts}/applications/me"))!.Single().GetProperty("status").GetString());
    }

    [Fact]
    public async Task Three_reviewers_score_one_who_declared_a_conflict_is_refused_blind_review_hides_the_applicant_and_disagreement_is_flagged()
    {
        var organisation = await factory.OrganisationAsync();
        var organisationName = (await factory.Coordinator().GetFromJsonAsync<JsonElement>($"{Api}/organisations/{organisation}")).GetProperty("name").GetString()!;
        var (applicant, profileId) = await factory.StaffAsync(organisation, name: "Ayesha Rahman");
        var call = await CallAsync(CallBody(blind: true));
        var id = await ApplyAsync(applicant, call);
        var coordinator = factory.Coordinator();

        await (await coordinator.PostAsJsonAsync($"{Posts}/calls/{call}/reviewers", new { subjectId = "" })).AssertValidationProblemAsync("subjectId");
        await (await applicant.PostAsJsonAsync($"{Posts}/calls/{call}/reviewers", new { subjectId = "someone" })).AssertProblemAsync(HttpStatusCode.Forbidden);
        var (first, firstSubject) = await ReviewerAsync(call);
        var (second, _) = await ReviewerAsync(call, Roles.Staff);
        var (conflicted, conflictedSubject) = await ReviewerAsync(call);
        await (await coordinator.PostAsJsonAsync($"{Posts}/calls/{call}/reviewers", new { subjectId = firstSubject })).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(3, (await coordinator.GetFromJsonAsync<List<JsonElement>>($"{Posts}/calls/{call}/reviewers"))!.Count);
        var unassigned = factory.CreateClient().As(Roles.Researcher);
        var (review, declare, score) = ($"{Posts}/applications/{id}/review", $"{Posts}/applications/{id}/declaration", $"{Posts}/applications/{id}/scores");

        // Nothing is seen or scored before the declaration.
        Assert.Equal("to-declare", (await first.GetFromJsonAsync<List<JsonElement>>($"{Posts}/reviews/me"))!.Single().GetProperty("review").GetString());
        await (await first.GetAsync(review)).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await first.PutAsJsonAsync(score, Scores(8, 4))).AssertProblemAsync(HttpStatusCode.Conflict);

        await (await conflicted.PostAsJsonAsync(declare, new { conflict = true })).AssertValidationProblemAsync("reason");
        await (await conflicted.PostAsJsonAsync(declare, new { })).AssertValidationProblemAsync("conflict");
        Assert.Equal(HttpStatusCode.Created, (await conflicted.PostAsJsonAsync(declare, new { conflict = true, reason = "I line-manage the applicant." })).StatusCode);
        await (await conflicted.PostAsJsonAsync(declare, new { conflict = false })).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await conflicted.GetAsync(review)).AssertProblemAsync(HttpStatusCode.NotFound);
        var refused = await (await conflicted.PutAsJsonAsync(score, Scores(10, 5))).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains("conflict", refused.GetProperty("detail").GetString());
        Assert.Equal("conflict", (await conflicted.GetFromJsonAsync<List<JsonElement>>($"{Posts}/reviews/me"))!.Single().GetProperty("review").GetString());
        // Not assigned: the same refusals, and no assignments.
        await (await unassigned.PostAsJsonAsync(declare, new { conflict = false })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await unassigned.GetAsync(review)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await unassigned.PutAsJsonAsync(score, Scores(10, 5))).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Empty((await unassigned.GetFromJsonAsync<List<JsonElement>>($"{Posts}/reviews/me"))!);
        await (await factory.CreateClient().As(Roles.PanelMember).GetAsync(review)).AssertProblemAsync(HttpStatusCode.Forbidden);

        Assert.Equal(HttpStatusCode.Created, (await first.PostAsJsonAsync(declare, new { conflict = false })).StatusCode);
        var seen = await first.GetAsync(review);
        var text = await seen.Content.ReadAsStringAsync();
        var blind = JsonDocument.Parse(text).RootElement;
        Assert.Equal((true, JsonValueKind.Null, 25), (blind.GetProperty("blind").GetBoolean(), blind.GetProperty("applicant").ValueKind, blind.GetProperty("maxTotal").GetInt32()));
        Assert.DoesNotContain("Ayesha", text);
        Assert.DoesNotContain(organisationName, text);
        Assert.DoesNotContain(profileId.ToString(), text);

        await (await first.PutAsJsonAsync(score, Scores(11, 4))).AssertValidationProblemAsync("scores[0].score");
        await (await first.PutAsJsonAsync(score, new { scores = new[] { new { criterion = "fit", score = 8 } } })).AssertValidationProblemAsync("scores");
        var scored = await (await first.PutAsJsonAsync(score, Scores(8, 4))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(20, scored.GetProperty("myTotal").GetInt32()); // 2 × 8 + 1 × 4
        Assert.Equal(HttpStatusCode.Created, (await second.PostAsJsonAsync(declare, new { conflict = false })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.PutAsJsonAsync(score, Scores(4, 2))).StatusCode); // 10

        async Task<JsonElement> ScoringAsync() =>
            (await coordinator.GetFromJsonAsync<List<JsonElement>>($"{Posts}/calls/{call}/applications"))!.Single(a => a.GetProperty("application")
                .GetProperty("id").GetGuid() == id);
        var listed = await ScoringAsync();
        var scoring = listed.GetProperty("scoring");
        // Totals 20 and 10, out of 25: they differ by 10, more than a quarter of 25.
        Assert.Equal((2, 15.0, 25, 10, true), (scoring.GetProperty("reviewers").GetInt32(), scoring.GetProperty("aggregate").GetDouble(),
            scoring.GetProperty("maxTotal").GetInt32(), scoring.GetProperty("spread").GetInt32(), scoring.GetProperty("disagreement").GetBoolean()));
        Assert.Equal("Ayesha Rahman", listed.GetProperty("applicantName").GetString());
        var declared = listed.GetProperty("reviews").EnumerateArray().Single(r => r.GetProperty("reviewerSubjectId").GetString() == conflictedSubject);
        Assert.Equal((true, "I line-manage the applicant."), (declared.GetProperty("conflict").GetBoolean(), declared.GetProperty("conflictReason").GetString()));
        Assert.Equal(0, declared.GetProperty("scores").GetArrayLength());
        var audit = await coordinator.GetFromJsonAsync<JsonElement>($"{Api}/admin/audit?action=staff-record-read&subject={profileId}");
        Assert.True(audit.GetProperty("total").GetInt32() >= 1);

        // The second reviewer thinks again: 18 and 20 agree.
        Assert.Equal(HttpStatusCode.OK, (await second.PutAsJsonAsync(score, Scores(7, 4))).StatusCode);
        scoring = (await coordinator.GetFromJsonAsync<JsonElement>($"{Posts}/applications/{id}")).GetProperty("scoring");
        Assert.Equal((19.0, 2, false), (scoring.GetProperty("aggregate").GetDouble(), scoring.GetProperty("spread").GetInt32(), scoring.GetProperty("disagreement").GetBoolean()));

        // An applicant assigned to review the call still never reviews their own application.
        var applicantSubject = Guid.NewGuid().ToString();
        var selfReviewer = factory.CreateClient().As(Roles.Staff, applicantSubject);
        Assert.Equal(HttpStatusCode.Created, (await selfReviewer.PostAsJsonAsync($"{Api}/profiles",
            new { name = "Kwame Mensah", profession = "nursing", organisationId = organisation })).StatusCode);
        var own = await ApplyAsync(selfReviewer, call);
        Assert.Equal(HttpStatusCode.Created, (await coordinator.PostAsJsonAsync($"{Posts}/calls/{call}/reviewers", new { subjectId = applicantSubject })).StatusCode);
        await (await selfReviewer.PostAsJsonAsync($"{Posts}/applications/{own}/declaration", new { conflict = false })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await selfReviewer.PutAsJsonAsync($"{Posts}/applications/{own}/scores", Scores(10, 5))).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal([id], (await selfReviewer.GetFromJsonAsync<List<JsonElement>>($"{Posts}/reviews/me"))!.Select(a => a.GetProperty("applicationId").GetGuid()));

        // Where the call is not blind, a reviewer sees who applied.
        var open = await CallAsync(CallBody());
        var other = await ApplyAsync(applicant, open);
        var (reviewer, _) = await ReviewerAsync(open);
        Assert.Equal(HttpStatusCode.Created, (await reviewer.PostAsJsonAsync($"{Posts}/applications/{other}/declaration", new { conflict = false })).StatusCode);
        var named = (await reviewer.GetFromJsonAsync<JsonElement>($"{Posts}/applications/{other}/review")).GetProperty("applicant");
        Assert.Equal(("Ayesha Rahman", organisationName), (named.GetProperty("name").GetString(), named.GetProperty("organisation").GetString()));
    }

    [Fact]
    public async Task Programme_staff_decide_once_and_track_an_award_s_milestones_and_outputs_which_its_holder_sees()
    {
        var organisation = await factory.OrganisationAsync("local-authority");
        var (holder, profileId) = await factory.StaffAsync(organisation, "occupational-therapy");
        var (other, _) = await factory.StaffAsync(organisation);
        var call = await CallAsync();
        var id = await ApplyAsync(holder, call);
        var declined = await ApplyAsync(other, call);
        var coordinator = factory.Coordinator();
        var decide = $"{Posts}/applications/{id}/decision";

        await (await holder.PostAsJsonAsync(decide, new { outcome = "awarded", note = "Mine." })).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await coordinator.PostAsJsonAsync(decide, new { outcome = "maybe", note = "" })).AssertValidationProblemAsync("outcome", "note");
        await (await coordinator.PostAsJsonAsync($"{Posts}/applications/{Guid.NewGuid()}/decision", new { outcome = "awarded", note = "Strong." }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        var awarded = await (await coordinator.PostAsJsonAsync(decide, new { outcome = "awarded", note = "Strong fit with the priorities." }))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("awarded", awarded.GetProperty("status").GetString());
        await (await coordinator.PostAsJsonAsync(decide, new { outcome = "not-awarded", note = "Changed our minds." })).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await holder.PostAsync($"{Posts}/applications/{id}/withdraw", null)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.True(await factory.PublishedAsync<TrainingPostAwarded>(m => m.AwardId == id));
        var award = factory.Harness.Published.Select<TrainingPostAwarded>(m => m.Context.Message.AwardId == id).Single().Context.Message;
        Assert.Equal((call, profileId, organisation, "local-authority", NorthEastLondon, "allied-health"),
            (award.CallId, award.ProfileId, award.OrganisationId, award.OrganisationType, award.IcbCode, award.ProfessionGroup));
        Assert.Equal(HttpStatusCode.OK, (await coordinator.PostAsJsonAsync($"{Posts}/applications/{declined}/decision",
            new { outcome = "not-awarded", note = "Please apply again next year." })).StatusCode);

        var milestones = $"{Posts}/awards/{id}/milestones";
        await (await coordinator.PostAsJsonAsync($"{Posts}/awards/{declined}/milestones", new { title = "Protocol", dueOn = Today.AddMonths(3) }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        await (await coordinator.PostAsJsonAsync($"{Posts}/awards/{Guid.NewGuid()}/milestones", new { title = "Protocol", dueOn = Today.AddMonths(3) }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        await (await coordinator.PostAsJsonAsync(milestones, new { title = "", dueOn = "9999-12-31" })).AssertValidationProblemAsync("title", "dueOn");
        await (await holder.PostAsJsonAsync(milestones, new { title = "Protocol", dueOn = Today.AddMonths(3) })).AssertProblemAsync(HttpStatusCode.Forbidden);
        var added = await (await coordinator.PostAsJsonAsync(milestones, new { title = "Protocol written", dueOn = Today.AddMonths(3) }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var milestone = added.GetProperty("milestones").EnumerateArray().Single().GetProperty("id").GetGuid();
        await (await coordinator.PostAsJsonAsync($"{milestones}/{milestone}/done", new { doneOn = Today.AddDays(1) })).AssertValidationProblemAsync("doneOn");
        await (await coordinator.PostAsJsonAsync($"{milestones}/{Guid.NewGuid()}/done", new { doneOn = Today })).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await coordinator.PostAsJsonAsync($"{milestones}/{milestone}/done", new { doneOn = Today })).StatusCode);

        var outputs = $"{Posts}/awards/{id}/outputs";
        await (await coordinator.PostAsJsonAsync(outputs, new { kind = "fame", on = Today })).AssertValidationProblemAsync("kind");
        await (await coordinator.PostAsJsonAsync(outputs, new { kind = "publication", on = Today.AddDays(1) })).AssertValidationProblemAsync("on");
        Assert.Equal(HttpStatusCode.OK, (await coordinator.PostAsJsonAsync(outputs,
            new { kind = "became-principal-investigator", on = Today, note = "PI on a local psychosis study." })).StatusCode);
        Assert.True(await factory.PublishedAsync<TrainingOutcomeRecorded>(m => m.ProfileId == profileId && m.OutcomeKind == "became-principal-investigator"
            && m.AwardId == id));

        var mine = (await holder.GetFromJsonAsync<List<JsonElement>>($"{Posts}/applications/me"))!.Single();
        Assert.Equal(("awarded", "Strong fit with the priorities.", Today.ToString("yyyy-MM-dd"), "became-principal-investigator"),
            (mine.GetProperty("status").GetString(), mine.GetProperty("decisionNote").GetString(),
                mine.GetProperty("milestones")[0].GetProperty("doneOn").GetString(), mine.GetProperty("outputs")[0].GetProperty("kind").GetString()));
        Assert.Equal("Please apply again next year.", (await other.GetFromJsonAsync<List<JsonElement>>($"{Posts}/applications/me"))!.Single()
            .GetProperty("decisionNote").GetString());

        // Erasing the holder's profile erases the award's record with it.
        Assert.Equal(HttpStatusCode.NoContent, (await holder.DeleteAsync($"{Api}/profiles/me")).StatusCode);
        await (await coordinator.GetAsync($"{Posts}/applications/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.DoesNotContain((await coordinator.GetFromJsonAsync<List<JsonElement>>($"{Posts}/calls/{call}/applications"))!,
            a => a.GetProperty("application").GetProperty("id").GetGuid() == id);
    }
}
