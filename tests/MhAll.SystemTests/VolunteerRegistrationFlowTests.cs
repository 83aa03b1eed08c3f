using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace MhAll.SystemTests;

/// <summary>The first end-to-end flow: register through the gateway, then see it counted in Learning.</summary>
[Collection(SystemCollection.Name)]
public sealed class VolunteerRegistrationFlowTests(SystemFixture system, ITestOutputHelper output)
{
    private const string Register = "/api/participation/volunteers";
    private const string Count = "/api/learning/registrations/count";

    [Fact]
    public async Task A_volunteer_registered_through_the_gateway_is_counted_by_learning()
    {
        output.WriteLine($"AppHost start to all resources healthy: {system.StartupTime.TotalSeconds:F1} s");
        var (coordinator, _) = await system.SignedInAsync("coordinator");
        var before = await coordinator.GetFromJsonAsync<CountDto>(Count);

        var (volunteer, _) = await system.SignedInAsync("volunteer");
        var registered = await volunteer.PostAsJsonAsync(Register, new
        {
            firstName = "Kwame", lastName = "Mensah", email = $"kwame.{Guid.NewGuid():N}@example.org", yearOfBirth = 1979, relationships = new[] { "lived-experience" }, consentVersion = 1, ethnicGroup = "black-african",
        });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        Assert.True(registered.Headers.Contains("X-Correlation-Id"));

        // Participation's outbox → RabbitMQ → Learning's consumer and read model.
        var clock = Stopwatch.StartNew();
        CountDto? after;
        do
        {
            after = await coordinator.GetFromJsonAsync<CountDto>(Count);
            if (after!.Registered > before!.Registered) break;
            await Task.Delay(50);
        } while (clock.Elapsed < TimeSpan.FromSeconds(30));
        output.WriteLine($"registration visible in Learning after {clock.ElapsedMilliseconds} ms");
        Assert.Equal(before!.Registered + 1, after.Registered);

        var me = await volunteer.GetFromJsonAsync<JsonElement>($"{Register}/me");
        Assert.Equal("Kwame", me.GetProperty("firstName").GetString());
    }

    [Fact]
    public async Task A_volunteer_from_tower_hamlets_appears_in_the_boroughs_representation_with_small_counts_hidden()
    {
        const string report = "/api/learning/representation?area=E09000030&dimension=ethnic-group";
        var (coordinator, _) = await system.SignedInAsync("coordinator");
        var before = (await coordinator.GetFromJsonAsync<JsonElement>(report + "&raw=true")).GetProperty("total").GetInt32();

        var (volunteer, _) = await system.SignedInAsync("volunteer");
        var registered = await volunteer.PostAsJsonAsync(Register, new
        {
            firstName = "Rahima", lastName = "Khatun", email = $"rahima.{Guid.NewGuid():N}@example.org", yearOfBirth = 1992, relationships = new[] { "lived-experience" }, consentVersion = 1,
            ethnicGroup = "asian-bangladeshi", postcode = "E14 5AB",
        });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var area = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("area");
        Assert.Equal("E09000030", area.GetProperty("localAuthorityCode").GetString());

        var clock = Stopwatch.StartNew();
        JsonElement raw;
        do
        {
            raw = await coordinator.GetFromJsonAsync<JsonElement>(report + "&raw=true");
            if (raw.GetProperty("total").GetInt32() > before) break;
            await Task.Delay(50);
        } while (clock.Elapsed < TimeSpan.FromSeconds(30));
        Assert.Equal(before + 1, raw.GetProperty("total").GetInt32());

        var (researcher, _) = await system.SignedInAsync("researcher");
        var published = await researcher.GetFromJsonAsync<JsonElement>(report);
        var bangladeshi = published.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("name").GetString() == "asian-bangladeshi");
        Assert.Equal(0.3459, bangladeshi.GetProperty("populationShare").GetDouble(), 4);
        // This run's only volunteer in Tower Hamlets: a count of 1 is published as hidden.
        Assert.Equal(1, before + 1);
        Assert.Equal("small-count", bangladeshi.GetProperty("suppression").GetString());
        Assert.Equal(JsonValueKind.Null, bangladeshi.GetProperty("count").ValueKind);
    }

    [Fact]
    public async Task An_erasure_through_the_gateway_takes_the_volunteer_off_learnings_register()
    {
        var (coordinator, _) = await system.SignedInAsync("coordinator");
        async Task<int> RegisteredAsync() => (await coordinator.GetFromJsonAsync<CountDto>(Count))!.Registered;
        async Task<int> WaitForAsync(Func<int, bool> done)
        {
            var clock = Stopwatch.StartNew();
            int count;
            while (!done(count = await RegisteredAsync()) && clock.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(50);
            return count;
        }
        var (volunteer, _) = await system.SignedInAsync("volunteer");
        var before = await RegisteredAsync();
        Assert.Equal(HttpStatusCode.Created, (await volunteer.PostAsJsonAsync(Register, new
        {
            firstName = "Leaving", lastName = "Soon", email = $"leaving.{Guid.NewGuid():N}@example.org", yearOfBirth = 1968, relationships = new[] { "lived-experience" }, consentVersion = 1,
        })).StatusCode);
        var registered = await WaitForAsync(n => n > before);

        Assert.Equal(HttpStatusCode.NoContent, (await volunteer.DeleteAsync($"{Register}/me")).StatusCode);

        Assert.Equal(registered - 1, await WaitForAsync(n => n < registered));
        Assert.Equal(HttpStatusCode.NotFound, (await volunteer.GetAsync($"{Register}/me")).StatusCode);
    }

    [Fact]
    public async Task Without_a_token_the_gateway_answers_401()
    {
        var response = await system.Gateway().PostAsJsonAsync(Register, new { firstName = "A" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task With_the_wrong_role_the_service_answers_403()
    {
        var (researcher, _) = await system.SignedInAsync("researcher");
        var response = await researcher.PostAsJsonAsync(Register, new { firstName = "A" });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var (volunteer, _) = await system.SignedInAsync("volunteer");
        Assert.Equal(HttpStatusCode.Forbidden, (await volunteer.GetAsync(Count)).StatusCode);
    }

    [Fact]
    public async Task Malformed_input_gets_a_400_problem_naming_the_field()
    {
        var (volunteer, _) = await system.SignedInAsync("volunteer");
        var response = await volunteer.PostAsync(Register, new StringContent(
            """{"firstName":"Ana","lastName":"Silva","email":"ana@example.org","yearOfBirth":"last year"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("yearOfBirth", out _));
    }

    [Fact]
    public async Task The_gateway_serves_every_service_api_document()
    {
        var gateway = system.Gateway();
        foreach (var service in ResourceNames.Services)
        {
            var document = await gateway.GetFromJsonAsync<JsonElement>($"/api/{service}/openapi/v1.json");
            Assert.Equal($"MH-ALL {service} API", document.GetProperty("info").GetProperty("title").GetString());
        }
        Assert.Equal(HttpStatusCode.OK, (await gateway.GetAsync("/docs/index.html")).StatusCode);
    }

    private sealed record CountDto(int Registered);
}
