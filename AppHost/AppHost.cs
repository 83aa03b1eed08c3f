using MhAll;
using MhAll.AppHost;
using MhAll.AppHost.Infrastructure;

var builder = DistributedApplication.CreateBuilder(args);

// Development unless asked (eng/run.sh --production-like); production-like refuses to start without what a deployment gives.
if (RunModes.Parse(builder.Configuration[RunModes.Key]) is not { } runMode)
{
    Console.Error.WriteLine($"{RunModes.Key} must be development or production-like, not '{builder.Configuration[RunModes.Key]}'.");
    return 2;
}
if (runMode == RunMode.ProductionLike && RunModes.Missing(builder.Configuration) is [_, ..] missing)
{
    Console.Error.WriteLine("Production-like needs settings that Development supplies itself; missing:");
    foreach (var item in missing) Console.Error.WriteLine($"  - {item}");
    return 2;
}

// PostgreSQL (a database per service), RabbitMQ and the mail server: containers, local executables or external servers.
var infrastructure = builder.AddInfrastructure();
var messaging = infrastructure.Messaging;
var mail = infrastructure.Mail;

// No shared signing key: identity signs every token, development tokens included (docs/decisions/0012-identity.md).
var gateway = builder.AddProject<Projects.MhAll_Gateway>(ResourceNames.Gateway).InRunMode(runMode);
var publicAddress = gateway.GetEndpoint("http");

// Identity publishes no integration events, so it has no broker; it sends email, and names the gateway as its issuer:
// people and partners reach it there (docs/decisions/0012-identity.md).
var identityDb = infrastructure.DatabaseOf(ResourceNames.Identity);
var identity = builder.AddProject<Projects.MhAll_Identity>(ResourceNames.Identity)
    .WithReference(identityDb).WaitFor(identityDb)
    .WithReference(mail, ResourceNames.Mail).WaitFor(mail)
    .WithEnvironment("Identity__Issuer", publicAddress)
    .WithEnvironment("Database__MigrateOnStart", "true")
    .WithHttpHealthCheck("/health")
    .InRunMode(runMode);
if (runMode == RunMode.ProductionLike)
    identity
        .WithEnvironment("Identity__Portal__ClientSecret", builder.AddParameter(RunModes.PortalSecret, secret: true))
        .WithEnvironment("Identity__Portal__RedirectUris__0", builder.AddParameter(RunModes.PortalRedirectUri));

// Every service accepts identity's tokens alone (checked with identity's published keys, found through service
// discovery; a service does not wait for identity: until its keys are read, no token passes).
IResourceBuilder<ProjectResource> Service<TProject>(string name) where TProject : IProjectMetadata, new()
{
    var database = infrastructure.DatabaseOf(name);
    return builder.AddProject<TProject>(name)
        .WithReference(database).WaitFor(database)
        .WithReference(messaging).WaitFor(messaging)
        .WithReference(identity)
        .WithEnvironment("Auth__IdentityIssuer", publicAddress)
        .WithEnvironment("Database__MigrateOnStart", "true")
        .WithHttpHealthCheck("/health")
        .InRunMode(runMode);
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
    .WithEnvironment("Auth__IdentityIssuer", publicAddress)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints();

builder.WithFastServiceShutdown();
builder.WithHealthReport();
builder.Build().Run();
return 0;
