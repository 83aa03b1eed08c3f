using MhAll.Gateway;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddGateway();

var app = builder.Build();
app.UseHardening();
app.UseApiDocs();
app.UseServiceDefaults(beforeAuthentication: Hardening.UseFailedAuthenticationLimit);
app.UseRateLimiter();
app.MapDefaultEndpoints();
app.MapGateway();
app.Run();
