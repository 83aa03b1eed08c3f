using MhAll.Messaging;
using MhAll.Messaging.DeadLetters;
using MhAll.Participation.Data;
using MhAll.Participation.Features.Volunteers;

namespace MhAll.Participation;

/// <summary>Everything the Participation service registers and maps.</summary>
public static class ParticipationService
{
    public static WebApplicationBuilder AddParticipation(this WebApplicationBuilder builder)
    {
        builder.AddServiceDatabase<ParticipationDbContext, WebApplicationBuilder>(ResourceNames.Participation);
        builder.AddMessaging<ParticipationDbContext, WebApplicationBuilder>(ResourceNames.Participation);
        return builder;
    }

    public static WebApplication MapParticipation(this WebApplication app)
    {
        var volunteers = app.MapGroup("/api/participation/volunteers").WithTags("Volunteers");
        volunteers.MapRegisterVolunteer();
        volunteers.MapGetMyVolunteer();
        volunteers.MapLeaveTheRegister();
        app.MapConsent();
        app.MapDeadLetterEndpoints(ResourceNames.Participation);
        return app;
    }
}
