using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MhAll.Contracts.Participation;
using MhAll.Participation.Data;
using MhAll.Participation.Domain;
using MhAll.ServiceDefaults.Auth;
using MhAll.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MhAll.ServiceTests;

public sealed class AnonymisedRowFactory() : ServiceFactory<ParticipationDbContext>(ResourceNames.Participation);

/// <summary>
/// What an erasure leaves in Participation (docs/decisions/0004): an anonymised row with a new id and only what the
/// counts read, coarsened; the old id nowhere but the audit trail, the tombstone and the event that tells the others.
/// </summary>
[Collection(ServiceTestsCollection.Name)]
public sealed class AnonymisedRowTests(AnonymisedRowFactory factory) : IClassFixture<AnonymisedRowFactory>
{
    /// <summary>Every column of <c>volunteers</c> is here or in <see cref="Cleared"/>: a new column fails the test until it is classified.</summary>
    private static readonly string[] Kept =
        ["id", "age_band", "ethnic_group", "imd2025decile", "imd_decile", "registered_at", "withdrawn_at", "erased_at", "changed_at"];

    /// <summary>Null, empty, false or 0 on an anonymised row.</summary>
    private static readonly string[] Cleared =
    [
        "subject_id", "first_name", "last_name", "email", "phone", "address", "contact_channels", "language", "accessibility_needs", "easy_read",
        "year_of_birth", "sex", "gender_identity", "relationships", "conditions", "research_interests", "heard_via", "postcode", "lsoa21code",
        "lsoa11code", "local_authority_code", "icb_code", "lsoa21method", "lsoa11method", "area_edition", "match_key", "link_code_hash",
        "link_code_expires_at",
    ];

