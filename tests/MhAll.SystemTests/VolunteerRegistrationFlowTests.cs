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
            firstName = "Kwame", lastName = "Mensah", email = $"kwame.{Guid.NewGuid():N}@example.org", yearOfBirth = 1979, ethnicGroup = "black-african",
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
