using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MhAll.ServiceDefaults.Auth;
using MhAll.Testing;
using MhAll.Training.Data;

namespace MhAll.ServiceTests;

/// <summary>Training in-process. Its enrolment tests send 200 requests at once: a pool of 40 leaves the shared server room.</summary>
public sealed class TrainingFactory() : ServiceFactory<TrainingDbContext>(ResourceNames.Training)
{
    protected override int? MaxPoolSize => 40;
}

/// <summary>Organisations, staff, courses and sessions made through the API, for the Training tests.</summary>
public static class TrainingSeeding
{
    public const string Api = "/api/training";
    public const string NorthEastLondon = "E54000029";

    public static HttpClient Coordinator(this TrainingFactory factory) => factory.CreateClient().As(Roles.Coordinator);

    public static async Task<Guid> OrganisationAsync(this TrainingFactory factory, string type = "nhs-trust", string? icbCode = NorthEastLondon)
    {
        var created = await factory.Coordinator().PostAsJsonAsync($"{Api}/organisations",
            new { name = $"Organisation {Guid.NewGuid():N}", type, icbCode, headcount = 500 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>A member of staff with a profile: their client (signed in as them) and profile id.</summary>
    public static async Task<(HttpClient Client, Guid ProfileId)> StaffAsync(this TrainingFactory factory, Guid organisationId,
        string profession = "nursing", string? name = null)
    {
        var client = factory.CreateClient().As(Roles.Staff, Guid.NewGuid().ToString());
        var created = await client.PostAsJsonAsync($"{Api}/profiles", new { name = name ?? "Sam Okafor", profession, organisationId });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (client, (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
    }

    public static async Task<Guid> CourseAsync(this TrainingFactory factory, string[]? tags = null, Guid[]? prerequisites = null,
        string format = "online", string title = "Research in everyday practice")
    {
        var created = await factory.Coordinator().PostAsJsonAsync($"{Api}/courses", new
        {
            title, summary = "What research is, and how practice and research feed each other.", level = "entry", format,
            durationMinutes = 180, tags = tags ?? [], prerequisites = prerequisites ?? [],
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>An online session 30 days ahead; <paramref name="released"/>: its priority places already open to all.</summary>
    public static async Task<Guid> SessionAsync(this TrainingFactory factory, Guid courseId, int capacity, bool released = false, double? priorityShare = null)
    {
        var starts = DateTimeOffset.UtcNow.AddDays(30);
        var created = await factory.Coordinator().PostAsJsonAsync($"{Api}/courses/{courseId}/sessions", SessionBody(starts, capacity, released, priorityShare));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public static object SessionBody(DateTimeOffset starts, int capacity, bool released = false, double? priorityShare = null) => new
    {
        startsAt = starts, endsAt = starts.AddHours(3), onlineLink = "https://meet.example.org/academy", capacity, priorityShare,
        priorityReleaseAt = released ? DateTimeOffset.UtcNow.AddMinutes(-1) : (DateTimeOffset?)null,
    };

    public static async Task<JsonElement> EnrolAsync(this HttpClient staff, Guid sessionId)
    {
        var response = await staff.PostAsync($"{Api}/sessions/{sessionId}/enrolments", null);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<List<JsonElement>> RosterAsync(this TrainingFactory factory, Guid sessionId) =>
        (await factory.Coordinator().GetFromJsonAsync<List<JsonElement>>($"{Api}/sessions/{sessionId}/enrolments"))!;
}
