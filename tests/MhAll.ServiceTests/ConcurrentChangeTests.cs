using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MhAll.Messaging.Erasure;
using MhAll.Participation.Data;
using MhAll.ServiceDefaults.Auth;
using MhAll.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace MhAll.ServiceTests;

/// <summary>
/// Holds the saves it is armed for until two requests have reached theirs: both have read the row, neither has
/// written it. That is the interleaving in which, without optimistic concurrency, the second save overwrites the first.
/// </summary>
public sealed class SaveBarrier : SaveChangesInterceptor
{
    private TaskCompletionSource? _bothArrived;
    private Func<DbContext, bool> _holds = _ => false;
    private int _arrived;

    public void Arm(Func<DbContext, bool> holds)
    {
        _holds = holds;
        _arrived = 0;
        _bothArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (_bothArrived is { } both && _holds(eventData.Context!))
        {
            if (Interlocked.Increment(ref _arrived) == 2)
            {
                _bothArrived = null;
                both.SetResult();
            }
            else await both.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        }
        return result;
    }
}

public sealed class ConcurrencyFactory() : ServiceFactory<ParticipationDbContext>(ResourceNames.Participation)
{
    public SaveBarrier Barrier { get; } = new();

    protected override void ConfigureTestServices(IServiceCollection services) =>
        services.ConfigureDbContext<ParticipationDbContext>(options => options.AddInterceptors(Barrier));
}

/// <summary>Two people changing the same row at the same moment: one wins, the other gets a 409 and nothing of theirs is written.</summary>
[Collection(ServiceTestsCollection.Name)]
public sealed class ConcurrentChangeTests(ConcurrencyFactory factory) : IClassFixture<ConcurrencyFactory>
{
    private const string Studies = "/api/participation/studies";
    private const string Me = "/api/participation/volunteers/me";

    private async Task<(HttpClient Team, Guid StudyId)> ApprovedStudyAsync()
    {
        var team = factory.CreateClient().As(Roles.Researcher);
        var created = await team.PostAsJsonAsync(Studies, new
        {
            title = "Peer support after discharge", laySummary = "Does peer support in the first month after discharge help people stay well?",
            sponsor = "Queen Mary University of London", sites = new[] { "Mile End Hospital" }, boroughs = new[] { "E09000030" },
            eligibility = new { minAge = 18 }, recruitmentTarget = 40,
        });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var approved = await factory.CreateClient().As(Roles.Coordinator).PostAsJsonAsync($"{Studies}/{id}/status", new { status = "active" });
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        return (team, id);
    }

