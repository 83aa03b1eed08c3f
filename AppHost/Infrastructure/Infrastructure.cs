using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

namespace MhAll.AppHost.Infrastructure;

/// <summary>Where PostgreSQL and RabbitMQ come from. See docs/decisions/0001-infrastructure-run-modes.md.</summary>
public enum InfrastructureMode
{
    /// <summary>Aspire's stock PostgreSQL and RabbitMQ containers; chosen when a container runtime answers.</summary>
    Containers,
    /// <summary>Debian's <c>postgres</c> and <c>rabbitmq-server</c> as Aspire executables; chosen otherwise.</summary>
    Executables,
    /// <summary>Servers an operator runs; connection strings from <c>ConnectionStrings:*</c>.</summary>
    External,
}

/// <summary>The databases (one per service), the message broker every service is wired to, and the mail server.</summary>
public sealed class InfrastructureResources(
    InfrastructureMode mode,
    IReadOnlyDictionary<string, IResourceBuilder<IResourceWithConnectionString>> databases,
    IResourceBuilder<IResourceWithConnectionString> messaging,
    IResourceBuilder<IResourceWithConnectionString> mail)
{
    public InfrastructureMode Mode { get; } = mode;
    public IResourceBuilder<IResourceWithConnectionString> Messaging { get; } = messaging;
    /// <summary>The SMTP server the identity service sends through (connection string <c>mail</c>).</summary>
    public IResourceBuilder<IResourceWithConnectionString> Mail { get; } = mail;
    public IResourceBuilder<IResourceWithConnectionString> DatabaseOf(string service) => databases[service];
}

public static class InfrastructureExtensions
{
    public const string ModeKey = "Infrastructure:Mode";

    public static InfrastructureResources AddInfrastructure(this IDistributedApplicationBuilder builder)
    {
        var mode = builder.GetInfrastructureMode();
        var databases = new Dictionary<string, IResourceBuilder<IResourceWithConnectionString>>();
        IResourceBuilder<IResourceWithConnectionString> messaging;
        IResourceBuilder<IResourceWithConnectionString> mail;
        switch (mode)
        {
            case InfrastructureMode.Containers:
            {
                var postgres = builder.AddPostgres(ResourceNames.Postgres);
                foreach (var service in ResourceNames.Services)
                    databases[service] = postgres.AddDatabase(ResourceNames.DatabaseOf(service));
                messaging = builder.AddRabbitMQ(ResourceNames.Messaging);
                // smtp4dev is a .NET tool of the repository, so it needs no container either way.
                mail = builder.AddLocalSmtp4Dev(ResourceNames.Smtp4Dev);
                break;
            }
            case InfrastructureMode.Executables:
            {
                var postgres = builder.AddLocalPostgres(ResourceNames.Postgres);
                foreach (var service in ResourceNames.Services)
                    databases[service] = postgres.AddDatabase(ResourceNames.DatabaseOf(service));
                messaging = builder.AddLocalRabbitMq(ResourceNames.Messaging);
                mail = builder.AddLocalSmtp4Dev(ResourceNames.Smtp4Dev);
                break;
            }
            default:
            {
                foreach (var service in ResourceNames.Services)
                    databases[service] = builder.AddConnectionString(ResourceNames.DatabaseOf(service));
                messaging = builder.AddConnectionString(ResourceNames.Messaging);
                mail = builder.AddConnectionString(ResourceNames.Mail); // e.g. smtp://user:password@relay:587
                break;
            }
        }
        Console.WriteLine($"MH-ALL infrastructure mode: {mode} (set {ModeKey} to containers, executables or external to choose)");
        return new InfrastructureResources(mode, databases, messaging, mail);
    }

    /// <summary><c>Infrastructure:Mode</c> when set; otherwise containers if a container runtime answers, else executables.</summary>
    public static InfrastructureMode GetInfrastructureMode(this IDistributedApplicationBuilder builder)
    {
        var configured = builder.Configuration[ModeKey];
        if (!string.IsNullOrWhiteSpace(configured))
            return Enum.TryParse<InfrastructureMode>(configured, ignoreCase: true, out var mode) ? mode
                : throw new InvalidOperationException($"{ModeKey} is '{configured}'; use containers, executables or external.");
        return ContainerRuntimeAnswers(builder.Configuration["ASPIRE_CONTAINER_RUNTIME"] ?? "docker")
            ? InfrastructureMode.Containers : InfrastructureMode.Executables;
    }

    private static bool ContainerRuntimeAnswers(string runtime)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(runtime, "info --format {{.ServerVersion}}")
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            });
            if (process is null) return false;
            if (!process.WaitForExit(10_000))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // no client installed
        }
    }
}
