using MhAll.Learning.Data;
using MhAll.Testing;
using Microsoft.AspNetCore.Hosting;

namespace MhAll.ServiceTests;

/// <summary>A service as it would run outside Development, with the settings a test gives it.</summary>
public sealed class ProductionLearningFactory(IReadOnlyDictionary<string, string> settings) : ServiceFactory<LearningDbContext>(ResourceNames.Learning)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
    }
}

/// <summary>Outside Development a service refuses to start on the development key or without identity's issuer.</summary>
[Collection(ServiceTestsCollection.Name)]
public sealed class ProductionStartupTests
{
    private static async Task<Exception> StartAsync(Dictionary<string, string> settings)
    {
        await using var factory = new ProductionLearningFactory(settings);
        await factory.InitializeAsync();
        return Record.Exception(() => factory.CreateClient()) ?? throw new Xunit.Sdk.XunitException("The service started.");
    }

    [Fact]
    public async Task With_the_development_signing_key_configured_it_does_not_start()
    {
        // ServiceFactory configures the tests' signing key (the AppHost gives none).
        var refused = await StartAsync(new() { ["Auth:IdentityIssuer"] = "https://mhall.example.org/" });
        Assert.Contains("Auth:SigningKey (the test tokens' shared key) must not be configured outside Development", refused.ToString());
    }

    [Fact]
    public async Task Without_the_identity_issuer_it_does_not_start()
    {
        var refused = await StartAsync(new() { ["Auth:SigningKey"] = "" });
        Assert.Contains("Auth:IdentityIssuer must be set outside Development", refused.ToString());
    }

    [Fact]
    public async Task With_real_settings_it_starts_and_takes_no_development_token()
    {
        await using var factory = new ProductionLearningFactory(new Dictionary<string, string>
        {
            ["Auth:SigningKey"] = "", ["Auth:IdentityIssuer"] = "https://mhall.example.org/", ["Database:MigrateOnStart"] = "true",
        });
        await factory.InitializeAsync();
        var response = await factory.CreateClient().As(MhAll.ServiceDefaults.Auth.Roles.Coordinator).GetAsync("/api/learning/indicators");
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
