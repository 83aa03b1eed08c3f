using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit.Testing;
using MhAll.Contracts.Training;
using MhAll.ServiceDefaults.Auth;
using MhAll.Testing;
using MhAll.Training.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static MhAll.ServiceTests.TrainingSeeding;

namespace MhAll.ServiceTests;

/// <summary>Partner systems push completions from their own learning systems, idempotently per partner client.</summary>
[Collection(ServiceTestsCollection.Name)]
public sealed class TrainingPartnerApiTests(TrainingFactory factory) : IClassFixture<TrainingFactory>
{
    private const string Completions = $"{Api}/partner/v1/completions";

    private HttpClient Partner(string? client = null) => factory.CreateClient().As(Roles.Partner, client ?? $"ics-{Guid.NewGuid():N}");

    private static object Record(Guid profileId, string recordId, string title = "Motivational interviewing") =>
        new { profileId, courseCode = "MI-101", courseTitle = title, completedOn = "2026-11-02", partnerRecordId = recordId };

    private static Task<HttpResponseMessage> PushAsync(HttpClient partner, object body, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Completions) { Content = JsonContent.Create(body) };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return partner.SendAsync(request);
    }

    private async Task<int> RecordsAsync(string recordId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TrainingDbContext>().ExternalCompletions.CountAsync(c => c.PartnerRecordId == recordId);
    }

    [Fact]
    public async Task A_retried_push_has_one_effect_and_the_same_answer()
    {
        var organisation = await factory.OrganisationAsync("primary-care");
        var (staff, profileId) = await factory.StaffAsync(organisation, "social-prescribing-link-worker");
        var partner = Partner();
        var recordId = $"lms-{Guid.NewGuid():N}";
        var key = Guid.NewGuid().ToString();

        var first = await PushAsync(partner, Record(profileId, recordId), key);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var retry = await PushAsync(partner, Record(profileId, recordId), key);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal(1, await RecordsAsync(recordId));

        var completion = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.True(await factory.PublishedAsync<ExternalTrainingRecorded>(m => m.CompletionId == completion));
        var recorded = factory.Harness.Published.Select<ExternalTrainingRecorded>(m => m.Context.Message.CompletionId == completion).Single().Context.Message;
        Assert.Equal((profileId, "MI-101", new DateOnly(2026, 11, 2), "community-and-support", "primary-care", true),
            (recorded.ProfileId, recorded.CourseCode, recorded.CompletedOn, recorded.ProfessionGroup, recorded.OrganisationType, recorded.UnderServed));

        // The member of staff sees it in their subject access export.
        Assert.Equal(recordId, (await staff.GetFromJsonAsync<JsonElement>($"{Api}/profiles/me/export")).GetProperty("partnerCompletions")[0]
            .GetProperty("partnerRecordId").GetString());

        // The partner reads what it pushed; another partner finds nothing, and its keys are its own.
        Assert.Equal(recordId, (await partner.GetFromJsonAsync<JsonElement>(first.Headers.Location)).GetProperty("partnerRecordId").GetString());
        var other = Partner();
        await (await other.GetAsync(first.Headers.Location)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.Created, (await PushAsync(other, Record(profileId, recordId), key)).StatusCode);
    }

    [Fact]
    public async Task The_same_key_with_another_body_a_missing_key_and_bad_fields_are_refused()
    {
        var (_, profileId) = await factory.StaffAsync(await factory.OrganisationAsync());
        var partner = Partner();
        var recordId = $"lms-{Guid.NewGuid():N}";
        var key = Guid.NewGuid().ToString();
        Assert.Equal(HttpStatusCode.Created, (await PushAsync(partner, Record(profileId, recordId), key)).StatusCode);

        var reused = await (await PushAsync(partner, Record(profileId, recordId, "Another course"), key)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("Idempotency-Key", reused.GetProperty("title").GetString());
        await (await PushAsync(partner, Record(profileId, recordId), null)).AssertValidationProblemAsync("Idempotency-Key");
        await (await PushAsync(partner, Record(profileId, recordId), new string('k', 101))).AssertValidationProblemAsync("Idempotency-Key");
        // The same partner record under a new key is a duplicate, not a second completion.
        await (await PushAsync(partner, Record(profileId, recordId), Guid.NewGuid().ToString())).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(1, await RecordsAsync(recordId));

        await (await PushAsync(partner, new { courseCode = " ", completedOn = "2999-01-01" }, Guid.NewGuid().ToString()))
            .AssertValidationProblemAsync("profileId", "courseCode", "courseTitle", "completedOn", "partnerRecordId");
        await (await PushAsync(partner, Record(Guid.NewGuid(), $"lms-{Guid.NewGuid():N}"), Guid.NewGuid().ToString())).AssertValidationProblemAsync("profileId");

        foreach (var role in new[] { Roles.Staff, Roles.Researcher, Roles.Volunteer })
            await (await PushAsync(factory.CreateClient().As(role), Record(profileId, recordId), key)).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Concurrent_duplicates_make_one_record_and_all_get_its_answer()
    {
        var (_, profileId) = await factory.StaffAsync(await factory.OrganisationAsync());
        var client = $"ics-{Guid.NewGuid():N}";
        var recordId = $"lms-{Guid.NewGuid():N}";
        var key = Guid.NewGuid().ToString();
        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => PushAsync(Partner(client), Record(profileId, recordId), key)));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var ids = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid()));
        Assert.Single(ids.Distinct());
        Assert.Equal(1, await RecordsAsync(recordId));
        Assert.True(await factory.PublishedAsync<ExternalTrainingRecorded>(m => m.CompletionId == ids[0]));
        Assert.Single(factory.Harness.Published.Select<ExternalTrainingRecorded>(m => m.Context.Message.CompletionId == ids[0]));
    }
}
