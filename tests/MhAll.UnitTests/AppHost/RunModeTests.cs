using MhAll.AppHost;
using Microsoft.Extensions.Configuration;

namespace MhAll.UnitTests.AppHost;

/// <summary>eng/run.sh's modes: development unless asked; production-like names every secret it lacks.</summary>
public sealed class RunModeTests
{
    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Theory]
    [InlineData(null, RunMode.Development)]
    [InlineData("", RunMode.Development)]
    [InlineData("development", RunMode.Development)]
    [InlineData("Production-Like", RunMode.ProductionLike)]
    public void The_mode_is_development_unless_production_like_is_asked_for(string? value, RunMode expected) =>
        Assert.Equal(expected, RunModes.Parse(value));

    [Fact]
    public void An_unknown_mode_is_no_mode() => Assert.Null(RunModes.Parse("production"));

    [Fact]
    public void Production_like_without_the_portal_secrets_names_each_one_missing()
    {
        var missing = RunModes.Missing(Settings());
        Assert.Equal(2, missing.Count);
        Assert.Contains(missing, m => m.Contains(RunModes.PortalSecret));
        Assert.Contains(missing, m => m.Contains(RunModes.PortalRedirectUri));

        var shortSecret = RunModes.Missing(Settings(($"Parameters:{RunModes.PortalSecret}", "too-short"),
            ($"Parameters:{RunModes.PortalRedirectUri}", "https://portal.example.org/signin-oidc")));
        Assert.Single(shortSecret, m => m.Contains(RunModes.PortalSecret));
    }

    [Fact]
    public void Production_like_with_the_secrets_is_complete_and_with_the_tests_key_is_not()
    {
        var real = new[]
        {
            ($"Parameters:{RunModes.PortalSecret}", new string('s', 48)),
            ($"Parameters:{RunModes.PortalRedirectUri}", "https://portal.example.org/signin-oidc"),
        };
        Assert.Empty(RunModes.Missing(Settings(real)));
        Assert.Single(RunModes.Missing(Settings([.. real, ("Auth:SigningKey", new string('k', 48))])), m => m.Contains("Auth:SigningKey"));
    }
}
