using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit.Testing;
using MhAll.Contracts.Participation;
using MhAll.Participation.Data;
using MhAll.Participation;
using MhAll.ServiceDefaults.Auth;
using MhAll.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MhAll.ServiceTests;

public sealed class RecruitmentFactory() : ServiceFactory<ParticipationDbContext>(ResourceNames.Participation);

/// <summary>
/// Studies from submission to enrolment. Each test keeps to its own volunteers by giving them, and its study, a
/// language code of its own (ISO 639 reserves qaa–qtz for local use).
/// </summary>
[Collection(ServiceTestsCollection.Name)]
public sealed class StudyRecruitmentTests(RecruitmentFactory factory) : IClassFixture<RecruitmentFactory>
{
    private const string Studies = "/api/participation/studies";
    private const string TowerHamlets = "E09000030";

    private static object NewStudy(string language, string borough = TowerHamlets, int target = 50) => new
    {
        title = "Talking therapies for new parents",
        laySummary = "We want to learn whether a short course of talking therapy helps new parents who feel low.",
        irasId = "312345", isrctnId = "ISRCTN12345678", sponsor = "Queen Mary University of London",
        sites = new[] { "Mile End Hospital" }, boroughs = new[] { borough },
        eligibility = new { minAge = 18, maxAge = 65, languages = new[] { language } },
        recruitmentTarget = target, startDate = "2027-01-04", endDate = "2027-12-17",
    };

    private async Task<(HttpClient Researcher, Guid StudyId)> ApprovedStudyAsync(string language, string borough = TowerHamlets)
    {
        var researcher = factory.CreateClient().As(Roles.Researcher);
        var created = await researcher.PostAsJsonAsync(Studies, NewStudy(language, borough));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var approved = await factory.CreateClient().As(Roles.Coordinator).PostAsJsonAsync($"{Studies}/{id}/status", new { status = "active" });
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        return (researcher, id);
    }

    /// <summary>Volunteers written straight to the register (the sign-up itself is tested elsewhere).</summary>
    private Task<List<Guid>> AddVolunteersAsync(int count, string language, string ethnicGroup, int imdDecile = 1, string borough = TowerHamlets,
        int yearOfBirth = 1985, string? subject = null, int? imd2019Decile = null) =>
        RegisterSeeding.AddVolunteersAsync(factory.Services, count, language, ethnicGroup, imdDecile, borough, yearOfBirth, subject, imd2019Decile);

    private static async Task<JsonElement> ProposeAsync(HttpClient client, Guid studyId, int size)
    {
        var response = await client.PostAsJsonAsync($"{Studies}/{studyId}/matches", new { size });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<JsonElement> ConfirmAsync(HttpClient client, Guid studyId, Guid proposalId)
    {
        var response = await client.PostAsJsonAsync($"{Studies}/{studyId}/invitations", new { proposalId });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Invites chosen volunteers: a proposal holding them, written as matching would, confirmed through the API.</summary>
    private async Task<JsonElement> InviteAsync(HttpClient client, Guid studyId, IEnumerable<Guid> ids) =>
        await ConfirmAsync(client, studyId, await RegisterSeeding.ProposalAsync(factory.Services, studyId, [.. ids]));

    /// <summary>The volunteer answers their newest invitation.</summary>
    private async Task AnswerAsync(string subject, string status)
    {
        var volunteer = factory.CreateClient().As(Roles.Volunteer, subject);
        var newest = (await volunteer.GetFromJsonAsync<JsonElement>("/api/participation/volunteers/me/invitations")).GetProperty("items")[0].GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await volunteer.PostAsJsonAsync($"/api/participation/volunteers/me/invitations/{newest}/answer", new { status })).StatusCode);
    }

    private async Task<HashSet<Guid>> InvitedAsync(Guid studyId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParticipationDbContext>();
        return (await db.Invitations.Where(i => i.StudyId == studyId).Select(i => i.VolunteerId).ToListAsync()).ToHashSet();
    }

    private static int? MixCount(JsonElement proposal, string dimension, string group) => proposal.GetProperty("mix").EnumerateArray()
        .Single(d => d.GetProperty("dimension").GetString() == dimension).GetProperty("groups").EnumerateArray()
        .Single(g => g.GetProperty("group").GetString() == group).GetProperty("count") is { ValueKind: JsonValueKind.Number } count ? count.GetInt32() : null;

