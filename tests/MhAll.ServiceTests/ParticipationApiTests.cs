using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MassTransit.Testing;
using MhAll.Contracts.Participation;
using MhAll.Participation.Data;
using MhAll.ServiceDefaults.Auth;
using MhAll.Testing;
using MhAll.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MhAll.ServiceTests;

public sealed class ParticipationFactory() : ServiceFactory<ParticipationDbContext>(ResourceNames.Participation);

[Collection(ServiceTestsCollection.Name)]
public sealed class ParticipationApiTests(ParticipationFactory factory) : IClassFixture<ParticipationFactory>
{
    private const string Volunteers = "/api/participation/volunteers";

    private static object NewVolunteer(string? email = null) => new
    {
        firstName = "Amina",
        lastName = "Begum",
        email = email ?? $"amina.{Guid.NewGuid():N}@example.org",
        yearOfBirth = 1988, relationships = new[] { "lived-experience" }, consentVersion = 1,
        ethnicGroup = "asian-bangladeshi",
    };

    [Fact]
    public async Task A_volunteer_registers_sees_their_record_and_an_event_without_personal_data_is_published()
    {
        var subject = Guid.NewGuid().ToString();
        var client = factory.CreateClient().As(Roles.Volunteer, subject);
        var email = $"Amina.{Guid.NewGuid():N}@Example.org";

        var created = await client.PostAsJsonAsync(Volunteers, NewVolunteer(email));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var volunteer = await created.Content.ReadFromJsonAsync<VolunteerDto>();
        Assert.NotNull(volunteer);
        Assert.Equal(email.ToLowerInvariant(), volunteer.Email);
        var mine = await client.GetFromJsonAsync<VolunteerDto>($"{Volunteers}/me");
        Assert.Equal(volunteer.Id, mine!.Id);

        // The relay publishes the outbox row; the event carries the id and categories only.
        Assert.True(await factory.PublishedAsync<VolunteerRegistered>(m => m.VolunteerId == volunteer.Id));
        var published = factory.Harness.Published.Select<VolunteerRegistered>(m => m.Context.Message.VolunteerId == volunteer.Id).Single();
        Assert.Equal("35-44", published.Context.Message.AgeBand);
        Assert.Equal("asian-bangladeshi", published.Context.Message.EthnicGroup);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParticipationDbContext>();
        var row = await db.OutboxMessages.SingleAsync(m => m.Id == published.Context.MessageId);
        Assert.DoesNotContain("Amina", row.Payload);
        Assert.DoesNotContain("example.org", row.Payload, StringComparison.OrdinalIgnoreCase);
        Assert.NotNull(row.SentAt);
    }

