using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MhAll.Participation.Data;
using MhAll.ServiceDefaults.Auth;
using MhAll.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MhAll.ServiceTests;

/// <summary>Its own database: rows are corrupted on purpose and consent texts published, which other classes would feel.</summary>
public sealed class RobustnessFactory() : ServiceFactory<ParticipationDbContext>(ResourceNames.Participation);

/// <summary>Requests that used to freeze the register index or end in a 500 (issue 9, items 1 and 2).</summary>
[Collection(ServiceTestsCollection.Name)]
public sealed class ParticipationRobustnessTests(RobustnessFactory factory) : IClassFixture<RobustnessFactory>
{
    private const string Volunteers = "/api/participation/volunteers";
    private static readonly object Carers = new { criteria = new { relationships = new[] { "carer" } } };

    private async Task<object> JoiningAsync(object? relationships = null, string firstName = "Femi")
    {
        var consent = await factory.CreateClient().As(Roles.Volunteer).GetFromJsonAsync<JsonElement>("/api/participation/consent");
        return new
        {
            firstName, lastName = "Adeyemi", email = $"femi.{Guid.NewGuid():N}@example.org", yearOfBirth = 1970,
            relationships = relationships ?? new[] { "carer" }, consentVersion = consent.GetProperty("version").GetInt32(),
        };
    }

