using MhAll.Learning.Consumers;
using MhAll.Learning.Data;
using MhAll.Learning.Features.Indicators;
using MhAll.Learning.Features.Panel;
using MhAll.Learning.Features.Representation;
using MhAll.Learning.Features.Workforce;
using MhAll.Messaging;
using MhAll.Messaging.Audit;
using MhAll.Messaging.DeadLetters;

namespace MhAll.Learning;

/// <summary>Everything the Learning service registers and maps.</summary>
public static class LearningService
{
    public static WebApplicationBuilder AddLearning(this WebApplicationBuilder builder)
    {
        builder.AddServiceDatabase<LearningDbContext, WebApplicationBuilder>(ResourceNames.Learning);
        builder.AddMessaging<LearningDbContext, WebApplicationBuilder>(ResourceNames.Learning,
            consumers => consumers.Add<VolunteerRegisteredConsumer>().Add<VolunteerWithdrawnConsumer>().Add<VolunteerErasedConsumer>()
                .Add<VolunteerDemographicsChangedConsumer>().Add<VolunteerInvitedConsumer>().Add<InvitationStatusChangedConsumer>()
                .Add<StudyTeamChangedConsumer>()
                .Add<StaffProfileRegisteredConsumer>().Add<StaffProfileChangedConsumer>().Add<StaffProfileErasedConsumer>()
                .Add<CourseCompletedConsumer>().Add<ExternalTrainingRecordedConsumer>().Add<CoursePlaceTakenConsumer>()
                .Add<ChampionAppointedConsumer>().Add<ChampionStoodDownConsumer>().Add<MentoringStartedConsumer>()
                .Add<PanelMemberJoinedConsumer>().Add<PanelMemberLeftConsumer>().Add<InvolvementCompletedConsumer>().Add<FeedbackAnsweredConsumer>());
        builder.Services.AddOptions<IndicatorOptions>().Bind(builder.Configuration.GetSection(IndicatorOptions.Section));
        builder.Services.AddScoped<IndicatorCharts>();
        builder.Services.AddScoped<IndicatorEvaluator>();
        builder.Services.AddHostedService<IndicatorSchedule>();
        return builder;
    }

    public static WebApplication MapLearning(this WebApplication app)
    {
        var representation = app.MapGroup("/api/learning/registrations").WithTags("Representation");
        representation.MapGetRegistrationCount();
        app.MapGetRepresentation();
        app.MapGetWorkforce();
        app.MapGetPanelInsights();
        app.MapGetIndicators();
        app.MapEvaluateIndicators();
        app.MapDeadLetterEndpoints(ResourceNames.Learning);
        app.MapAuditEndpoint<LearningDbContext>(ResourceNames.Learning);
        return app;
    }
}
