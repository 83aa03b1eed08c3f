using MhAll;
using MhAll.AppHost.Infrastructure;

var builder = DistributedApplication.CreateBuilder(args);

// PostgreSQL (a database per service), RabbitMQ and the mail server: containers, local executables or external servers.
var infrastructure = builder.AddInfrastructure();
var messaging = infrastructure.Messaging;
var mail = infrastructure.Mail;

// One signing key for the development tokens, shared by the gateway and every service.
var signingKey = builder.AddParameter("auth-signing-key",
    new GenerateParameterDefault { MinLength = 48, Special = false }, secret: true);

IResourceBuilder<ProjectResource> Service<TProject>(string name) where TProject : IProjectMetadata, new()
{
    var database = infrastructure.DatabaseOf(name);
    return builder.AddProject<TProject>(name)
        .WithReference(database).WaitFor(database)
        .WithReference(messaging).WaitFor(messaging)
        .WithEnvironment("Auth__SigningKey", signingKey)
        .WithEnvironment("Database__MigrateOnStart", "true")
        .WithHttpHealthCheck("/health");
}

var participation = Service<Projects.MhAll_Participation>(ResourceNames.Participation);
var training = Service<Projects.MhAll_Training>(ResourceNames.Training);
var panel = Service<Projects.MhAll_Panel>(ResourceNames.Panel);
var learning = Service<Projects.MhAll_Learning>(ResourceNames.Learning);

var gateway = builder.AddProject<Projects.MhAll_Gateway>(ResourceNames.Gateway);

// Identity publishes no integration events, so it has no broker; it sends email, and names the gateway as its issuer:
// people and partners reach it there (docs/decisions/0013-identity.md). The gateway does not wait for it in return.
var identityDb = infrastructure.DatabaseOf(ResourceNames.Identity);
var identity = builder.AddProject<Projects.MhAll_Identity>(ResourceNames.Identity)
    .WithReference(identityDb).WaitFor(identityDb)
    .WithReference(mail, ResourceNames.Mail).WaitFor(mail)
    .WithEnvironment("Identity__Issuer", gateway.GetEndpoint("http"))
    .WithEnvironment("Auth__SigningKey", signingKey)
    .WithEnvironment("Database__MigrateOnStart", "true")
    .WithHttpHealthCheck("/health");

gateway
    .WithReference(participation).WaitFor(participation)
    .WithReference(training).WaitFor(training)
    .WithReference(panel).WaitFor(panel)
    .WithReference(learning).WaitFor(learning)
    .WithReference(identity).WaitFor(identity)
    .WithEnvironment("Auth__SigningKey", signingKey)
    // Identity's tokens name this address as their issuer; the gateway checks them with identity's published keys.
    .WithEnvironment("Identity__Issuer", gateway.GetEndpoint("http"))
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints();

builder.WithFastServiceShutdown();
builder.WithHealthReport();
builder.Build().Run();
