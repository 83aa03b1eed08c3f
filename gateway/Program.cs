using MhAll.Gateway;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddGateway();

var app = builder.Build();
app.UseApiDocs();
app.UseServiceDefaults();
app.UseRateLimiter();
app.MapDefaultEndpoints();
app.MapGateway();
app.Run();
