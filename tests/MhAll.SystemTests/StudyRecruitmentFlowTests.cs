using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit.Abstractions;

namespace MhAll.SystemTests;

/// <summary>
/// Issue 4's acceptance through the gateway: volunteers join in Hackney, a researcher's study is approved, feasibility
/// is shown suppressed, a batch is matched with the under-recruited group first, invitations are answered, the funnel
/// and Learning's per-study figures follow, and an erasure is acted on by every other service.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class StudyRecruitmentFlowTests(SystemFixture system, ITestOutputHelper output)
{
    private const string Hackney = "E09000012";

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var clock = Stopwatch.StartNew();
        T value;
        while (!done(value = await read()) && clock.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(100);
        return value;
    }

    private async Task<(HttpClient Client, Guid Id)> JoinAsync(string ethnicGroup, string postcode)
    {
        var (volunteer, _) = await system.SignedInAsync("volunteer");
        var joined = await volunteer.PostAsJsonAsync("/api/participation/volunteers", new
        {
            firstName = "Test", lastName = ethnicGroup, email = $"{Guid.NewGuid():N}@example.org", phone = "07700 900123",
            contactChannels = new[] { "email", "sms" }, language = "en", yearOfBirth = 1984, sex = "female", ethnicGroup, postcode,
            relationships = new[] { "lived-experience" }, conditions = new[] { "depression" }, heardVia = "community-event", consentVersion = 1,
        });
        Assert.Equal(HttpStatusCode.Created, joined.StatusCode);
        var record = await joined.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(Hackney, record.GetProperty("area").GetProperty("localAuthorityCode").GetString());
        Assert.Equal("E54000029", record.GetProperty("area").GetProperty("icbCode").GetString());
        return (volunteer, record.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task A_study_recruits_from_the_register_under_recruited_groups_first_and_an_erasure_reaches_every_service()
    {
        string[] postcodes = ["E8 4HU", "N1 6RP", "N4 2SN"];
        var white = new List<(HttpClient Client, Guid Id)>();
        for (var i = 0; i < 9; i++) white.Add(await JoinAsync("white-british", postcodes[i % postcodes.Length]));
        var (caribbeanVolunteer, caribbeanId) = await JoinAsync("black-caribbean", "E1 6AW");

        var (researcher, _) = await system.SignedInAsync("researcher");
        var (coordinator, _) = await system.SignedInAsync("coordinator");
        var created = await researcher.PostAsJsonAsync("/api/participation/studies", new
        {
            title = "Peer support after a mental health crisis", laySummary = "Does meeting a peer supporter after a crisis help recovery?",
            sponsor = "East London NHS Foundation Trust", sites = new[] { "Homerton Hospital" }, boroughs = new[] { Hackney },
            eligibility = new { minAge = 18, localAuthorities = new[] { Hackney }, conditions = new[] { "depression" } }, recruitmentTarget = 40,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var studyId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var studies = $"/api/participation/studies/{studyId}";
        Assert.Equal(HttpStatusCode.Forbidden, (await researcher.PostAsJsonAsync($"{studies}/status", new { status = "active" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await coordinator.PostAsJsonAsync($"{studies}/status", new { status = "active" })).StatusCode);

        // Ten people can be reached: published rounded to 5.
        var feasibility = await researcher.GetFromJsonAsync<JsonElement>($"{studies}/feasibility");
        Assert.Equal(10, feasibility.GetProperty("count").GetInt32());

        // A proposal shows the batch's size and its groups, disclosure-controlled (one Black Caribbean person: hidden),
        // never who is in it; confirming it by id invites them.
        var proposal = await (await researcher.PostAsJsonAsync($"{studies}/matches", new { size = 10 })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(10, proposal.GetProperty("size").GetInt32());
        var ethnic = proposal.GetProperty("mix").EnumerateArray().Single(d => d.GetProperty("dimension").GetString() == "ethnic-broad-group")
            .GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("group").GetString()!);
        // Beside the batch's known size every hidden cell reads "secondary": "small" would say it is not zero.
        Assert.Equal((JsonValueKind.Null, "secondary"), (ethnic["black"].GetProperty("count").ValueKind, ethnic["black"].GetProperty("suppression").GetString()));
        Assert.DoesNotContain(caribbeanId.ToString(), proposal.GetRawText());
        var confirmed = await researcher.PostAsJsonAsync($"{studies}/invitations", new { proposalId = proposal.GetProperty("id").GetGuid() });
        Assert.Equal(10, (await confirmed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("invited").GetInt32());

        // The volunteer answers; only then does the team see how to reach them.
        var invitation = (await caribbeanVolunteer.GetFromJsonAsync<JsonElement>("/api/participation/volunteers/me/invitations"))
            .GetProperty("items").EnumerateArray().Single();
        var invitationId = invitation.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await caribbeanVolunteer.PostAsJsonAsync(
            $"/api/participation/volunteers/me/invitations/{invitationId}/answer", new { status = "interested" })).StatusCode);
        var team = await researcher.GetFromJsonAsync<JsonElement>($"{studies}/invitations");
        Assert.Equal([caribbeanId], team.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("contact").ValueKind == JsonValueKind.Object)
            .Select(i => i.GetProperty("volunteerId").GetGuid()));
        Assert.Equal(1, team.GetProperty("total").GetInt32()); // the 9 who have not answered are only counted, in the funnel
        foreach (var step in new[] { "screened", "enrolled" })
            Assert.Equal(HttpStatusCode.OK, (await researcher.PostAsJsonAsync($"{studies}/invitations/{invitationId}/status", new { status = step })).StatusCode);

        var funnel = await coordinator.GetFromJsonAsync<JsonElement>($"{studies}/funnel");
        Assert.Equal(10, funnel.GetProperty("invited").GetInt32());
        Assert.Equal(1, funnel.GetProperty("stages").EnumerateArray().Single(s => s.GetProperty("status").GetString() == "enrolled").GetProperty("count").GetInt32());
        var published = await researcher.GetFromJsonAsync<JsonElement>($"{studies}/funnel");
        Assert.Equal(10, published.GetProperty("stages").EnumerateArray() // 9 waiting for an answer, rounded
            .Single(s => s.GetProperty("status").GetString() == "invited").GetProperty("count").GetInt32());

        // Learning hears of the invitations and the enrolment: the study's own representation.
        var enrolled = await EventuallyAsync(
            () => coordinator.GetFromJsonAsync<JsonElement>($"/api/learning/representation?population=enrolled&study={studyId}&dimension=ethnic-group&raw=true"),
            r => r.GetProperty("total").GetInt32() == 1);
        Assert.Equal(1, enrolled.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("name").GetString() == "black-caribbean")
            .GetProperty("count").GetInt32());

        // Erasure: gone here, and every other service has acted on it.
        var clock = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.NoContent, (await caribbeanVolunteer.DeleteAsync("/api/participation/volunteers/me")).StatusCode);
        foreach (var service in new[] { "training", "panel" })
        {
            var acted = await EventuallyAsync(() => coordinator.GetAsync($"/api/{service}/admin/erasures/{caribbeanId}"), r => r.IsSuccessStatusCode);
            Assert.Equal(HttpStatusCode.OK, acted.StatusCode);
        }
        output.WriteLine($"erasure acted on by training and panel within {clock.ElapsedMilliseconds} ms");
        team = await researcher.GetFromJsonAsync<JsonElement>($"{studies}/invitations");
        Assert.All(team.GetProperty("items").EnumerateArray(), i => Assert.Equal(JsonValueKind.Null, i.GetProperty("contact").ValueKind));
        Assert.Equal(HttpStatusCode.NotFound, (await caribbeanVolunteer.GetAsync("/api/participation/volunteers/me")).StatusCode);
    }
}
