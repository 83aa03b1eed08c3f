using MhAll;
using MhAll.AppHost.Infrastructure;

var builder = DistributedApplication.CreateBuilder(args);

// PostgreSQL (a database per service), RabbitMQ and the mail server: containers, local executables or external servers.
var infrastructure = builder.AddInfrastructure();
var messaging = infrastructure.Messaging;
var mail = infrastructure.Mail;

// One signing key for the development tokens, shared by the gateway and every service (until phase 2 of docs/decisions/0012).
var signingKey = builder.AddParameter("auth-signing-key",
    new GenerateParameterDefault { MinLength = 48, Special = false }, secret: true);

var gateway = builder.AddProject<Projects.MhAll_Gateway>(ResourceNames.Gateway);
var publicAddress = gateway.GetEndpoint("http");

// Identity publishes no integration events, so it has no broker; it sends email, and names the gateway as its issuer:
// people and partners reach it there (docs/decisions/0012-identity.md).
var identityDb = infrastructure.DatabaseOf(ResourceNames.Identity);
var identity = builder.AddProject<Projects.MhAll_Identity>(ResourceNames.Identity)
    .WithReference(identityDb).WaitFor(identityDb)
    .WithReference(mail, ResourceNames.Mail).WaitFor(mail)
    .WithEnvironment("Identity__Issuer", publicAddress)
    .WithEnvironment("Auth__SigningKey", signingKey)
    .WithEnvironment("Database__MigrateOnStart", "true")
    .WithHttpHealthCheck("/health");

// Every service accepts the development tokens and identity's (checked with identity's published keys, found through
// service discovery; a service does not wait for identity: until its keys are read, only development tokens pass).
IResourceBuilder<ProjectResource> Service<TProject>(string name) where TProject : IProjectMetadata, new()
{
    var database = infrastructure.DatabaseOf(name);
    return builder.AddProject<TProject>(name)
        .WithReference(database).WaitFor(database)
        .WithReference(messaging).WaitFor(messaging)
        .WithReference(identity)
        .WithEnvironment("Auth__SigningKey", signingKey)
        .WithEnvironment("Auth__IdentityIssuer", publicAddress)
        .WithEnvironment("Database__MigrateOnStart", "true")
        .WithHttpHealthCheck("/health");
}

var participation = Service<Projects.MhAll_Participation>(ResourceNames.Participation);
var training = Service<Projects.MhAll_Training>(ResourceNames.Training);
var panel = Service<Projects.MhAll_Panel>(ResourceNames.Panel);
var learning = Service<Projects.MhAll_Learning>(ResourceNames.Learning);

gateway
    .WithReference(participation).WaitFor(participation)
    .WithReference(training).WaitFor(training)
    .WithReference(panel).WaitFor(panel)
    .WithReference(learning).WaitFor(learning)
    .WithReference(identity).WaitFor(identity)
    .WithEnvironment("Auth__SigningKey", signingKey)
    .WithEnvironment("Auth__IdentityIssuer", publicAddress)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints();

builder.WithFastServiceShutdown();
builder.WithHealthReport();
builder.Build().Run();
