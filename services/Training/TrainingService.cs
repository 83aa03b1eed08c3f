using MhAll.Messaging;
using MhAll.Messaging.DeadLetters;
using MhAll.Messaging.Erasure;
using MhAll.Training.Consumers;
using MhAll.Training.Data;

namespace MhAll.Training;

/// <summary>Everything the Training service registers and maps. Its features arrive with their own issues.</summary>
public static class TrainingService
{
    public static WebApplicationBuilder AddTraining(this WebApplicationBuilder builder)
    {
        builder.AddServiceDatabase<TrainingDbContext, WebApplicationBuilder>(ResourceNames.Training);
        builder.AddMessaging<TrainingDbContext, WebApplicationBuilder>(ResourceNames.Training, consumers => consumers.Add<VolunteerErasedConsumer>());
        return builder;
    }

    public static WebApplication MapTraining(this WebApplication app)
    {
        app.MapDeadLetterEndpoints(ResourceNames.Training);
        app.MapErasureEndpoint<TrainingDbContext>(ResourceNames.Training);
        return app;
    }
}
