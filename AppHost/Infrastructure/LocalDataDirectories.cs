using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MhAll.AppHost.Infrastructure;

/// <summary>
/// Data folders of the local servers: unique per AppHost run (parallel runs never share one), removed when
/// the AppHost stops, and leftovers of AppHost processes that died (kill -9) swept at the next start.
/// </summary>
internal static class LocalDataDirectories
{
    // Per OS user, and readable by the 'postgres' user that the server drops to when started as root.
    private static readonly string Root = Path.Combine(Path.GetTempPath(), $"mhall-{Environment.UserName}");

    public static string Create(IDistributedApplicationBuilder builder, string name)
    {
        SweepStale();
        var dir = Path.Combine(Root, $"{Environment.ProcessId}-{name}-{Guid.NewGuid():N}"[..^20]);
        Directory.CreateDirectory(dir);
        // ResourceStoppedEvent is not raised when the whole AppHost shuts down; by ApplicationStopped the servers are gone.
        builder.Eventing.Subscribe<BeforeStartEvent>((e, _) =>
        {
            e.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped.Register(() => TryDelete(dir));
            return Task.CompletedTask;
        });
        return dir;
    }

    private static void SweepStale()
    {
        if (!Directory.Exists(Root)) return;
        foreach (var dir in Directory.GetDirectories(Root))
        {
            var owner = Path.GetFileName(dir).Split('-')[0];
            if (int.TryParse(owner, out var pid) && pid != Environment.ProcessId && !Directory.Exists($"/proc/{pid}"))
                TryDelete(dir);
        }
    }

    private static void TryDelete(string dir)
    {
        try
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
        catch (IOException) { /* best effort: swept at the next start */ }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>A script of the repository's <c>eng</c> folder, shared with the test fixtures.</summary>
    public static string EngScript(IDistributedApplicationBuilder builder, string name) =>
        Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "eng", name));
}