    /// <summary>Volunteers written straight to the register, each with an invitation to the study they said interested to.</summary>
    private async Task<List<(string Subject, Guid InvitationId)>> InterestedAsync(Guid studyId, int count)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParticipationDbContext>();
        var people = new List<(string, Guid)>();
        for (var i = 0; i < count; i++)
        {
            var volunteer = NewVolunteer();
            var invitation = new Invitation
            {
                Id = Guid.CreateVersion7(), StudyId = studyId, VolunteerId = volunteer.Id, InvitedAt = DateTimeOffset.UtcNow,
                Status = InvitationStatuses.Interested, RespondedAt = DateTimeOffset.UtcNow, InterestedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
            };
            db.Volunteers.Add(volunteer);
            db.Invitations.Add(invitation);
            people.Add((volunteer.SubjectId!, invitation.Id));
        }
        await db.SaveChangesAsync();
        return people;
    }

    private static Volunteer NewVolunteer()
    {
        var id = Guid.CreateVersion7();
        return new Volunteer
        {
            Id = id, SubjectId = Guid.NewGuid().ToString(), FirstName = "Nadia", LastName = "Rahman", Email = $"{id:N}@example.org",
            ContactChannels = ["email"], YearOfBirth = 1990, AgeBand = "35-44", EthnicGroup = "asian-bangladeshi", Relationships = ["carer"],
            LocalAuthorityCode = "E09000030", Imd2025Decile = 2, Imd2019Decile = 2, RegisteredAt = DateTimeOffset.UtcNow, MatchKey = Random.Shared.Next(),
        };
    }

    private static Task<HttpResponseMessage> ScreenAsync(HttpClient team, Guid studyId, Guid invitationId) =>
        team.PostAsJsonAsync($"{Studies}/{studyId}/invitations/{invitationId}/status", new { status = "screened" });

    private Task<HttpResponseMessage> DeclineAsync(string subject, Guid invitationId) =>
        factory.CreateClient().As(Roles.Volunteer, subject).PostAsJsonAsync($"{Me}/invitations/{invitationId}/answer", new { status = "declined" });

    private async Task<JsonElement> TeamViewAsync(HttpClient team, Guid studyId, Guid invitationId)
    {
        var list = await team.GetFromJsonAsync<JsonElement>($"{Studies}/{studyId}/invitations?pageSize=200");
        return list.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetGuid() == invitationId);
    }

    [Fact]
    public async Task A_team_s_screened_and_the_volunteer_s_declined_read_together_give_one_winner_and_a_409_for_the_other()
    {
        var (team, studyId) = await ApprovedStudyAsync();
        var (subject, invitationId) = (await InterestedAsync(studyId, 1))[0];

        factory.Barrier.Arm(db => db.ChangeTracker.Entries<Invitation>().Any(e => e.State == EntityState.Modified));
        var responses = await Task.WhenAll(ScreenAsync(team, studyId, invitationId), DeclineAsync(subject, invitationId));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        var lost = Assert.Single(responses, r => r.StatusCode != HttpStatusCode.OK);
        var problem = await lost.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("changed by someone else meanwhile", problem.GetProperty("title").GetString());
        var shown = await TeamViewAsync(team, studyId, invitationId);
        var winner = responses[0].StatusCode == HttpStatusCode.OK ? "screened" : "declined";
        Assert.Equal(winner, shown.GetProperty("status").GetString());
        Assert.Equal(winner == "declined", shown.GetProperty("contact").ValueKind == JsonValueKind.Null);
    }

    [Fact]
    public async Task Screened_and_declined_raced_for_real_never_both_win_and_no_one_declined_is_shown_with_contact_details()
    {
        var (team, studyId) = await ApprovedStudyAsync();
        foreach (var (subject, invitationId) in await InterestedAsync(studyId, 25))
        {
            var responses = await Task.WhenAll(ScreenAsync(team, studyId, invitationId), DeclineAsync(subject, invitationId));

            // Whoever came second finds the invitation changed: 409 when they read it before the first saved, 400 (nothing
            // to record from there) when after. Never both saved.
            var saved = responses.Select((r, i) => (r.StatusCode, Status: i == 0 ? "screened" : "declined")).Where(r => r.StatusCode == HttpStatusCode.OK).ToList();
            Assert.Single(saved);
            Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK),
                r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Conflict, HttpStatusCode.BadRequest }));
            var shown = await TeamViewAsync(team, studyId, invitationId);
            Assert.Equal(saved[0].Status, shown.GetProperty("status").GetString());
            if (saved[0].Status == "declined") Assert.Equal(JsonValueKind.Null, shown.GetProperty("contact").ValueKind);
        }
    }

    private static object Corrected(Volunteer volunteer) => new
    {
        firstName = "Nadia", lastName = "Rahman-Ali", email = volunteer.Email, yearOfBirth = 1990, relationships = new[] { "carer" },
        phone = "07700900123", address = "12 Cable Street, London", postcode = "E1 6AN",
    };

    private async Task<Volunteer> RegisteredAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParticipationDbContext>();
        var volunteer = NewVolunteer();
        db.Volunteers.Add(volunteer);
        await db.SaveChangesAsync();
        return volunteer;
    }

    private async Task<Volunteer?> StoredAsync(Guid id)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ParticipationDbContext>().Volunteers.AsNoTracking().SingleOrDefaultAsync(v => v.Id == id);
    }

    /// <summary>An erasure deletes the row (an anonymised one with a new id and no personal data takes its place) and leaves a tombstone.</summary>
    private async Task AssertErasedAsync(Guid id)
    {
        Assert.Null(await StoredAsync(id));
        await using var scope = factory.Services.CreateAsyncScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<ParticipationDbContext>().Set<ErasedVolunteer>().AnyAsync(e => e.VolunteerId == id));
    }

    [Fact]
    public async Task A_correction_and_an_erasure_read_together_give_one_winner_and_never_personal_data_in_an_erased_row()
    {
        var volunteer = await RegisteredAsync();
        var client = factory.CreateClient().As(Roles.Volunteer, volunteer.SubjectId);

        // The correction modifies the row; the erasure deletes it (an anonymised row with a new id takes its place).
        factory.Barrier.Arm(db => db.ChangeTracker.Entries<Volunteer>().Any(e => e.State is EntityState.Modified or EntityState.Deleted));
        var responses = await Task.WhenAll(client.PutAsJsonAsync(Me, Corrected(volunteer)), client.DeleteAsync(Me));

        var lost = Assert.Single(responses, r => !r.IsSuccessStatusCode);
        await lost.AssertProblemAsync(HttpStatusCode.Conflict);
        if (responses[1].IsSuccessStatusCode) await AssertErasedAsync(volunteer.Id);
        else Assert.Equal("Rahman-Ali", (await StoredAsync(volunteer.Id))!.LastName); // the erasure can be asked again
    }

    [Fact]
    public async Task Corrections_and_erasures_raced_for_real_never_leave_personal_data_in_an_erased_row()
    {
        for (var i = 0; i < 25; i++)
        {
            var volunteer = await RegisteredAsync();
            var client = factory.CreateClient().As(Roles.Volunteer, volunteer.SubjectId);
            var responses = await Task.WhenAll(client.PutAsJsonAsync(Me, Corrected(volunteer)), client.DeleteAsync(Me));

            // The correction lands before the erasure (which then removes it), finds the record gone (404), or read it
            // before the erasure saved (409); an erasure that read it before the correction saved is refused (409).
            var (corrected, erased) = (responses[0].StatusCode, responses[1].StatusCode);
            Assert.Contains(erased, new[] { HttpStatusCode.NoContent, HttpStatusCode.Conflict });
            if (erased == HttpStatusCode.NoContent) await AssertErasedAsync(volunteer.Id);
            else Assert.Equal((HttpStatusCode.OK, "Rahman-Ali"), (corrected, (await StoredAsync(volunteer.Id))!.LastName));
            Assert.Contains(corrected, new[] { HttpStatusCode.OK, HttpStatusCode.NotFound, HttpStatusCode.Conflict });
        }
    }

    [Fact]
    public async Task Confirming_a_batch_while_its_people_leave_the_register_invites_no_one_who_left_and_loses_no_invitation()
    {
        for (var round = 0; round < 3; round++)
        {
            var (team, studyId) = await ApprovedStudyAsync();
            var people = new List<Volunteer>();
            for (var i = 0; i < 20; i++) people.Add(await RegisteredAsync());
            var proposalId = await RegisterSeeding.ProposalAsync(factory.Services, studyId, people.Select(p => p.Id).ToList());

            // Everyone in the batch leaves (half withdraw, half erase) while the team confirms it.
            var leaving = people.Select((p, i) => factory.CreateClient().As(Roles.Volunteer, p.SubjectId) is var client && i % 2 == 0
                ? client.PostAsync($"{Me}/withdraw", null) : client.DeleteAsync(Me));
            var responses = await Task.WhenAll(leaving.Prepend(team.PostAsJsonAsync($"{Studies}/{studyId}/invitations", new { proposalId })));

            Assert.All(responses, r => Assert.True(r.IsSuccessStatusCode, $"{r.RequestMessage!.Method} {r.RequestMessage.RequestUri}: {(int)r.StatusCode}"));
            var invited = (await responses[0].Content.ReadFromJsonAsync<JsonElement>()).GetProperty("invited").GetInt32();
            // Those who left first were skipped; those who left after were invited and their invitation ended as
            // withdrawn. None is left open, and none was lost with an erased row.
            await using var scope = factory.Services.CreateAsyncScope();
            var statuses = await scope.ServiceProvider.GetRequiredService<ParticipationDbContext>().Invitations
                .Where(i => i.StudyId == studyId).Select(i => i.Status).ToListAsync();
            Assert.Equal(invited, statuses.Count);
            Assert.All(statuses, s => Assert.Equal(InvitationStatuses.Withdrawn, s));
        }
    }
}