    [Fact]
    public async Task A_study_is_reviewed_before_it_is_listed_and_only_its_team_and_programme_staff_manage_it()
    {
        var researcher = factory.CreateClient().As(Roles.Researcher);
        var created = await researcher.PostAsJsonAsync(Studies, NewStudy("qaa"));
        var study = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("in-review", study.GetProperty("status").GetString());
        var id = study.GetProperty("id").GetGuid();

        // In review: hidden from volunteers and other researchers; a researcher cannot approve their own study.
        await (await factory.CreateClient().As(Roles.Volunteer).GetAsync($"{Studies}/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);
        var otherResearcher = factory.CreateClient().As(Roles.Researcher);
        await (await otherResearcher.GetAsync($"{Studies}/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await otherResearcher.PostAsJsonAsync($"{Studies}/{id}/status", new { status = "withdrawn" })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await researcher.PostAsJsonAsync($"{Studies}/{id}/status", new { status = "active" })).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await factory.CreateClient().As(Roles.Volunteer).PostAsJsonAsync(Studies, NewStudy("qaa"))).AssertProblemAsync(HttpStatusCode.Forbidden);

        var coordinator = factory.CreateClient().As(Roles.Coordinator);
        await (await coordinator.PostAsJsonAsync($"{Studies}/{id}/status", new { status = "disapproved" })).AssertValidationProblemAsync("note");
        await (await coordinator.PostAsJsonAsync($"{Studies}/{id}/status", new { status = "completed" })).AssertValidationProblemAsync("status");
        var approved = await (await coordinator.PostAsJsonAsync($"{Studies}/{id}/status", new { status = "active" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("active", approved.GetProperty("status").GetString());

        var listed = await factory.CreateClient().As(Roles.Volunteer).GetFromJsonAsync<JsonElement>(Studies);
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), s => s.GetProperty("id").GetGuid() == id);
        await (await factory.CreateClient().As(Roles.Volunteer).GetAsync($"{Studies}?pageSize=500")).AssertValidationProblemAsync("pageSize");
        Assert.Equal(HttpStatusCode.OK, (await researcher.PostAsJsonAsync($"{Studies}/{id}/status", new { status = "closed-to-accrual" })).StatusCode);
    }

    [Fact]
    public async Task A_study_with_bad_details_is_refused_naming_each_field()
    {
        var response = await factory.CreateClient().As(Roles.Researcher).PostAsJsonAsync(Studies, new
        {
            title = "", laySummary = "x", sponsor = "s", sites = Array.Empty<string>(), boroughs = new[] { "E09000033" }, isrctnId = "12345",
            eligibility = new { minAge = 16, maxAge = 15, imdDeciles = new[] { 11 }, imdEdition = 2015, ethnicGroups = new[] { "white" } }, recruitmentTarget = 0,
            representationTargets = new[] { new { dimension = "height", group = "tall", share = 2.0 } },
        });
        await response.AssertValidationProblemAsync("title", "sites", "boroughs", "isrctnId", "eligibility.minAge", "eligibility.maxAge",
            "eligibility.imdDeciles", "eligibility.imdEdition", "eligibility.ethnicGroups", "recruitmentTarget", "representationTargets[0].dimension", "representationTargets[0].share");
    }

    [Fact]
    public async Task Feasibility_counts_only_consented_reachable_volunteers_and_hides_small_numbers()
    {
        var researcher = factory.CreateClient().As(Roles.Researcher);
        var criteria = new { criteria = new { languages = new[] { "qab" }, localAuthorities = new[] { TowerHamlets } } };
        await AddVolunteersAsync(5, "qab", "white-british");
        var small = await (await researcher.PostAsJsonAsync("/api/participation/feasibility", criteria)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(small.GetProperty("suppressed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, small.GetProperty("count").ValueKind);
        Assert.Equal(JsonValueKind.Null, small.GetProperty("rawCount").ValueKind);

        var more = await AddVolunteersAsync(8, "qab", "black-african");
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            // One withdraws: they are no longer counted.
            var db = scope.ServiceProvider.GetRequiredService<ParticipationDbContext>();
            var leaving = await db.Volunteers.SingleAsync(v => v.Id == more[0]);
            leaving.WithdrawnAt = DateTimeOffset.UtcNow;
            await db.SaveChangesAsync();
        }
        var rounded = await (await researcher.PostAsJsonAsync("/api/participation/feasibility", criteria)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(10, rounded.GetProperty("count").GetInt32()); // 12 → 10
        var raw = await (await factory.CreateClient().As(Roles.Coordinator).PostAsJsonAsync("/api/participation/feasibility", criteria))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(12, raw.GetProperty("rawCount").GetInt32());

        await (await researcher.PostAsJsonAsync("/api/participation/feasibility", new { criteria = new { localAuthorities = new[] { "W06000015" } } }))
            .AssertValidationProblemAsync("criteria.localAuthorities");
        await (await factory.CreateClient().As(Roles.Volunteer).PostAsJsonAsync("/api/participation/feasibility", criteria))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Imd_deciles_in_criteria_are_imd_2025_unless_the_criteria_ask_for_2019()
    {
        var coordinator = factory.CreateClient().As(Roles.Coordinator);
        await AddVolunteersAsync(12, "qac", "white-british", imdDecile: 3, imd2019Decile: 6);
        async Task<int> CountAsync(object criteria) => (await (await coordinator.PostAsJsonAsync("/api/participation/feasibility", new { criteria }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rawCount").GetInt32();

        Assert.Equal(12, await CountAsync(new { languages = new[] { "qac" }, imdDeciles = new[] { 3 } }));
        Assert.Equal(0, await CountAsync(new { languages = new[] { "qac" }, imdDeciles = new[] { 6 } }));
        Assert.Equal(12, await CountAsync(new { languages = new[] { "qac" }, imdDeciles = new[] { 6 }, imdEdition = 2019 }));
        Assert.Equal(0, await CountAsync(new { languages = new[] { "qac" }, imdDeciles = new[] { 3 }, imdEdition = 2019 }));
    }

    [Fact]
    public async Task Matching_puts_the_groups_a_study_has_under_recruited_first_and_shows_only_the_batch_s_size_and_mix()
    {
        var (researcher, studyId) = await ApprovedStudyAsync("qac");
        var white = await AddVolunteersAsync(60, "qac", "white-british");
        var bangladeshi = await AddVolunteersAsync(10, "qac", "asian-bangladeshi");
        // The study has already invited 20 White British volunteers: Bangladeshi people (a third of Tower Hamlets) are under-recruited.
        await InviteAsync(researcher, studyId, white.Take(20));

        var response = await researcher.PostAsJsonAsync($"{Studies}/{studyId}/matches", new { size = 10 });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        var proposal = JsonDocument.Parse(text).RootElement;
        Assert.Equal((10, 10), (proposal.GetProperty("requested").GetInt32(), proposal.GetProperty("size").GetInt32()));
        Assert.Equal((10, 0), (MixCount(proposal, "ethnic-broad-group", "asian"), MixCount(proposal, "ethnic-broad-group", "white")));
        // Nobody in it is named: no register id, and the seed is the service's own.
        Assert.All(white.Concat(bangladeshi), id => Assert.DoesNotContain(id.ToString(), text));
        Assert.Equal(JsonValueKind.Null, proposal.GetProperty("seed").ValueKind);

        var proposalId = proposal.GetProperty("id").GetGuid();
        var earlier = await InvitedAsync(studyId);
        var confirmed = await ConfirmAsync(researcher, studyId, proposalId);
        Assert.Equal((10, 0), (confirmed.GetProperty("invited").GetInt32(), confirmed.GetProperty("skipped").GetInt32()));
        Assert.Equal(bangladeshi.Order(), (await InvitedAsync(studyId)).Except(earlier).Order());
        // A proposal invites once.
        await (await researcher.PostAsJsonAsync($"{Studies}/{studyId}/invitations", new { proposalId })).AssertProblemAsync(HttpStatusCode.Conflict);

        // Without the under-recruited group left, matching still fills the batch, from those not yet invited.
        var next = await ProposeAsync(researcher, studyId, size: 10);
        Assert.Equal(10, MixCount(next, "ethnic-broad-group", "white"));
        var before = await InvitedAsync(studyId);
        await ConfirmAsync(researcher, studyId, next.GetProperty("id").GetGuid());
        var added = (await InvitedAsync(studyId)).Except(before).ToList();
        Assert.Equal(10, added.Count);
        Assert.All(added, id => Assert.Contains(id, white.Skip(20)));
    }

    [Fact]
    public async Task A_proposal_is_confirmed_only_for_its_own_study_within_a_day_and_names_the_field_when_missing()
    {
        var (researcher, studyId) = await ApprovedStudyAsync("qai");
        await AddVolunteersAsync(10, "qai", "white-irish");
        var proposalId = (await ProposeAsync(researcher, studyId, 10)).GetProperty("id").GetGuid();
        var (otherTeam, otherStudy) = await ApprovedStudyAsync("qai");
        await (await otherTeam.PostAsJsonAsync($"{Studies}/{otherStudy}/invitations", new { proposalId })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await researcher.PostAsJsonAsync($"{Studies}/{studyId}/invitations", new { })).AssertValidationProblemAsync("proposalId");
        // Volunteers cannot be named to invite, nor the draw chosen.
        await (await researcher.PostAsJsonAsync($"{Studies}/{studyId}/invitations", new { volunteerIds = new[] { Guid.NewGuid() } }))
            .AssertValidationProblemAsync("volunteerIds");
        await (await researcher.PostAsJsonAsync($"{Studies}/{studyId}/matches", new { size = 10, seed = 42 })).AssertValidationProblemAsync("seed");

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ParticipationDbContext>();
            await db.MatchProposals.Where(p => p.Id == proposalId).ExecuteUpdateAsync(p => p.SetProperty(x => x.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1)));
        }
        await (await researcher.PostAsJsonAsync($"{Studies}/{studyId}/invitations", new { proposalId })).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Empty(await InvitedAsync(studyId));
    }

    [Fact]
    public async Task No_one_is_invited_more_than_three_times_in_ninety_days_or_twice_to_one_study()
    {
        var ids = await AddVolunteersAsync(1, "qad", "white-irish");
        for (var i = 0; i < 3; i++)
        {
            var (team, study) = await ApprovedStudyAsync("qad");
            Assert.Equal(1, (await InviteAsync(team, study, ids)).GetProperty("invited").GetInt32());
            Assert.Equal(0, (await InviteAsync(team, study, ids)).GetProperty("invited").GetInt32()); // already invited to this one
        }
        var (fourth, fourthStudy) = await ApprovedStudyAsync("qad");
        var result = await InviteAsync(fourth, fourthStudy, ids);
        Assert.Equal((0, 1), (result.GetProperty("invited").GetInt32(), result.GetProperty("skipped").GetInt32()));
        Assert.Empty(await InvitedAsync(fourthStudy));
    }

    [Fact]
    public async Task Volunteers_answer_invitations_and_the_team_sees_contact_details_only_after_interest_then_follows_them_to_enrolment()
    {
        var (researcher, studyId) = await ApprovedStudyAsync("qae");
        var subject = Guid.NewGuid().ToString();
        var volunteerId = (await AddVolunteersAsync(1, "qae", "black-caribbean", subject: subject)).Single();
        var others = await AddVolunteersAsync(9, "qae", "white-british");
        await InviteAsync(researcher, studyId, others.Prepend(volunteerId));
        Assert.True(await factory.PublishedAsync<VolunteerInvited>(m => m.VolunteerId == volunteerId && m.StudyId == studyId
            && m.EthnicGroup == "black-caribbean" && m.LocalAuthorityCode == TowerHamlets));

        var volunteer = factory.CreateClient().As(Roles.Volunteer, subject);
        var mine = await volunteer.GetFromJsonAsync<JsonElement>("/api/participation/volunteers/me/invitations");
        var invitation = mine.GetProperty("items").EnumerateArray().Single();
        Assert.Equal("invited", invitation.GetProperty("status").GetString());
        Assert.Equal("Talking therapies for new parents", invitation.GetProperty("study").GetProperty("title").GetString());
        var invitationId = invitation.GetProperty("id").GetGuid();

        async Task<JsonElement> TeamViewAsync() => (await researcher.GetFromJsonAsync<JsonElement>($"{Studies}/{studyId}/invitations"))
            .GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetGuid() == invitationId);
        // Until they say interested, the team's list holds nothing of them; the funnel counts them, protected.
        var beforeInterest = await researcher.GetFromJsonAsync<JsonElement>($"{Studies}/{studyId}/invitations");
        Assert.Equal(0, beforeInterest.GetProperty("total").GetInt32());

        // Another volunteer cannot answer it; the team cannot screen someone who has not said interested.
        var someoneElse = Guid.NewGuid().ToString();
        await AddVolunteersAsync(1, "qae", "white-irish", subject: someoneElse);
        await (await factory.CreateClient().As(Roles.Volunteer, someoneElse).PostAsJsonAsync($"/api/participation/volunteers/me/invitations/{invitationId}/answer", new { status = "interested" })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await researcher.PostAsJsonAsync($"{Studies}/{studyId}/invitations/{invitationId}/status", new { status = "screened" }))
            .AssertValidationProblemAsync("status");

        var answered = await volunteer.PostAsJsonAsync($"/api/participation/volunteers/me/invitations/{invitationId}/answer", new { status = "interested" });
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        var interested = await researcher.GetFromJsonAsync<JsonElement>($"{Studies}/{studyId}/invitations?status=interested&pageSize=5");
        Assert.Equal((1, 5), (interested.GetProperty("total").GetInt32(), interested.GetProperty("pageSize").GetInt32()));
        var declined = await researcher.GetFromJsonAsync<JsonElement>($"{Studies}/{studyId}/invitations?status=declined");
        Assert.Equal(0, declined.GetProperty("total").GetInt32());
        Assert.Equal(volunteerId, (await TeamViewAsync()).GetProperty("volunteerId").GetGuid());
        var contact = (await TeamViewAsync()).GetProperty("contact");
        Assert.EndsWith("@example.org", contact.GetProperty("email").GetString());

        foreach (var step in new[] { "screened", "enrolled" })
            Assert.Equal(HttpStatusCode.OK, (await researcher.PostAsJsonAsync($"{Studies}/{studyId}/invitations/{invitationId}/status", new { status = step })).StatusCode);
        Assert.Equal("on-study", (await TeamViewAsync()).GetProperty("fhirStatus").GetString());
        Assert.True(await factory.PublishedAsync<InvitationStatusChanged>(m => m.InvitationId == invitationId && m.Status == "enrolled"));

        // The funnel: 10 invited, 9 waiting for an answer, 1 enrolled. The team knows its own enrolled volunteer, so that
        // count is exact; the 9 it cannot see are rounded. Programme staff see it raw.
        static Dictionary<string, JsonElement> Stages(JsonElement funnel) => funnel.GetProperty("stages").EnumerateArray()
            .ToDictionary(s => $"{(s.GetProperty("afterInterest").GetBoolean() ? "after" : "before")} {s.GetProperty("status").GetString()}");
        var funnel = await researcher.GetFromJsonAsync<JsonElement>($"{Studies}/{studyId}/funnel");
        var stages = Stages(funnel);
        Assert.Equal((10, 1, 10), (funnel.GetProperty("invited").GetInt32(), stages["after enrolled"].GetProperty("count").GetInt32(),
            stages["before invited"].GetProperty("count").GetInt32()));
        Assert.Equal("none", stages["before invited"].GetProperty("suppression").GetString());
        var raw = await factory.CreateClient().As(Roles.Coordinator).GetFromJsonAsync<JsonElement>($"{Studies}/{studyId}/funnel");
        var rawStages = Stages(raw);
        Assert.Equal((10, 9, 1), (raw.GetProperty("invited").GetInt32(), rawStages["before invited"].GetProperty("count").GetInt32(),
            rawStages["after enrolled"].GetProperty("count").GetInt32()));
        await (await factory.CreateClient().As(Roles.Researcher).GetAsync($"{Studies}/{studyId}/funnel")).AssertProblemAsync(HttpStatusCode.NotFound);

        // Leaving the register stops contact at once: the team no longer sees their details (their enrolment stands).
        Assert.Equal(HttpStatusCode.OK, (await volunteer.PostAsync("/api/participation/volunteers/me/withdraw", null)).StatusCode);
        Assert.Equal(JsonValueKind.Null, (await TeamViewAsync()).GetProperty("contact").ValueKind);
        Assert.Equal("enrolled", (await TeamViewAsync()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Leaving_the_register_ends_open_invitations_as_withdrawn()
    {
        var (researcher, studyId) = await ApprovedStudyAsync("qah");
        var subject = Guid.NewGuid().ToString();
        var volunteerId = (await AddVolunteersAsync(1, "qah", "white-other", subject: subject)).Single();
        await InviteAsync(researcher, studyId, [volunteerId]);

        var volunteer = factory.CreateClient().As(Roles.Volunteer, subject);
        Assert.Equal(HttpStatusCode.OK, (await volunteer.PostAsync("/api/participation/volunteers/me/withdraw", null)).StatusCode);

        Assert.True(await factory.PublishedAsync<InvitationStatusChanged>(m => m.VolunteerId == volunteerId && m.Status == "withdrawn"));
        // They never said interested, so the team's list never held them; the funnel counts them as withdrawn before interest.
        Assert.Equal(0, (await researcher.GetFromJsonAsync<JsonElement>($"{Studies}/{studyId}/invitations")).GetProperty("total").GetInt32());
        var funnel = await factory.CreateClient().As(Roles.Coordinator).GetFromJsonAsync<JsonElement>($"{Studies}/{studyId}/funnel");
        Assert.Equal(1, funnel.GetProperty("stages").EnumerateArray()
            .Single(s => s.GetProperty("status").GetString() == "withdrawn" && !s.GetProperty("afterInterest").GetBoolean()).GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Partners_read_studies_and_study_teams_read_their_subjects_as_valid_fhir_r4()
    {
        var (researcher, studyId) = await ApprovedStudyAsync("qaf");
        var signIns = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid().ToString()).ToList();
        var ids = new List<Guid>();
        foreach (var signIn in signIns) ids.AddRange(await AddVolunteersAsync(1, "qaf", "mixed-other", subject: signIn));
        await InviteAsync(researcher, studyId, ids);
        foreach (var signIn in signIns.Take(3)) await AnswerAsync(signIn, "interested");

        var partner = factory.CreateClient().As(Roles.Partner);
        var studyResponse = await partner.GetAsync($"/api/participation/fhir/r4/ResearchStudy/{studyId}");
        Assert.Equal("application/fhir+json", studyResponse.Content.Headers.ContentType?.MediaType);
        var (study, studyErrors) = FhirValidation.Validate(await studyResponse.Content.ReadAsStringAsync());
        Assert.Empty(studyErrors);
        var researchStudy = Assert.IsType<Hl7.Fhir.Model.ResearchStudy>(study);
        Assert.Equal(Hl7.Fhir.Model.ResearchStudy.ResearchStudyStatus.Active, researchStudy.Status);
        Assert.Contains(researchStudy.Identifier, i => i.Value == "ISRCTN12345678");

        var (search, searchErrors) = FhirValidation.Validate(await partner.GetStringAsync("/api/participation/fhir/r4/ResearchStudy?status=active"));
        Assert.Empty(searchErrors);
        Assert.Contains(((Hl7.Fhir.Model.Bundle)search).Entry, e => e.Resource?.Id == studyId.ToString());

        var (firstPage, pageErrors) = FhirValidation.Validate(await researcher.GetStringAsync($"/api/participation/fhir/r4/ResearchSubject?study={studyId}&_count=2"));
        Assert.Empty(pageErrors);
        var paged = (Hl7.Fhir.Model.Bundle)firstPage;
        Assert.Equal((3, 2), (paged.Total, paged.Entry.Count));
        Assert.Contains("_offset=2", paged.Link.Single(l => l.Relation == "next").Url);

        var subjectsJson = await researcher.GetStringAsync($"/api/participation/fhir/r4/ResearchSubject?study={studyId}");
        var (subjects, subjectErrors) = FhirValidation.Validate(subjectsJson);
        Assert.Empty(subjectErrors);
        var entries = ((Hl7.Fhir.Model.Bundle)subjects).Entry.Select(e => Assert.IsType<Hl7.Fhir.Model.ResearchSubject>(e.Resource)).ToList();
        Assert.Equal(3, entries.Count); // the fourth has not answered: the team does not list them
        Assert.All(entries, s => Assert.Equal(Hl7.Fhir.Model.ResearchSubject.ResearchSubjectStatus.Candidate, s.Status));
        // People appear only under a per-invitation id: never the register's id, a name or an address.
        Assert.All(ids, id => Assert.DoesNotContain(id.ToString(), subjectsJson));
        Assert.DoesNotContain("example.org", subjectsJson);

        await (await partner.GetAsync($"/api/participation/fhir/r4/ResearchSubject?study={studyId}")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await factory.CreateClient().As(Roles.Researcher).GetAsync($"/api/participation/fhir/r4/ResearchSubject?study={studyId}"))
            .AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_in_memory_register_index_and_the_database_agree_on_who_is_eligible()
    {
        var random = new Random(11);
        T One<T>(T[] items) => items[random.Next(items.Length)];
        List<T> Some<T>(T[] items) => items.Where(_ => random.Next(4) == 0).ToList();
        string[] places = [TowerHamlets, "E09000025", "E06000034", "E07000071"];
        string[] ethnic = ["white-british", "asian-bangladeshi", "black-african", "mixed-other", "prefer-not-to-say"];
        string[] languages = ["en", "bn", "so", "qag"];
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ParticipationDbContext>();
            for (var i = 0; i < 400; i++)
            {
                var id = Guid.CreateVersion7();
                db.Volunteers.Add(new Volunteer
                {
                    Id = id, SubjectId = id.ToString(), FirstName = "R", LastName = "R", Email = $"{id:N}@example.org",
                    ContactChannels = random.Next(10) == 0 ? [] : ["email"], Language = One(languages), YearOfBirth = 1930 + random.Next(78),
                    AgeBand = "35-44", EthnicGroup = random.Next(10) == 0 ? null : One(ethnic), Sex = One(new[] { "female", "male", null }),
                    Relationships = Some(Participation.Domain.Vocabularies.Relationships), Conditions = Some(Participation.Domain.Vocabularies.Conditions),
                    LocalAuthorityCode = random.Next(8) == 0 ? null : One(places), Imd2025Decile = random.Next(8) == 0 ? null : 1 + random.Next(10),
                    Imd2019Decile = random.Next(8) == 0 ? null : 1 + random.Next(10),
                    RegisteredAt = DateTimeOffset.UtcNow, WithdrawnAt = random.Next(10) == 0 ? DateTimeOffset.UtcNow : null, MatchKey = random.Next(),
                });
            }
            await db.SaveChangesAsync();
        }

        await using var check = factory.Services.CreateAsyncScope();
        var index = check.ServiceProvider.GetRequiredService<RegisterIndex>();
        var areas = check.ServiceProvider.GetRequiredService<Participation.Domain.Areas>();
        var database = check.ServiceProvider.GetRequiredService<ParticipationDbContext>();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        for (var i = 0; i < 150; i++)
        {
            var criteria = new Eligibility
            {
                MinAge = random.Next(3) == 0 ? 18 + random.Next(40) : null, MaxAge = random.Next(3) == 0 ? 60 + random.Next(40) : null,
                Sexes = Some(new[] { "female", "male" }), EthnicGroups = Some(ethnic[..4]), LocalAuthorities = Some(places),
                Icbs = random.Next(6) == 0 ? ["E54000029"] : [], ImdDeciles = Some(Enumerable.Range(1, 10).ToArray()),
                Relationships = Some(Participation.Domain.Vocabularies.Relationships), Conditions = Some(Participation.Domain.Vocabularies.Conditions),
                Languages = Some(languages), ImdEdition = random.Next(3) == 0 ? 2019 : null,
            };
            var expected = await database.Volunteers.Contactable().Meeting(criteria, areas, today).CountAsync();
            Assert.Equal(expected, await index.CountAsync(criteria, today, CancellationToken.None));
        }
    }
}