    [Fact]
    public async Task Registering_needs_a_token()
    {
        var response = await factory.CreateClient().PostAsJsonAsync(Volunteers, NewVolunteer());
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData(Roles.Researcher)]
    [InlineData(Roles.Staff)]
    [InlineData(Roles.Partner)]
    public async Task Registering_as_yourself_is_for_volunteers_only(string role)
    {
        var response = await factory.CreateClient().As(role).PostAsJsonAsync(Volunteers, NewVolunteer());
        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Missing_and_invalid_fields_are_each_named()
    {
        var client = factory.CreateClient().As(Roles.Volunteer);
        var response = await client.PostAsJsonAsync(Volunteers, new { lastName = "", email = "not-an-email", yearOfBirth = DateTime.UtcNow.Year - 10, consentVersion = 1, ethnicGroup = "martian" });
        await response.AssertValidationProblemAsync("firstName", "lastName", "email", "yearOfBirth", "ethnicGroup", "relationships");
    }

    [Fact]
    public async Task Malformed_json_is_a_400_naming_the_field_not_a_500()
    {
        var client = factory.CreateClient().As(Roles.Volunteer);
        var wrongType = await client.PostAsync(Volunteers, new StringContent("""{"firstName":"A","lastName":"B","email":"a@b.org","yearOfBirth":"nineteen"}""", Encoding.UTF8, "application/json"));
        await wrongType.AssertValidationProblemAsync("yearOfBirth");

        var unknownField = await client.PostAsync(Volunteers, new StringContent("""{"firstName":"A","lastName":"B","email":"a@b.org","yearOfBirth":1990,"nhsNumber":"123"}""", Encoding.UTF8, "application/json"));
        await unknownField.AssertValidationProblemAsync("nhsNumber");

        var broken = await client.PostAsync(Volunteers, new StringContent("""{"firstName": """, Encoding.UTF8, "application/json"));
        await broken.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Registering_twice_or_with_a_taken_email_is_a_conflict_and_stores_nothing_new()
    {
        var email = $"twice.{Guid.NewGuid():N}@example.org";
        var subject = Guid.NewGuid().ToString();
        var first = await factory.CreateClient().As(Roles.Volunteer, subject).PostAsJsonAsync(Volunteers, NewVolunteer(email));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        var again = await factory.CreateClient().As(Roles.Volunteer, subject).PostAsJsonAsync(Volunteers, NewVolunteer());
        await again.AssertProblemAsync(HttpStatusCode.Conflict);
        var takenEmail = await factory.CreateClient().As(Roles.Volunteer).PostAsJsonAsync(Volunteers, NewVolunteer(email.ToUpperInvariant()));
        var problem = await takenEmail.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("email", problem.GetProperty("title").GetString(), StringComparison.OrdinalIgnoreCase);

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParticipationDbContext>();
        Assert.Equal(1, await db.Volunteers.CountAsync(v => v.Email == email || v.SubjectId == subject));
    }

    [Fact]
    public async Task A_volunteer_reaches_only_their_own_record()
    {
        var owner = factory.CreateClient().As(Roles.Volunteer);
        Assert.Equal(HttpStatusCode.Created, (await owner.PostAsJsonAsync(Volunteers, NewVolunteer())).StatusCode);

        var someoneElse = await factory.CreateClient().As(Roles.Volunteer).GetAsync($"{Volunteers}/me");
        Assert.Equal(HttpStatusCode.NotFound, someoneElse.StatusCode);
    }

    [Fact]
    public async Task A_postcode_in_the_programme_area_gives_the_area_and_deprivation_and_the_event_carries_them()
    {
        var client = factory.CreateClient().As(Roles.Volunteer);
        var response = await client.PostAsJsonAsync(Volunteers, new
        {
            firstName = "Rahima", lastName = "Khatun", email = $"rahima.{Guid.NewGuid():N}@example.org", yearOfBirth = 1990, relationships = new[] { "lived-experience" }, consentVersion = 1, postcode = "e14 5ab",
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Equal("E14 5AB", body.GetProperty("postcode").GetString());
        var area = body.GetProperty("area");
        Assert.Equal("E09000030", area.GetProperty("localAuthorityCode").GetString()); // Tower Hamlets
        // The ONS lookup's answer (NSPL August 2024), in both editions.
        Assert.Equal("E01032771", area.GetProperty("lsoa21Code").GetString());
        Assert.Equal("E01032771", area.GetProperty("lsoa11Code").GetString());
        Assert.Equal(7, area.GetProperty("imd2025Decile").GetInt32());
        Assert.Equal(7, area.GetProperty("imd2019Decile").GetInt32());
        Assert.Equal("E54000029", area.GetProperty("icbCode").GetString());
        Assert.Equal(("exact", "exact"), (area.GetProperty("lsoa21Method").GetString(), area.GetProperty("lsoa11Method").GetString()));
        Assert.False(area.GetProperty("approximate").GetBoolean());
        var id = body.GetProperty("id").GetGuid();
        Assert.True(await factory.PublishedAsync<VolunteerRegistered>(m =>
            m.VolunteerId == id && m.LocalAuthorityCode == "E09000030" && m.ImdDecile == 7 && m.Imd2025Decile == 7));
    }

    [Fact]
    public async Task An_out_of_area_postcode_still_registers_with_the_area_left_empty_and_says_so()
    {
        var response = await factory.CreateClient().As(Roles.Volunteer).PostAsJsonAsync(Volunteers, new
        {
            firstName = "Ann", lastName = "Lee", email = $"ann.{Guid.NewGuid():N}@example.org", yearOfBirth = 1960, relationships = new[] { "lived-experience" }, consentVersion = 1, postcode = "SW1A 1AA",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Equal(System.Text.Json.JsonValueKind.Null, body.GetProperty("area").ValueKind);
        Assert.Contains("East London or Essex", body.GetProperty("notice").GetString());

        var malformed = await factory.CreateClient().As(Roles.Volunteer).PostAsJsonAsync(Volunteers,
            new { firstName = "A", lastName = "B", email = "ab@example.org", yearOfBirth = 1970, relationships = new[] { "lived-experience" }, consentVersion = 1, postcode = "not a postcode" });
        await malformed.AssertValidationProblemAsync("postcode");
    }

    [Fact]
    public async Task Withdrawal_stops_contact_and_tells_the_other_services_once()
    {
        var client = factory.CreateClient().As(Roles.Volunteer);
        var id = (await (await client.PostAsJsonAsync(Volunteers, NewVolunteer())).Content.ReadFromJsonAsync<VolunteerDto>())!.Id;

        var first = await client.PostAsync($"{Volunteers}/me/withdraw", null);
        var again = await client.PostAsync($"{Volunteers}/me/withdraw", null);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.True(await factory.PublishedAsync<VolunteerWithdrawn>(m => m.VolunteerId == id));
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParticipationDbContext>();
        Assert.NotNull((await db.Volunteers.SingleAsync(v => v.Id == id)).WithdrawnAt);
        var withdrawals = await db.OutboxMessages.Where(m => m.MessageType.Contains("VolunteerWithdrawn")).ToListAsync();
        Assert.Single(withdrawals, m => m.Payload.Contains(id.ToString()));
    }

    [Fact]
    public async Task Erasure_removes_personal_data_keeps_an_anonymised_row_and_publishes_only_the_id()
    {
        var subject = Guid.NewGuid().ToString();
        var client = factory.CreateClient().As(Roles.Volunteer, subject);
        var email = $"erase.{Guid.NewGuid():N}@example.org";
        var created = await client.PostAsJsonAsync(Volunteers, new { firstName = "Zara", lastName = "Ahmed", email, yearOfBirth = 1985, relationships = new[] { "lived-experience" }, consentVersion = 1,
            ethnicGroup = "asian-pakistani", postcode = "E14 5AB" });
        var id = (await created.Content.ReadFromJsonAsync<VolunteerDto>())!.Id;
        var copy = await client.GetStringAsync($"{Volunteers}/me/data");
        Assert.Contains(email, copy);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"{Volunteers}/me")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{Volunteers}/me")).StatusCode);
        Assert.True(await factory.PublishedAsync<VolunteerErased>(m => m.VolunteerId == id));
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParticipationDbContext>();
        // The row is gone; a tombstone says when (what the anonymised row keeps is AnonymisedRowTests').
        Assert.False(await db.Volunteers.AnyAsync(v => v.Id == id));
        Assert.True(await db.Set<MhAll.Messaging.Erasure.ErasedVolunteer>().AnyAsync(e => e.VolunteerId == id));
        // The same person may join again later, with the same address.
        var rejoin = await client.PostAsJsonAsync(Volunteers, new { firstName = "Zara", lastName = "Ahmed", email, yearOfBirth = 1985, relationships = new[] { "lived-experience" }, consentVersion = 1 });
        Assert.Equal(HttpStatusCode.Created, rejoin.StatusCode);
    }

    [Fact]
    public async Task Joining_needs_agreement_to_the_current_consent_text_and_the_history_records_every_decision()
    {
        var subject = Guid.NewGuid().ToString();
        var client = factory.CreateClient().As(Roles.Volunteer, subject);
        var text = await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/participation/consent");
        Assert.Equal(1, text.GetProperty("version").GetInt32());
        Assert.Contains("contact me", text.GetProperty("body").GetString());

        var withoutConsent = await client.PostAsJsonAsync(Volunteers,
            new { firstName = "Ada", lastName = "Obi", email = $"ada.{Guid.NewGuid():N}@example.org", yearOfBirth = 1975, relationships = new[] { "lived-experience" } });
        await withoutConsent.AssertValidationProblemAsync("consentVersion");
        var oldVersion = await client.PostAsJsonAsync(Volunteers,
            new { firstName = "Ada", lastName = "Obi", email = $"ada.{Guid.NewGuid():N}@example.org", yearOfBirth = 1975, relationships = new[] { "lived-experience" }, consentVersion = 0 });
        await oldVersion.AssertValidationProblemAsync("consentVersion");

        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync(Volunteers, NewVolunteer())).StatusCode);
        await client.PostAsync($"{Volunteers}/me/withdraw", null);

        var history = await client.GetFromJsonAsync<System.Text.Json.JsonElement>($"{Volunteers}/me/consents");
        Assert.Equal(["given", "withdrawn"], history.EnumerateArray().Select(e => e.GetProperty("decision").GetString()));
        Assert.All(history.EnumerateArray(), e => Assert.Equal("online", e.GetProperty("method").GetString()));
        Assert.Contains("withdrawn", await client.GetStringAsync($"{Volunteers}/me/data"));
    }

    [Fact]
    public async Task Staff_can_sign_someone_up_recording_how_they_consented_and_volunteers_cannot()
    {
        var coordinatorSubject = Guid.NewGuid().ToString();
        var coordinator = factory.CreateClient().As(Roles.Coordinator, coordinatorSubject);
        object Person(string? method) => new
        {
            firstName = "Grace", lastName = "Mensah", email = $"grace.{Guid.NewGuid():N}@example.org", yearOfBirth = 1950, relationships = new[] { "lived-experience" }, postcode = "RM17 6SL",
            consentVersion = 1, consentMethod = method,
        };

        await (await coordinator.PostAsJsonAsync($"{Volunteers}/assisted", Person(null))).AssertValidationProblemAsync("consentMethod");
        await (await factory.CreateClient().As(Roles.Volunteer).PostAsJsonAsync($"{Volunteers}/assisted", Person("phone")))
            .AssertProblemAsync(HttpStatusCode.Forbidden);

        var created = await coordinator.PostAsJsonAsync($"{Volunteers}/assisted", Person("phone"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var volunteer = await created.Content.ReadFromJsonAsync<VolunteerDto>();
        Assert.Equal(HttpStatusCode.OK, (await coordinator.GetAsync(created.Headers.Location)).StatusCode);
        Assert.True(await factory.PublishedAsync<VolunteerRegistered>(m => m.VolunteerId == volunteer!.Id && m.LocalAuthorityCode == "E06000034")); // Thurrock

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParticipationDbContext>();
        var consent = await db.ConsentRecords.SingleAsync(r => r.VolunteerId == volunteer!.Id);
        Assert.Equal(("given", "phone", coordinatorSubject), (consent.Decision, consent.Method, consent.RecordedBy));
        Assert.Null((await db.Volunteers.SingleAsync(v => v.Id == volunteer!.Id)).SubjectId);
    }

    [Fact]
    public async Task A_volunteer_updates_their_details_and_only_changed_categories_are_published()
    {
        var client = factory.CreateClient().As(Roles.Volunteer);
        var email = $"move.{Guid.NewGuid():N}@example.org";
        var id = (await (await client.PostAsJsonAsync(Volunteers, new { firstName = "Tariq", lastName = "Aziz", email, yearOfBirth = 1983, relationships = new[] { "lived-experience" },
            consentVersion = 1, postcode = "E14 5AB" })).Content.ReadFromJsonAsync<VolunteerDto>())!.Id;

        var renamed = await client.PutAsJsonAsync($"{Volunteers}/me", new { firstName = "Tariq", lastName = "Aziz-Khan", email, yearOfBirth = 1983, relationships = new[] { "lived-experience" }, postcode = "E14 5AB" });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        var moved = await client.PutAsJsonAsync($"{Volunteers}/me", new { firstName = "Tariq", lastName = "Aziz-Khan", email, yearOfBirth = 1983, relationships = new[] { "lived-experience" }, postcode = "RM17 6SL" });
        Assert.Equal("E06000034", (await moved.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("area").GetProperty("localAuthorityCode").GetString());

        Assert.True(await factory.PublishedAsync<VolunteerDemographicsChanged>(m => m.VolunteerId == id && m.LocalAuthorityCode == "E06000034"));
        Assert.Single(factory.Harness.Published.Select<VolunteerDemographicsChanged>(m => m.Context.Message.VolunteerId == id)); // the name change sent nothing

        var someoneElses = $"other.{Guid.NewGuid():N}@example.org";
        Assert.Equal(HttpStatusCode.Created, (await factory.CreateClient().As(Roles.Volunteer).PostAsJsonAsync(Volunteers, NewVolunteer(someoneElses))).StatusCode);
        var taken = await client.PutAsJsonAsync($"{Volunteers}/me", new { firstName = "T", lastName = "A", email = someoneElses, yearOfBirth = 1983, relationships = new[] { "lived-experience" } });
        await taken.AssertProblemAsync(HttpStatusCode.Conflict);
        var notRegistered = await factory.CreateClient().As(Roles.Volunteer).PutAsJsonAsync($"{Volunteers}/me", new { firstName = "N", lastName = "O", email = "no@example.org", yearOfBirth = 1983, relationships = new[] { "lived-experience" } });
        Assert.Equal(HttpStatusCode.NotFound, notRegistered.StatusCode);
    }

    [Fact]
    public async Task Health_and_the_openapi_document_are_public()
    {
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        var document = await client.GetStringAsync("/api/participation/openapi/v1.json");
        Assert.Contains("/api/participation/volunteers", document);
        Assert.Contains("bearer", document, StringComparison.OrdinalIgnoreCase);

        // Two features' StatusChange records keep their own shapes in the document.
        var json = JsonDocument.Parse(document).RootElement;
        string SchemaOf(string path) => json.GetProperty("paths").GetProperty(path).GetProperty("post").GetProperty("requestBody")
            .GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString()!.Split('/')[^1];
        var schemas = json.GetProperty("components").GetProperty("schemas");
        Assert.True(schemas.GetProperty(SchemaOf("/api/participation/studies/{id}/status")).GetProperty("properties").TryGetProperty("note", out _));
        Assert.False(schemas.GetProperty(SchemaOf("/api/participation/surveys/{id}/status")).GetProperty("properties").TryGetProperty("note", out _));
    }

    private sealed record VolunteerDto(Guid Id, string FirstName, string LastName, string Email, int YearOfBirth, string? EthnicGroup);
}
