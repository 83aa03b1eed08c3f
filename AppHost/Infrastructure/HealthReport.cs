using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MhAll.AppHost.Infrastructure;

public static class HealthReportExtensions
{
    /// <summary>
    /// Logs once when every service, database and server is healthy, with the time it took, and any resource that
    /// fails: the console tells a person without a browser (or CI) what the dashboard shows.
    /// </summary>
    public static IDistributedApplicationBuilder WithHealthReport(this IDistributedApplicationBuilder builder)
    {
        builder.Eventing.Subscribe<BeforeStartEvent>((e, _) =>
        {
            var watched = builder.Resources.Where(r => r is ProjectResource or IResourceWithConnectionString && r is not ParameterResource)
                .Select(r => r.Name).ToHashSet();
            Watch(e.Services, watched);
            return Task.CompletedTask;
        });
        return builder;
    }

    private static void Watch(IServiceProvider services, HashSet<string> watched)
    {
        var notifications = services.GetRequiredService<ResourceNotificationService>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("MhAll.AppHost");
        var stopping = services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        var clock = Stopwatch.StartNew();
        _ = Task.Run(async () =>
        {
            var healthy = new HashSet<string>();
            try
            {
                await foreach (var update in notifications.WatchAsync(stopping))
                {
                    var name = update.Resource.Name;
                    if (!watched.Contains(name)) continue;
                    if (update.Snapshot.State?.Text is { } state && KnownResourceStates.TerminalStates.Contains(state))
                        logger.LogError("{Resource} is {State}: see its console log in the dashboard", name, state);
                    if (update.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy
                        && update.Snapshot.State?.Text == KnownResourceStates.Running && healthy.Add(name) && healthy.Count == watched.Count)
                        logger.LogInformation("All {Count} resources are healthy, {Seconds:F1} s after start", watched.Count, clock.Elapsed.TotalSeconds);
                }
            }
            catch (OperationCanceledException) { /* the AppHost is stopping */ }
        }, stopping);
    }
}
