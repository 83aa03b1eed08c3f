using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using MhAll.Contracts.Participation;
using MhAll.Messaging.Audit;
using MhAll.Messaging.Erasure;
using MhAll.Participation.Data;
using MhAll.ServiceDefaults.Auth;
using MhAll.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MhAll.ServiceTests;

public sealed class AssistedFactory() : ServiceFactory<ParticipationDbContext>(ResourceNames.Participation);

/// <summary>
/// Someone signed up by programme staff has no sign-in: a coordinator withdraws, erases or exports for them (with a
/// reason, in the audit trail) through the volunteer's own code paths, and issues a one-time code that links the
/// record to a sign-in later.
/// </summary>
[Collection(ServiceTestsCollection.Name)]
public sealed partial class AssistedVolunteerTests(AssistedFactory factory) : IClassFixture<AssistedFactory>
{
    private const string Volunteers = "/api/participation/volunteers";
    private static readonly object Reason = new { reason = "Asked by phone on 2 Dec" };

    [GeneratedRegex("^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$")] private static partial Regex CodeShape();

    private async Task<(Guid Id, string Email)> SignedUpByStaffAsync()
    {
        var email = $"grace.{Guid.NewGuid():N}@example.org";
        var created = await factory.CreateClient().As(Roles.Coordinator).PostAsJsonAsync($"{Volunteers}/assisted", new
        {
            firstName = "Grace", lastName = "Mensah", email, yearOfBirth = 1950, relationships = new[] { "lived-experience" }, postcode = "RM17 6SL",
            consentVersion = 1, consentMethod = "phone",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return ((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(), email);
    }

    private async Task<List<JsonElement>> TrailAsync(string query) =>
        [.. (await factory.CreateClient().As(Roles.Coordinator).GetFromJsonAsync<JsonElement>($"/api/participation/admin/audit?{query}"))
            .GetProperty("items").EnumerateArray()];

    private async Task<T> InDbAsync<T>(Func<ParticipationDbContext, Task<T>> read)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<ParticipationDbContext>());
    }

    private async Task<string> IssueAsync(Guid id, HttpClient? coordinator = null)
    {
        var issued = await (coordinator ?? factory.CreateClient().As(Roles.Coordinator)).PostAsJsonAsync($"{Volunteers}/{id}/link-code", Reason);
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        Assert.Equal("no-store", issued.Headers.CacheControl?.ToString());
        return (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
    }

    private Task<HttpResponseMessage> RedeemAsync(string code, string? subject = null) =>
        factory.CreateClient().As(Roles.Volunteer, subject ?? Guid.NewGuid().ToString()).PostAsJsonAsync($"{Volunteers}/me/link", new { code });

    [Fact]
    public async Task A_coordinator_withdraws_someone_for_them_recorded_as_assisted_and_audited_with_the_reason()
    {
        var (id, _) = await SignedUpByStaffAsync();
        var coordinatorSubject = Guid.NewGuid().ToString();
        var coordinator = factory.CreateClient().As(Roles.Coordinator, coordinatorSubject);

        await (await coordinator.PostAsJsonAsync($"{Volunteers}/{id}/withdraw", new { })).AssertValidationProblemAsync("reason");
        await (await coordinator.PostAsJsonAsync($"{Volunteers}/{id}/withdraw", new { reason = "  " })).AssertValidationProblemAsync("reason");
        await (await coordinator.PostAsJsonAsync($"{Volunteers}/{Guid.NewGuid()}/withdraw", Reason)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await factory.CreateClient().As(Roles.Volunteer).PostAsJsonAsync($"{Volunteers}/{id}/withdraw", Reason)).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await coordinator.PostAsJsonAsync($"{Volunteers}/{id}/withdraw", Reason)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await coordinator.PostAsJsonAsync($"{Volunteers}/{id}/withdraw", Reason)).StatusCode); // again: nothing new

        Assert.True(await factory.PublishedAsync<VolunteerWithdrawn>(m => m.VolunteerId == id));
        var withdrawal = Assert.Single(await InDbAsync(db => db.ConsentRecords.Where(r => r.VolunteerId == id && r.Decision == ConsentDecisions.Withdrawn).ToListAsync()));
        Assert.Equal((ConsentDecisions.Assisted, coordinatorSubject), (withdrawal.Method, withdrawal.RecordedBy));
        var entry = Assert.Single(await TrailAsync($"subject={id}&action={AuditActions.WithdrawalOnBehalf}"));
        Assert.Equal((coordinatorSubject, Roles.Coordinator, "Asked by phone on 2 Dec"),
            (entry.GetProperty("actorSubjectId").GetString(), entry.GetProperty("actorRole").GetString(), entry.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task A_coordinator_downloads_the_data_for_them_and_the_export_is_audited_with_the_reason()
    {
        var (id, email) = await SignedUpByStaffAsync();
        var coordinatorSubject = Guid.NewGuid().ToString();
        var coordinator = factory.CreateClient().As(Roles.Coordinator, coordinatorSubject);

        await (await coordinator.PostAsJsonAsync($"{Volunteers}/{id}/export", new { })).AssertValidationProblemAsync("reason");
        await (await coordinator.PostAsJsonAsync($"{Volunteers}/{Guid.NewGuid()}/export", Reason)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await factory.CreateClient().As(Roles.Researcher).PostAsJsonAsync($"{Volunteers}/{id}/export", Reason)).AssertProblemAsync(HttpStatusCode.Forbidden);
        var export = await coordinator.PostAsJsonAsync($"{Volunteers}/{id}/export", Reason);
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var copy = await export.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(email, copy.GetProperty("volunteer").GetProperty("email").GetString());
        Assert.Equal("phone", Assert.Single(copy.GetProperty("consentHistory").EnumerateArray()).GetProperty("method").GetString());

        var entry = Assert.Single(await TrailAsync($"subject={id}&action={AuditActions.SubjectAccessExport}"));
        Assert.Equal((coordinatorSubject, Roles.Coordinator, "Asked by phone on 2 Dec"),
            (entry.GetProperty("actorSubjectId").GetString(), entry.GetProperty("actorRole").GetString(), entry.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task A_coordinator_erases_someone_for_them_once_and_asking_again_changes_nothing()
    {
        var (id, _) = await SignedUpByStaffAsync();
        var coordinatorSubject = Guid.NewGuid().ToString();
        var coordinator = factory.CreateClient().As(Roles.Coordinator, coordinatorSubject);

        await (await coordinator.PostAsJsonAsync($"{Volunteers}/{id}/erase", new { })).AssertValidationProblemAsync("reason");
        await (await coordinator.PostAsJsonAsync($"{Volunteers}/{Guid.NewGuid()}/erase", Reason)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await factory.CreateClient().As(Roles.Staff).PostAsJsonAsync($"{Volunteers}/{id}/erase", Reason)).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.NoContent, (await coordinator.PostAsJsonAsync($"{Volunteers}/{id}/erase", Reason)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await coordinator.PostAsJsonAsync($"{Volunteers}/{id}/erase", Reason)).StatusCode);

        Assert.True(await factory.PublishedAsync<VolunteerErased>(m => m.VolunteerId == id));
        Assert.Single(factory.Harness.Published.Select<VolunteerErased>(m => m.Context.Message.VolunteerId == id));
        Assert.False(await InDbAsync(db => db.Volunteers.AnyAsync(v => v.Id == id)));
        Assert.True(await InDbAsync(db => db.Set<ErasedVolunteer>().AnyAsync(e => e.VolunteerId == id)));
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.GetAsync($"{Volunteers}/{id}")).StatusCode);
        var entry = Assert.Single(await TrailAsync($"subject={id}&action={AuditActions.ErasureOnBehalf}"));
        Assert.Equal((coordinatorSubject, "Asked by phone on 2 Dec"), (entry.GetProperty("actorSubjectId").GetString(), entry.GetProperty("reason").GetString()));
        await (await coordinator.PostAsJsonAsync($"{Volunteers}/{id}/export", Reason)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_link_code_is_shown_once_kept_as_a_hash_audited_and_makes_the_record_the_volunteers()
    {
        var (id, email) = await SignedUpByStaffAsync();
        var coordinatorSubject = Guid.NewGuid().ToString();
        var coordinator = factory.CreateClient().As(Roles.Coordinator, coordinatorSubject);
        await (await coordinator.PostAsJsonAsync($"{Volunteers}/{id}/link-code", new { })).AssertValidationProblemAsync("reason");
        await (await coordinator.PostAsJsonAsync($"{Volunteers}/{Guid.NewGuid()}/link-code", Reason)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await factory.CreateClient().As(Roles.Volunteer).PostAsJsonAsync($"{Volunteers}/{id}/link-code", Reason)).AssertProblemAsync(HttpStatusCode.Forbidden);

        var issued = await coordinator.PostAsJsonAsync($"{Volunteers}/{id}/link-code", Reason);
        var body = await issued.Content.ReadFromJsonAsync<JsonElement>();
        var code = body.GetProperty("code").GetString()!;
        Assert.Matches(CodeShape(), code);
        var expiresAt = body.GetProperty("expiresAt").GetDateTimeOffset();
        Assert.InRange(expiresAt - DateTimeOffset.UtcNow, TimeSpan.FromDays(14) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(14));
        var row = await InDbAsync(db => db.Volunteers.AsNoTracking().SingleAsync(v => v.Id == id));
        Assert.Equal(64, row.LinkCodeHash!.Length);
        Assert.DoesNotContain(code.Replace("-", ""), row.LinkCodeHash, StringComparison.OrdinalIgnoreCase);
        var entry = Assert.Single(await TrailAsync($"subject={id}&action={AuditActions.LinkCodeIssued}"));
        Assert.Equal((coordinatorSubject, "Asked by phone on 2 Dec"), (entry.GetProperty("actorSubjectId").GetString(), entry.GetProperty("reason").GetString()));

        // Read over the phone: any case, without the dashes.
        var subject = Guid.NewGuid().ToString();
        var linked = await RedeemAsync(code.Replace("-", "").ToLowerInvariant(), subject);
        Assert.Equal(HttpStatusCode.OK, linked.StatusCode);
        var mine = await factory.CreateClient().As(Roles.Volunteer, subject).GetFromJsonAsync<JsonElement>($"{Volunteers}/me");
        Assert.Equal((id, email), (mine.GetProperty("id").GetGuid(), mine.GetProperty("email").GetString()));
        row = await InDbAsync(db => db.Volunteers.AsNoTracking().SingleAsync(v => v.Id == id));
        Assert.Equal((subject, null, null), (row.SubjectId, row.LinkCodeHash, row.LinkCodeExpiresAt));

        // Now it has a sign-in: no new code, and the used one links nothing.
        await (await coordinator.PostAsJsonAsync($"{Volunteers}/{id}/link-code", Reason)).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await RedeemAsync(code)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Wrong_expired_used_and_replaced_codes_are_refused_alike_and_sign_ins_with_a_record_are_a_conflict()
    {
        var (id, _) = await SignedUpByStaffAsync();
        var first = await IssueAsync(id);
        var second = await IssueAsync(id); // replaces the first
        var wrong = await (await RedeemAsync("ABCD-EFGH-JKLM")).AssertProblemAsync(HttpStatusCode.NotFound);
        var replaced = await (await RedeemAsync(first)).AssertProblemAsync(HttpStatusCode.NotFound);
        static (string?, string?) Said(JsonElement problem) => (problem.GetProperty("title").GetString(), problem.GetProperty("detail").GetString());
        Assert.Equal(Said(wrong), Said(replaced));
        await (await RedeemAsync("")).AssertValidationProblemAsync("code");

        // A sign-in that already has a record cannot take another.
        var registered = Guid.NewGuid().ToString();
        Assert.Equal(HttpStatusCode.Created, (await factory.CreateClient().As(Roles.Volunteer, registered).PostAsJsonAsync(Volunteers, new
        {
            firstName = "Ade", lastName = "Bello", email = $"ade.{Guid.NewGuid():N}@example.org", yearOfBirth = 1980, relationships = new[] { "carer" }, consentVersion = 1,
        })).StatusCode);
        await (await RedeemAsync(second, registered)).AssertProblemAsync(HttpStatusCode.Conflict);

        // Expired: the same answer as a wrong code.
        await InDbAsync(db => db.Volunteers.Where(v => v.Id == id).ExecuteUpdateAsync(s => s.SetProperty(v => v.LinkCodeExpiresAt, DateTimeOffset.UtcNow.AddSeconds(-1))));
        var expired = await (await RedeemAsync(second)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(Said(wrong), Said(expired));
    }

    [Fact]
    public async Task Withdrawn_and_erased_records_cannot_be_linked()
    {
        var coordinator = factory.CreateClient().As(Roles.Coordinator);
        var (withdrawn, _) = await SignedUpByStaffAsync();
        var code = await IssueAsync(withdrawn);
        Assert.Equal(HttpStatusCode.OK, (await coordinator.PostAsJsonAsync($"{Volunteers}/{withdrawn}/withdraw", Reason)).StatusCode);
        await (await RedeemAsync(code)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await coordinator.PostAsJsonAsync($"{Volunteers}/{withdrawn}/link-code", Reason)).AssertProblemAsync(HttpStatusCode.Conflict);

        var (erased, _) = await SignedUpByStaffAsync();
        code = await IssueAsync(erased);
        Assert.Equal(HttpStatusCode.NoContent, (await coordinator.PostAsJsonAsync($"{Volunteers}/{erased}/erase", Reason)).StatusCode);
        await (await RedeemAsync(code)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await coordinator.PostAsJsonAsync($"{Volunteers}/{erased}/link-code", Reason)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Two_people_redeeming_the_same_code_at_once_exactly_one_wins()
    {
        for (var i = 0; i < 10; i++)
        {
            var (id, _) = await SignedUpByStaffAsync();
            var code = await IssueAsync(id);
            var subjects = new[] { Guid.NewGuid().ToString(), Guid.NewGuid().ToString() };
            var responses = await Task.WhenAll(subjects.Select(s => RedeemAsync(code, s)));

            var won = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
            var lost = Assert.Single(responses, r => r.StatusCode != HttpStatusCode.OK);
            Assert.Contains(lost.StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.Conflict });
            var winner = subjects[Array.IndexOf(responses, won)];
            Assert.Equal(winner, (await InDbAsync(db => db.Volunteers.AsNoTracking().SingleAsync(v => v.Id == id))).SubjectId);
        }
    }
}
