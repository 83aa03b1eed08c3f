using MhAll;
using MhAll.Identity;
using MhAll.ServiceDefaults.Http;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceApi(ResourceNames.Identity);
builder.AddIdentityService();

var app = builder.Build();
if (await app.PrepareAsync(args)) return;
app.UseForwardedHeaders(); // before anything reads the request's scheme or host
app.UseServiceDefaults();
app.MapServiceApi(ResourceNames.Identity);
app.MapIdentityService();
app.Run();