    private async Task<Guid> StudyAsync(HttpClient researcher)
    {
        var created = await researcher.PostAsJsonAsync("/api/participation/studies", new
        {
            title = "Peer support after discharge", laySummary = "Whether peer support in the first month after discharge helps people stay well.",
            irasId = "312346", sponsor = "Queen Mary University of London", sites = new[] { "Mile End Hospital" }, boroughs = new[] { "E09000030" },
            eligibility = new { minAge = 18 }, recruitmentTarget = 20, startDate = "2027-01-04", endDate = "2027-12-17",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private async Task<string> FunnelAsync(HttpClient coordinator, Guid studyId) =>
        (await coordinator.GetFromJsonAsync<JsonElement>($"/api/participation/studies/{studyId}/funnel")).GetProperty("stages").GetRawText();

    private static DateTimeOffset Month(DateTimeOffset at) => new(at.UtcDateTime.Year, at.UtcDateTime.Month, 1, 0, 0, 0, TimeSpan.Zero);

    private static bool IsEmpty(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.False => true,
        JsonValueKind.Array => value.GetArrayLength() == 0,
        JsonValueKind.String => value.GetString() == "",
        JsonValueKind.Number => value.GetInt64() == 0,
        _ => false,
    };

    [Fact]
    public async Task An_erased_volunteer_leaves_a_row_with_a_new_id_and_only_the_coarsened_categories_counts_read()
    {
        var subject = Guid.NewGuid().ToString();
        var volunteer = factory.CreateClient().As(Roles.Volunteer, subject);
        var researcher = factory.CreateClient().As(Roles.Researcher);
        var coordinator = factory.CreateClient().As(Roles.Coordinator);
        var joined = await volunteer.PostAsJsonAsync("/api/participation/volunteers", new
        {
            firstName = "Rumana", lastName = "Chowdhury", email = $"rumana.{Guid.NewGuid():N}@example.org", phone = "07700900123",
            address = "3 Cotall Street, London", contactChannels = new[] { "email", "sms", "post" }, language = "bn",
            accessibilityNeeds = "Large print, please", easyRead = true, yearOfBirth = 1985, sex = "female", genderIdentity = "same-as-sex-at-birth",
            ethnicGroup = "asian-bangladeshi", relationships = new[] { "lived-experience", "carer" }, conditions = new[] { "anxiety", "depression" },
            researchInterests = new[] { "interviews" }, heardVia = "faith-group", postcode = "E14 5AB", consentVersion = 1,
        });
        Assert.Equal(HttpStatusCode.Created, joined.StatusCode);
        var oldId = (await joined.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var (enrolledIn, declinedIn) = (await StudyAsync(researcher), await StudyAsync(researcher));
        Volunteer original;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ParticipationDbContext>();
            original = await db.Volunteers.AsNoTracking().SingleAsync(v => v.Id == oldId);
            Assert.NotNull(original.Imd2025Decile);
            Assert.NotNull(original.Imd2019Decile);
            var now = DateTimeOffset.UtcNow;
            db.Invitations.AddRange(
                new Invitation { Id = Guid.NewGuid(), StudyId = enrolledIn, VolunteerId = oldId, InvitedAt = now, Status = InvitationStatuses.Enrolled, InterestedAt = now, UpdatedAt = now },
                new Invitation { Id = Guid.NewGuid(), StudyId = declinedIn, VolunteerId = oldId, InvitedAt = now, Status = InvitationStatuses.Declined, UpdatedAt = now });
            db.MatchProposals.Add(new MatchProposal
            {
                Id = Guid.NewGuid(), StudyId = enrolledIn, VolunteerIds = [oldId, Guid.NewGuid()], ProposedBy = "someone", ProposedAt = now, ExpiresAt = now.AddHours(24),
            });
            await db.SaveChangesAsync();
        }
        Assert.True(await factory.PublishedAsync<VolunteerRegistered>(m => m.VolunteerId == oldId));
        await factory.WaitUntilAsync<ParticipationDbContext>(db => db.OutboxMessages.AllAsync(m => m.SentAt != null));
        var funnels = (await FunnelAsync(coordinator, enrolledIn), await FunnelAsync(coordinator, declinedIn));
        // Another replica's index, loaded before the erasure, hears of it from the tombstone.
        var replica = ActivatorUtilities.CreateInstance<RegisterIndex>(factory.Services);
        await replica.RefreshAsync(CancellationToken.None);
        var inReplica = replica.Count;
        var feasibility = new { criteria = new { languages = new[] { "bn" }, conditions = new[] { "anxiety" } } };
        Assert.Equal(1, (await (await coordinator.PostAsJsonAsync("/api/participation/feasibility", feasibility)).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("rawCount").GetInt32());

        Assert.Equal(HttpStatusCode.NoContent, (await volunteer.DeleteAsync("/api/participation/volunteers/me")).StatusCode);
        var erasedAt = DateTimeOffset.UtcNow;

        // The funnels count the same; the index, here and in the other replica, no longer holds the volunteer.
        Assert.Equal(funnels, (await FunnelAsync(coordinator, enrolledIn), await FunnelAsync(coordinator, declinedIn)));
        Assert.Equal(0, (await (await coordinator.PostAsJsonAsync("/api/participation/feasibility", feasibility)).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("rawCount").GetInt32());
        await replica.RefreshAsync(CancellationToken.None);
        Assert.Equal(inReplica - 1, replica.Count);

        string connectionString;
        Guid newId;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ParticipationDbContext>();
            connectionString = db.Database.GetConnectionString()!;
            var invitations = await db.Invitations.AsNoTracking().Where(i => i.StudyId == enrolledIn || i.StudyId == declinedIn).ToListAsync();
            Assert.Equal(2, invitations.Count);
            newId = invitations[0].VolunteerId;
            Assert.All(invitations, i => Assert.Equal(newId, i.VolunteerId));
            Assert.NotEqual(oldId, newId);
            Assert.Equal(4, newId.Version); // random: a version 7 id would carry the time
            Assert.All(await db.ConsentRecords.AsNoTracking().Where(r => r.VolunteerId == newId).ToListAsync(), r =>
            {
                Assert.Null(r.RecordedBy);
                Assert.Equal(Month(r.At), r.At);
            });
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var columns = new List<string>();
        await using (var command = new NpgsqlCommand(
                         "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'volunteers'", connection))
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) columns.Add(reader.GetString(0));
        Assert.Equal([.. Kept.Concat(Cleared).Order()], columns.Order().ToList());

        JsonElement row;
        await using (var command = new NpgsqlCommand("SELECT to_jsonb(v)::text FROM volunteers v WHERE id = @id", connection))
        {
            command.Parameters.AddWithValue("id", newId);
            row = JsonDocument.Parse((string)(await command.ExecuteScalarAsync())!).RootElement;
        }
        var quintileDecile = (int d) => (d + 1) / 2 * 2 - 1;
        var expected = new Dictionary<string, object?>
        {
            ["id"] = newId.ToString(),
            ["age_band"] = AgeBands.Of(1985, erasedAt.Year),
            ["ethnic_group"] = "asian",
            ["imd2025decile"] = quintileDecile(original.Imd2025Decile!.Value),
            ["imd_decile"] = quintileDecile(original.Imd2019Decile!.Value),
            ["registered_at"] = Month(original.RegisteredAt),
            ["withdrawn_at"] = Month(erasedAt),
            ["erased_at"] = Month(erasedAt),
            ["changed_at"] = Month(erasedAt),
        };
        foreach (var column in columns)
        {
            var value = row.GetProperty(column);
            if (!expected.TryGetValue(column, out var kept)) Assert.True(IsEmpty(value), $"{column} survived erasure: {value}");
            else if (kept is DateTimeOffset at) Assert.Equal(at, value.GetDateTimeOffset());
            else if (kept is int number) Assert.Equal(number, value.GetInt32());
            else Assert.Equal(kept, value.GetString());
        }

        // The old id: nowhere but the audit trail, the tombstone, and the erasure event on its way to the other services.
        var tables = new List<string>();
        await using (var command = new NpgsqlCommand(
                         "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'", connection))
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        Assert.Contains("erased_volunteers", tables);
        foreach (var table in tables.Except(["audit_entries", "erased_volunteers"]))
        {
            var types = new List<string>();
            await using var command = new NpgsqlCommand($"SELECT {(table == "outbox_messages" ? "x.message_type" : "''")} FROM \"{table}\" x WHERE strpos(x::text, @id) > 0",
                connection);
            command.Parameters.AddWithValue("id", oldId.ToString());
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) types.Add(reader.GetString(0));
            if (table == "outbox_messages") Assert.All(types, t => Assert.Contains(nameof(VolunteerErased), t));
            else Assert.True(types.Count == 0, $"{table} still names the erased volunteer's id");
        }
        await using (var command = new NpgsqlCommand("SELECT count(*) FROM erased_volunteers WHERE volunteer_id = @id", connection))
        {
            command.Parameters.AddWithValue("id", oldId);
            Assert.Equal(1L, await command.ExecuteScalarAsync());
        }
    }
}
