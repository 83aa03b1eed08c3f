using MhAll.Panel.Domain.Payments;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MhAll.Panel.Data;
using MhAll.Panel.Domain;
using MhAll.ServiceDefaults.Auth;
using MhAll.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MhAll.ServiceTests;

/// <summary>Applicants, agreements and members moved along their statuses through the API, for the Panel tests.</summary>
public static class PanelSeeding
{
    public const string Members = "/api/panel/members";
    public const string Agreements = "/api/panel/agreements";
    public const string Requests = "/api/panel/requests";

    public static HttpClient Coordinator(this ServiceFactory<PanelDbContext> factory) => factory.CreateClient().As(Roles.Coordinator);

    /// <summary>A valid application; <paramref name="change"/> adjusts it.</summary>
    public static Dictionary<string, object?> Application(Action<Dictionary<string, object?>>? change = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["name"] = "Rukhsana Ali", ["email"] = $"rukhsana.{Guid.NewGuid():N}@example.org", ["phone"] = "07700 900456",
            ["motivation"] = "I want services to hear from people like my brother.", ["livedExperience"] = new[] { "psychosis", "carer" },
            ["skills"] = new[] { "document-review", "languages" }, ["languages"] = new[] { "bn" }, ["availableDays"] = new[] { "tue", "thu" },
            ["availableTimes"] = new[] { "evening" }, ["formats"] = new[] { "online" }, ["accessNeeds"] = "Papers a week ahead, in large print.",
            ["ethnicGroup"] = "asian-bangladeshi", ["sex"] = "female", ["ageBand"] = "35-44", ["disability"] = "prefer-not-to-say",
            ["localAuthority"] = "E09000030", ["paymentPreference"] = "paid", ["publicSectorEmployee"] = false,
        };
        change?.Invoke(body);
        return body;
    }

    /// <summary>A new applicant signed in as a panel member: their client and member id.</summary>
    public static async Task<(HttpClient Client, Guid Id)> ApplicantAsync(this ServiceFactory<PanelDbContext> factory, Action<Dictionary<string, object?>>? change = null)
    {
        var client = factory.CreateClient().As(Roles.PanelMember, Guid.NewGuid().ToString());
        var created = await client.PostAsJsonAsync(Members, Application(change));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (client, (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
    }

    /// <summary>Publishes a new version of the confidentiality agreement; returns its number.</summary>
    public static async Task<int> PublishAgreementAsync(this ServiceFactory<PanelDbContext> factory, string text = "What is said in Panel meetings stays there.")
    {
        var published = await factory.Coordinator().PostAsJsonAsync(Agreements, new { text });
        Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        return (await published.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32();
    }

    public static async Task<HttpResponseMessage> SignAsync(this HttpClient member, int version) =>
        await member.PostAsJsonAsync($"{Members}/me/agreement", new { version });

    public static async Task<HttpResponseMessage> MoveAsync(this ServiceFactory<PanelDbContext> factory, Guid memberId, string status, string? note = null) =>
        await factory.Coordinator().PostAsJsonAsync($"{Members}/{memberId}/status", new { status, note });

    /// <summary>Moves a member through the statuses given, each of which must succeed.</summary>
    public static async Task MoveThroughAsync(this ServiceFactory<PanelDbContext> factory, Guid memberId, params string[] statuses)
    {
        foreach (var status in statuses)
        {
            var moved = await factory.MoveAsync(memberId, status);
            Assert.True(moved.StatusCode == HttpStatusCode.OK, $"to {status}: {(int)moved.StatusCode} {await moved.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>An applicant who signed the current agreement and was moved to active.</summary>
    public static async Task<(HttpClient Client, Guid Id)> ActiveMemberAsync(this ServiceFactory<PanelDbContext> factory, Action<Dictionary<string, object?>>? change = null)
    {
        var (client, id) = await factory.ApplicantAsync(change);
        var version = await factory.PublishAgreementAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.SignAsync(version)).StatusCode);
        await factory.MoveThroughAsync(id, "shortlisted", "inducted", "active");
        return (client, id);
    }

    /// <summary>A valid involvement request; <paramref name="change"/> adjusts it.</summary>
    public static Dictionary<string, object?> InvolvementRequest(Action<Dictionary<string, object?>>? change = null)
    {
        var start = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30);
        var body = new Dictionary<string, object?>
        {
            ["type"] = "lay-summary-review", ["title"] = "Is our summary of the sleep study clear?",
            ["description"] = "Read a one-page summary and tell us what is unclear or off-putting.", ["membersWanted"] = 4,
            ["livedExperienceWanted"] = new[] { "depression" }, ["skillsWanted"] = new[] { "document-review" },
            ["startDate"] = start, ["endDate"] = start.AddDays(14), ["respondBy"] = start.AddDays(-7),
            ["estimatedHours"] = 2.0m, ["preparationHours"] = 1.0m, ["format"] = "online",
        };
        change?.Invoke(body);
        return body;
    }

    /// <summary>A researcher (their own sign-in) with a request submitted: their client and the request's id.</summary>
    public static async Task<(HttpClient Researcher, Guid Id)> RequestAsync(this ServiceFactory<PanelDbContext> factory, Action<Dictionary<string, object?>>? change = null)
    {
        var researcher = factory.CreateClient().As(Roles.Researcher, Guid.NewGuid().ToString());
        var created = await researcher.PostAsJsonAsync(Requests, InvolvementRequest(change));
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return (researcher, (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
    }

    public static async Task<HttpResponseMessage> TriageAsync(this ServiceFactory<PanelDbContext> factory, Guid requestId, object decision) =>
        await factory.Coordinator().PostAsJsonAsync($"{Requests}/{requestId}/triage", decision);

    /// <summary>
    /// A member's involvement: an active member whose offer of an accepted request they accepted, written straight into
    /// the database (the offer endpoints are built elsewhere). Reuses <paramref name="request"/> (a researcher's client
    /// and request id) when given, else makes and accepts a new request.
    /// </summary>
    public static async Task<Involvement> InvolvedMemberAsync(this ServiceFactory<PanelDbContext> factory,
        (HttpClient Researcher, Guid Id)? request = null, Action<Dictionary<string, object?>>? application = null, string rateCategory = RateCategories.Hourly)
    {
        var (researcher, requestId) = request ?? await factory.AcceptedRequestAsync(rateCategory: rateCategory);
        var (member, memberId) = await factory.ActiveMemberAsync(application);
        var offerId = await factory.OfferAsync(requestId, memberId, OfferStatuses.Accepted);
        return new Involvement(member, memberId, researcher, requestId, offerId);
    }

    /// <summary>A researcher's request, accepted in triage.</summary>
    public static async Task<(HttpClient Researcher, Guid Id)> AcceptedRequestAsync(this ServiceFactory<PanelDbContext> factory,
        Action<Dictionary<string, object?>>? change = null, string rateCategory = RateCategories.Hourly)
    {
        var (researcher, id) = await factory.RequestAsync(change);
        var accepted = await factory.TriageAsync(id, new { decision = "accept", activityType = "lay-summary-review", rateCategory });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        return (researcher, id);
    }

    /// <summary>An offer of a request to a member in the given status, written into the database; its id.</summary>
    public static async Task<Guid> OfferAsync(this ServiceFactory<PanelDbContext> factory, Guid requestId, Guid memberId, string status)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PanelDbContext>();
        var now = DateTimeOffset.UtcNow;
        var offer = new Offer
        {
            Id = Guid.CreateVersion7(), RequestId = requestId, MemberId = memberId, Rank = 1, MadeAt = now.AddDays(-3), ExpiresAt = now.AddDays(4),
            Status = status, ClosedAt = status == OfferStatuses.Outstanding ? null : now.AddDays(-2),
        };
        db.Offers.Add(offer);
        await db.SaveChangesAsync();
        return offer.Id;
    }
}

/// <summary>A member's involvement in a request: both sides' clients and the ids.</summary>
public sealed record Involvement(HttpClient Member, Guid MemberId, HttpClient Researcher, Guid RequestId, Guid Id)
{
    /// <summary>The member's side only, for tests that act as the member.</summary>
    public void Deconstruct(out HttpClient member, out Guid memberId, out Guid id) => (member, memberId, id) = (Member, MemberId, Id);
}
