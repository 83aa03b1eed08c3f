using MhAll;
using MhAll.Messaging;
using MhAll.Training;
using MhAll.Training.Data;
using MhAll.ServiceDefaults.Http;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceApi(ResourceNames.Training);
builder.AddTraining();

var app = builder.Build();
if (await app.MigrateDatabaseAsync<TrainingDbContext>(args)) return;
app.UseServiceDefaults();
app.MapServiceApi(ResourceNames.Training);
app.MapTraining();
app.Run();
