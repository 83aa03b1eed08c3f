using MhAll;
using MhAll.Messaging;
using MhAll.Panel;
using MhAll.Panel.Data;
using MhAll.ServiceDefaults.Http;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceApi(ResourceNames.Panel);
builder.AddPanel();

var app = builder.Build();
if (await app.MigrateDatabaseAsync<PanelDbContext>(args)) return;
app.UseServiceDefaults();
app.MapServiceApi(ResourceNames.Panel);
app.MapPanel();
app.Run();
