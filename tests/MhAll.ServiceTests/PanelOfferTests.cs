using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MhAll.Panel.Data;
using MhAll.Panel.Features.Offers;
using MhAll.ServiceDefaults.Auth;
using MhAll.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static MhAll.ServiceTests.PanelSeeding;

namespace MhAll.ServiceTests;

/// <summary>A clock the tests move forward; otherwise the real time.</summary>
public sealed class MovableClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}

/// <summary>The Panel with a clock the tests move, and the sweep left to the tests to run.</summary>
public sealed class PanelOfferFactory : PanelFactory
{
    public MovableClock Clock { get; } = new();

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        services.AddSingleton<TimeProvider>(Clock);
        services.Configure<OfferOptions>(o => o.SweepInterval = TimeSpan.FromHours(1));
    }
}

[Collection(ServiceTestsCollection.Name)]
public sealed class PanelOfferTests(PanelOfferFactory factory) : IClassFixture<PanelOfferFactory>
{
    private static readonly object Accept = new { decision = "accept", activityType = "lay-summary-review", rateCategory = "short-task" };

    [Fact]
    public async Task The_acceptance_walk_offers_the_least_recently_involved_and_not_someone_involved_more_recently()
    {
        await AloneAsync();
        var (recent, recentId) = await MemberAsync();
        var (_, first) = await AcceptedRequestAsync(b => b["membersWanted"] = 1);
        await StartAsync(first);
        Assert.Equal(HttpStatusCode.OK, (await recent.PostAsync($"/api/panel/offers/{await OutstandingOfferAsync(recent)}/accept", null)).StatusCode);

        // A person applies, is inducted, signs the agreement and becomes active; never involved, they come first.
        var (newcomer, newcomerId) = await MemberAsync();
        var (researcher, second) = await AcceptedRequestAsync(b => b["membersWanted"] = 1);
        var matched = await StartAsync(second);
        var offered = Assert.Single(matched.GetProperty("offered").EnumerateArray());
        Assert.Equal((newcomerId, 1), (offered.GetProperty("memberId").GetGuid(), offered.GetProperty("rank").GetInt32()));
        Assert.Contains(offered.GetProperty("reasons").EnumerateArray(), r => r.GetString() == "never involved yet");
        Assert.Empty((await MyOffersAsync(recent)).GetProperty("outstanding").EnumerateArray());

        var mine = Assert.Single((await MyOffersAsync(newcomer)).GetProperty("outstanding").EnumerateArray());
        Assert.Equal(("lay-summary-review", "Is our summary of the sleep study clear?", "online"), (mine.GetProperty("type").GetString(),
            mine.GetProperty("title").GetString(), mine.GetProperty("format").GetString()));
        var accepted = await newcomer.PostAsync($"/api/panel/offers/{mine.GetProperty("offerId").GetGuid()}/accept", null);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("accepted", (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        // The researcher sees the place taken, never who took it.
        var summary = await researcher.GetFromJsonAsync<JsonElement>($"{Requests}/{second}/offers");
        Assert.Equal((1, 0, true), (summary.GetProperty("accepted").GetInt32(), summary.GetProperty("outstanding").GetInt32(), summary.GetProperty("filled").GetBoolean()));
        var text = summary.GetRawText();
        Assert.DoesNotContain(newcomerId.ToString(), text);
        Assert.DoesNotContain("Rukhsana", text);
        Assert.DoesNotContain("reasons", text);
        var detail = await factory.Coordinator().GetFromJsonAsync<JsonElement>($"{Requests}/{second}/offers");
        Assert.Equal(newcomerId, Assert.Single(detail.GetProperty("offers").EnumerateArray()).GetProperty("memberId").GetGuid());
        Assert.NotEqual(recentId, newcomerId);
    }

    [Fact]
    public async Task Only_members_whose_lived_experience_and_skills_fit_are_offered_and_paused_members_are_not()
    {
        await AloneAsync();
        var (_, fits) = await MemberAsync();
        var (_, noSkill) = await MemberAsync(skills: ["speaking"]);
        var (_, otherExperience) = await MemberAsync(lived: ["psychosis"]);
        var (_, paused) = await MemberAsync();
        await factory.MoveThroughAsync(paused, "paused");
        var (_, id) = await AcceptedRequestAsync(b => b["membersWanted"] = 3);

        var matched = await StartAsync(id);
        Assert.Equal([fits], matched.GetProperty("offered").EnumerateArray().Select(o => o.GetProperty("memberId").GetGuid()));
        var excluded = matched.GetProperty("excluded");
        Assert.Equal((1, 1), (excluded.GetProperty("missing-wanted-skills").GetInt32(), excluded.GetProperty("no-wanted-lived-experience").GetInt32()));
        Assert.Equal((1, 2), (matched.GetProperty("eligible").GetInt32(), matched.GetProperty("shortfall").GetInt32()));
        Assert.DoesNotContain(paused.ToString(), matched.GetRawText());
        Assert.DoesNotContain(noSkill.ToString(), matched.GetRawText());
        Assert.DoesNotContain(otherExperience.ToString(), matched.GetRawText());
    }

    [Fact]
    public async Task A_decline_passes_the_place_on_at_once()
    {
        await AloneAsync();
        var members = new[] { await MemberAsync(), await MemberAsync() };
        var (_, id) = await AcceptedRequestAsync(b => b["membersWanted"] = 1);
        var first = Assert.Single((await StartAsync(id)).GetProperty("offered").EnumerateArray()).GetProperty("memberId").GetGuid();
        var (declining, _) = members.Single(m => m.Id == first);
        var (other, otherId) = members.Single(m => m.Id != first);

        var declined = await declining.PostAsJsonAsync($"/api/panel/offers/{await OutstandingOfferAsync(declining)}/decline", new { reason = "not-available" });
        Assert.Equal(HttpStatusCode.OK, declined.StatusCode);
        var answer = await declined.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("declined", "not-available"), (answer.GetProperty("status").GetString(), answer.GetProperty("declineReason").GetString()));
        Assert.Single((await MyOffersAsync(other)).GetProperty("outstanding").EnumerateArray());
        var detail = await factory.Coordinator().GetFromJsonAsync<JsonElement>($"{Requests}/{id}/offers");
        Assert.Equal([(first, "declined"), (otherId, "outstanding")],
            detail.GetProperty("offers").EnumerateArray().Select(o => (o.GetProperty("memberId").GetGuid(), o.GetProperty("status").GetString())));
        Assert.Equal(HttpStatusCode.BadRequest, (await other.PostAsJsonAsync($"/api/panel/offers/{await OutstandingOfferAsync(other)}/decline",
            new { reason = "busy" })).StatusCode);
    }

    [Fact]
    public async Task An_unanswered_offer_expires_and_its_place_passes_on_and_a_late_answer_is_refused()
    {
        await AloneAsync();
        var members = new[] { await MemberAsync(), await MemberAsync() };
        var (_, id) = await AcceptedRequestAsync(b => b["membersWanted"] = 1);
        var first = Assert.Single((await StartAsync(id)).GetProperty("offered").EnumerateArray()).GetProperty("memberId").GetGuid();
        var (late, _) = members.Single(m => m.Id == first);
        var (next, _) = members.Single(m => m.Id != first);
        var offer = await OutstandingOfferAsync(late);

        factory.Clock.Advance(TimeSpan.FromDays(3) + TimeSpan.FromMinutes(1));
        var (expired, made) = await factory.Services.GetRequiredService<OfferSweep>().SweepAsync(default);
        Assert.True(expired >= 1 && made >= 1, $"{expired} expired, {made} made");
        Assert.Equal(id, Assert.Single((await MyOffersAsync(next)).GetProperty("outstanding").EnumerateArray()).GetProperty("requestId").GetGuid());

        var refused = await (await late.PostAsync($"/api/panel/offers/{offer}/accept", null)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("expired", refused.GetProperty("title").GetString());
        var past = Assert.Single((await MyOffersAsync(late)).GetProperty("past").EnumerateArray());
        Assert.Equal("expired", past.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Of_two_acceptances_for_the_last_place_exactly_one_wins()
    {
        await AloneAsync();
        var a = await MemberAsync();
        var b = await MemberAsync();
        var (_, id) = await AcceptedRequestAsync(r => r["membersWanted"] = 1);
        var first = Assert.Single((await StartAsync(id)).GetProperty("offered").EnumerateArray()).GetProperty("memberId").GetGuid();
        var second = first == a.Id ? b : a;
        // Matching never offers more places than are left; a second offer out for the one place is set up in the
        // database, as if two offers were out when the request was filled elsewhere (the lock must still hold).
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PanelDbContext>();
            var now = factory.Clock.GetUtcNow();
            db.Offers.Add(new Offer { Id = Guid.NewGuid(), RequestId = id, MemberId = second.Id, Rank = 2, MadeAt = now, ExpiresAt = now.AddDays(3), Status = "outstanding" });
            await db.SaveChangesAsync();
        }
        var clients = new[] { a.Client, b.Client };
        var offers = await Task.WhenAll(clients.Select(OutstandingOfferAsync));
        var answers = await Task.WhenAll(clients.Zip(offers, (client, offer) => client.PostAsync($"/api/panel/offers/{offer}/accept", null)));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], answers.Select(r => r.StatusCode).Order());
        var detail = await factory.Coordinator().GetFromJsonAsync<JsonElement>($"{Requests}/{id}/offers");
        Assert.Equal(["accepted", "withdrawn"], detail.GetProperty("offers").EnumerateArray().Select(o => o.GetProperty("status").GetString()!).Order());

        // The same member answering twice at once: one answer stands.
        await AloneAsync();
        var (twice, _) = await MemberAsync();
        var (_, other) = await AcceptedRequestAsync(r => r["membersWanted"] = 1);
        await StartAsync(other);
        var offer = await OutstandingOfferAsync(twice);
        var both = await Task.WhenAll(twice.PostAsync($"/api/panel/offers/{offer}/accept", null), twice.PostAsync($"/api/panel/offers/{offer}/accept", null));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], both.Select(r => r.StatusCode).Order());
    }

    [Fact]
    public async Task Pausing_leaving_or_erasure_withdraws_a_members_offers_and_their_places_pass_on()
    {
        await AloneAsync();
        var (pausing, pausingId) = await MemberAsync();
        var (_, id) = await AcceptedRequestAsync(b => b["membersWanted"] = 3);
        await StartAsync(id);
        var offer = await OutstandingOfferAsync(pausing);
        await factory.MoveThroughAsync(pausingId, "paused");
        var refused = await (await pausing.PostAsync($"/api/panel/offers/{offer}/accept", null)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("paused", refused.GetProperty("title").GetString());
        // Back again, the place they gave up is not theirs any more: it is told, not mistaken for a filled request.
        await factory.MoveThroughAsync(pausingId, "active");
        var after = await (await pausing.PostAsync($"/api/panel/offers/{offer}/accept", null)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("withdrawn", after.GetProperty("title").GetString());

        var (leaving, leavingId) = await MemberAsync();
        var (erasing, _) = await MemberAsync();
        Assert.Equal(2, (await StartAsync(id)).GetProperty("offered").GetArrayLength());
        var leavingOffer = await OutstandingOfferAsync(leaving);
        var erasingOffer = await OutstandingOfferAsync(erasing);
        await factory.MoveThroughAsync(leavingId, "left");
        Assert.Equal(HttpStatusCode.NoContent, (await erasing.DeleteAsync($"{Members}/me")).StatusCode);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PanelDbContext>();
        Assert.Equal(["withdrawn", "withdrawn"], await db.Offers.Where(o => o.Id == leavingOffer || o.Id == erasingOffer).Select(o => o.Status).ToListAsync());
        await (await leaving.PostAsync($"/api/panel/offers/{leavingOffer}/accept", null)).AssertProblemAsync(HttpStatusCode.Conflict);

        // The places pass on at the next sweep, to whoever fits now.
        var (newcomer, _) = await MemberAsync();
        await factory.Services.GetRequiredService<OfferSweep>().SweepAsync(default);
        Assert.Equal(id, Assert.Single((await MyOffersAsync(newcomer)).GetProperty("outstanding").EnumerateArray()).GetProperty("requestId").GetGuid());
    }

    [Fact]
    public async Task The_same_members_and_seed_give_the_same_offers()
    {
        await AloneAsync();
        for (var i = 0; i < 6; i++) await MemberAsync();
        var (_, id) = await AcceptedRequestAsync(b => b["membersWanted"] = 3);
        var first = await StartAsync(id, seed: 7);
        Assert.Equal(7, first.GetProperty("seed").GetInt64());
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PanelDbContext>();
            await db.Offers.Where(o => o.RequestId == id).ExecuteDeleteAsync();
            await db.InvolvementRequests.Where(r => r.Id == id).ExecuteUpdateAsync(s => s.SetProperty(r => r.MatchingStartedAt, (DateTimeOffset?)null));
        }
        var again = await StartAsync(id, seed: 7);
        static IEnumerable<(Guid, int, string)> Plan(JsonElement m) => m.GetProperty("offered").EnumerateArray()
            .Select(o => (o.GetProperty("memberId").GetGuid(), o.GetProperty("rank").GetInt32(), o.GetProperty("reasons").GetRawText()));
        Assert.Equal(Plan(first), Plan(again));
        Assert.Equal(3, Plan(again).Count());

        // Once started, another seed is refused: later places pass on with the one the plan was made with.
        await (await factory.Coordinator().PostAsJsonAsync($"{Requests}/{id}/offers", new { seed = 8 })).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await factory.Coordinator().PostAsJsonAsync($"{Requests}/{id}/offers", new { seed = -1 })).AssertValidationProblemAsync("seed");
    }

    [Fact]
    public async Task Each_endpoint_refuses_the_wrong_role_and_another_persons_offer_or_request_is_not_found()
    {
        await AloneAsync();
        var (member, _) = await MemberAsync();
        var (researcher, id) = await AcceptedRequestAsync(b => b["membersWanted"] = 1);
        await (await researcher.PostAsJsonAsync($"{Requests}/{id}/offers", new { })).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await member.GetAsync($"{Requests}/{id}/offers")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await researcher.GetAsync($"{Members}/me/offers")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await StartAsync(id);
        var offer = await OutstandingOfferAsync(member);
        await (await factory.Coordinator().PostAsync($"/api/panel/offers/{offer}/accept", null)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await researcher.PostAsync($"/api/panel/offers/{offer}/decline", null)).AssertProblemAsync(HttpStatusCode.Forbidden);

        var (someoneElse, _) = await MemberAsync();
        await (await someoneElse.PostAsync($"/api/panel/offers/{offer}/accept", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await someoneElse.PostAsync($"/api/panel/offers/{offer}/decline", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await factory.CreateClient().As(Roles.Researcher).GetAsync($"{Requests}/{id}/offers")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await factory.CreateClient().As(Roles.PanelMember).GetAsync($"{Members}/me/offers")).AssertProblemAsync(HttpStatusCode.NotFound);

        var (_, untriaged) = await factory.RequestAsync();
        await (await factory.Coordinator().PostAsJsonAsync($"{Requests}/{untriaged}/offers", new { })).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await factory.Coordinator().PostAsJsonAsync($"{Requests}/{Guid.NewGuid()}/offers", new { })).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    /// <summary>
    /// Every member the earlier tests made active steps aside, and their requests stop taking offers, so each test
    /// matches its own members to its own requests only.
    /// </summary>
    private async Task AloneAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PanelDbContext>();
        await db.Members.Where(m => m.Status == "active").ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, "paused"));
        await db.InvolvementRequests.Where(r => r.Status == "accepted").ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, "declined"));
    }

    /// <summary>An active member with lived experience of depression and the document-review skill, unless told otherwise.</summary>
    private Task<(HttpClient Client, Guid Id)> MemberAsync(string[]? lived = null, string[]? skills = null) =>
        factory.ActiveMemberAsync(b =>
        {
            b["livedExperience"] = lived ?? ["depression"];
            b["skills"] = skills ?? ["document-review"];
            b["languages"] = Array.Empty<string>();
        });

    private async Task<(HttpClient Researcher, Guid Id)> AcceptedRequestAsync(Action<Dictionary<string, object?>>? change = null)
    {
        var (researcher, id) = await factory.RequestAsync(change);
        Assert.Equal(HttpStatusCode.OK, (await factory.TriageAsync(id, Accept)).StatusCode);
        return (researcher, id);
    }

    private async Task<JsonElement> StartAsync(Guid requestId, long? seed = null)
    {
        var started = await factory.Coordinator().PostAsJsonAsync($"{Requests}/{requestId}/offers", new { seed });
        Assert.True(started.StatusCode == HttpStatusCode.OK, $"{(int)started.StatusCode} {await started.Content.ReadAsStringAsync()}");
        return await started.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<JsonElement> MyOffersAsync(HttpClient member) => await member.GetFromJsonAsync<JsonElement>($"{Members}/me/offers");

    private static async Task<Guid> OutstandingOfferAsync(HttpClient member) =>
        Assert.Single((await MyOffersAsync(member)).GetProperty("outstanding").EnumerateArray()).GetProperty("offerId").GetGuid();
}
