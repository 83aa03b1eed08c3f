using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MhAll.SystemTests;

/// <summary>
/// The whole system, started once for the collection from the real AppHost in executables mode (PostgreSQL and
/// RabbitMQ from the machine's packages, smtp4dev from the tool manifest), and stopped at the end.
/// </summary>
public sealed class SystemFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);
    private DistributedApplication? _app;

    public TimeSpan StartupTime { get; private set; }
    public DistributedApplication App => _app ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var clock = Stopwatch.StartNew();
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.MhAll_AppHost>(
            ["Infrastructure:Mode=executables"], timeout.Token);
        builder.Services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        _app = await builder.BuildAsync(timeout.Token);

        // StartAsync returns only once every resource has started, and never if one dies: watch health alongside,
        // failing fast when a resource fails.
        var starting = _app.StartAsync(timeout.Token);
        foreach (var resource in new[] { ResourceNames.Postgres, ResourceNames.Messaging, ResourceNames.Smtp4Dev, ResourceNames.Participation,
                     ResourceNames.Training, ResourceNames.Panel, ResourceNames.Learning, ResourceNames.Identity, ResourceNames.Gateway })
            await _app.ResourceNotifications.WaitForResourceHealthyAsync(resource, WaitBehavior.StopOnResourceUnavailable, timeout.Token);
        await starting;
        StartupTime = clock.Elapsed;
    }

    public HttpClient Gateway() => App.CreateHttpClient(ResourceNames.Gateway);

    /// <summary>A client carrying a development token from identity (through the gateway), as a person would get one.</summary>
    public async Task<(HttpClient Client, string Subject)> SignedInAsync(string role)
    {
        var client = Gateway();
        var response = await client.PostAsJsonAsync("/dev/token", new { role });
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<TokenDto>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);
        return (client, token.Subject);
    }

    public async Task DisposeAsync()
    {
        if (_app is null) return;
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed record TokenDto(string AccessToken, string Subject);
}

[CollectionDefinition(Name)]
public sealed class SystemCollection : ICollectionFixture<SystemFixture>
{
    public const string Name = "system";
}
