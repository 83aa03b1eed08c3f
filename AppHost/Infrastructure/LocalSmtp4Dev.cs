using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace MhAll.AppHost.Infrastructure;

/// <summary>
/// smtp4dev (eng/smtp-server.sh, a .NET tool of the repository's manifest) as an Aspire executable: a local SMTP server
/// that keeps every message, with a web inbox. Its connection string is the <c>smtp://</c> URL the identity service
/// sends through; its <c>http</c> endpoint is the inbox and its API (<c>/api/messages</c>).
/// </summary>
public sealed class LocalSmtpServerResource(string name, string dataDir)
    : ExecutableResource(name, "/bin/sh", dataDir), IResourceWithConnectionString
{
    public EndpointReference Smtp => field ??= new(this, "smtp");
    public EndpointReference Http => field ??= new(this, "http");

    // The script binds to 127.0.0.1 only, so the address is that, not "localhost" (which may resolve to ::1 first).
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"smtp://127.0.0.1:{Smtp.Property(EndpointProperty.Port)}");
}

public static class LocalSmtp4DevExtensions
{
    public static IResourceBuilder<LocalSmtpServerResource> AddLocalSmtp4Dev(this IDistributedApplicationBuilder builder, [ResourceName] string name)
    {
        var dataDir = LocalDataDirectories.Create(builder, name);
        return builder.AddResource(new LocalSmtpServerResource(name, dataDir))
            // Not proxied, as for PostgreSQL and RabbitMQ: the server listens on these ports itself.
            .WithEndpoint(name: "smtp", scheme: "tcp", env: "SMTP_PORT", port: LocalPorts.Free(), isProxied: false)
            .WithHttpEndpoint(name: "http", env: "HTTP_PORT", port: LocalPorts.Free(), isProxied: false)
            .WithArgs(LocalDataDirectories.EngScript(builder, "smtp-server.sh"))
            .WithEnvironment("DATA_DIR", dataDir)
            // The inbox's API answers only once the SMTP listener is up (smtp4dev starts the SMTP server first).
            .WithHttpHealthCheck("/api/messages", endpointName: "http")
            .WithUrlForEndpoint("http", u => u.DisplayText = "Inbox")
            .WithIconName("Mail");
    }
}
