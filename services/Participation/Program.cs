using MhAll;
using MhAll.Messaging;
using MhAll.Participation;
using MhAll.Participation.Data;
using MhAll.ServiceDefaults.Http;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceApi(ResourceNames.Participation);
builder.AddParticipation();

var app = builder.Build();
if (await app.MigrateDatabaseAsync<ParticipationDbContext>(args,
        (db, ct) => ParticipationSeeder.SeedAsync(db, app.Services.GetRequiredService<TimeProvider>(), ct))) return;
if (await app.RunOperatorCommandAsync(args)) return;
app.UseServiceDefaults();
app.MapServiceApi(ResourceNames.Participation);
app.MapParticipation();
app.Run();
