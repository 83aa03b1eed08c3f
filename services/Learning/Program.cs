using MhAll;
using MhAll.Messaging;
using MhAll.Learning;
using MhAll.Learning.Data;
using MhAll.ServiceDefaults.Http;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceApi(ResourceNames.Learning);
builder.AddLearning();

var app = builder.Build();
if (await app.MigrateDatabaseAsync<LearningDbContext>(args, BaselineSeeder.SeedAsync)) return;
app.UseServiceDefaults();
app.MapServiceApi(ResourceNames.Learning);
app.MapLearning();
app.Run();