    private async Task<Guid> JoinAsync()
    {
        var created = await factory.CreateClient().As(Roles.Volunteer).PostAsJsonAsync(Volunteers, await JoiningAsync());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private async Task<int> CarersAsync()
    {
        var response = await factory.CreateClient().As(Roles.Coordinator).PostAsJsonAsync("/api/participation/feasibility", Carers);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rawCount").GetInt32();
    }

    [Fact]
    public async Task A_null_inside_a_list_is_refused_naming_the_item()
    {
        var response = await factory.CreateClient().As(Roles.Volunteer).PostAsJsonAsync(Volunteers, await JoiningAsync(new[] { "carer", null }));
        await response.AssertValidationProblemAsync("relationships[1]");
    }

    [Fact]
    public async Task One_row_the_register_index_cannot_read_is_skipped_and_counted_and_later_volunteers_are_still_found()
    {
        using var skipped = new CounterCapture(RegisterIndex.MeterName, "mhall.register_index.rows_skipped");
        var before = await CarersAsync();
        var broken = await JoinAsync();
        Assert.Equal(before + 1, await CarersAsync());

        // What the API no longer lets in, written straight into the database: a null inside a list column.
        await using (var scope = factory.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<ParticipationDbContext>().Database.ExecuteSqlAsync(
                $"UPDATE volunteers SET relationships = ARRAY['carer', NULL]::text[], changed_at = now() WHERE id = {broken}");
        await JoinAsync();
        await JoinAsync();

        Assert.Equal(before + 2, await CarersAsync());
        Assert.True(skipped.Total >= 1);
    }

    [Theory]
    [InlineData("""{"criteria":{"conditions":null}}""", "criteria.conditions")]
    [InlineData("""{"criteria":{"languages":null}}""", "criteria.languages")]
    [InlineData("""{"criteria":{"imdDeciles":null}}""", "criteria.imdDeciles")]
    [InlineData("""{"criteria":{"languages":["en\u0000"]}}""", "criteria.languages[0]")]
    public async Task Feasibility_criteria_with_nulls_or_control_characters_are_refused_naming_the_field(string body, string field)
    {
        var response = await factory.CreateClient().As(Roles.Researcher)
            .PostAsync("/api/participation/feasibility", new StringContent(body, Encoding.UTF8, "application/json"));
        await response.AssertValidationProblemAsync(field);
    }

    [Fact]
    public async Task A_study_with_a_null_representation_target_or_a_nul_character_is_refused_naming_the_field()
    {
        var researcher = factory.CreateClient().As(Roles.Researcher);
        await (await researcher.PostAsync("/api/participation/studies",
                new StringContent("""{"title":"Sleep","representationTargets":[null]}""", Encoding.UTF8, "application/json")))
            .AssertValidationProblemAsync("representationTargets[0]");
        await (await researcher.PostAsync("/api/participation/studies",
                new StringContent("""{"title":"Sleep\u0000study"}""", Encoding.UTF8, "application/json")))
            .AssertValidationProblemAsync("title");
    }

    [Fact]
    public async Task A_nul_character_in_any_text_is_refused_before_it_reaches_the_database()
    {
        var response = await factory.CreateClient().As(Roles.Volunteer).PostAsJsonAsync(Volunteers, await JoiningAsync(firstName: "Fe\u0000mi"));
        await response.AssertValidationProblemAsync("firstName");
    }

    [Fact]
    public async Task A_note_longer_than_its_column_is_refused_naming_it()
    {
        var response = await factory.CreateClient().As(Roles.Coordinator).PostAsJsonAsync($"/api/participation/studies/{Guid.NewGuid()}/status",
            new { status = "disapproved", note = new string('n', 2001) });
        await response.AssertValidationProblemAsync("note");
    }

    [Theory]
    [InlineData("page=2147483647&pageSize=200", "page")]
    [InlineData("status=in-review%00", "status")]
    public async Task Page_offsets_that_overflow_and_control_characters_in_the_query_are_refused_naming_the_parameter(string query, string field)
    {
        var response = await factory.CreateClient().As(Roles.Coordinator).GetAsync($"/api/participation/studies?{query}");
        await response.AssertValidationProblemAsync(field);
    }

    [Fact]
    public async Task A_token_without_a_subject_is_refused_as_unauthenticated()
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.WithoutSubject(Roles.Volunteer));
        await (await client.GetAsync($"{Volunteers}/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Two_coordinators_publishing_a_consent_version_at_the_same_moment_get_one_version_and_a_conflict()
    {
        string connectionString;
        await using (var scope = factory.Services.CreateAsyncScope())
            connectionString = scope.ServiceProvider.GetRequiredService<ParticipationDbContext>().Database.GetConnectionString()!;
        await using var other = new NpgsqlConnection(connectionString);
        await other.OpenAsync();
        // The other coordinator's publish, caught between its insert and its commit: the request reads the same
        // latest version, and its insert of the next one waits on the primary key until that commit.
        await using var transaction = await other.BeginTransactionAsync();
        await using (var insert = new NpgsqlCommand(
            "INSERT INTO consent_texts (version, text, published_at) SELECT max(version) + 1, 'The other coordinator''s text.', now() FROM consent_texts",
            other, transaction))
            await insert.ExecuteNonQueryAsync();

        var publishing = factory.CreateClient().As(Roles.Coordinator).PostAsJsonAsync("/api/participation/consent", new { body = "My text." });
        await using (var watcher = new NpgsqlConnection(connectionString))
        {
            await watcher.OpenAsync();
            await using var waiting = new NpgsqlCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", watcher);
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while ((long)(await waiting.ExecuteScalarAsync())! == 0 && !publishing.IsCompleted && DateTime.UtcNow < deadline) await Task.Delay(20);
        }
        await transaction.CommitAsync();

        await (await publishing).AssertProblemAsync(HttpStatusCode.Conflict);
        var again = await factory.CreateClient().As(Roles.Coordinator).PostAsJsonAsync("/api/participation/consent", new { body = "My text." });
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
    }
}

/// <summary>Learning's reports with query values that used to end in a 500.</summary>
[Collection(ServiceTestsCollection.Name)]
public sealed class LearningRobustnessTests(LearningFactory factory) : IClassFixture<LearningFactory>
{
    [Theory]
    [InlineData("month=9999-12", "month")]
    [InlineData("month=2999-01", "month")]
    public async Task A_month_that_has_not_begun_is_refused_naming_it(string query, string field) =>
        await (await factory.CreateClient().As(Roles.Researcher).GetAsync($"/api/learning/representation?{query}")).AssertValidationProblemAsync(field);

    [Fact]
    public async Task A_raw_report_with_a_query_string_longer_than_its_audit_column_is_refused()
    {
        var padding = string.Join("&", Enumerable.Range(0, 30).Select(i => $"pad{i}={new string('x', 20)}"));
        var response = await factory.CreateClient().As(Roles.Coordinator).GetAsync($"/api/learning/representation?raw=true&{padding}");
        await response.AssertValidationProblemAsync("query");
    }
}
