using MhAll.Messaging;
using MhAll.Messaging.Audit;
using MhAll.Messaging.DeadLetters;
using MhAll.Messaging.Erasure;
using MhAll.Training.Consumers;
using MhAll.Training.Data;
using MhAll.Training.Domain;
using MhAll.Training.Features.Certificates;
using MhAll.Training.Features.Champions;
using MhAll.Training.Features.Courses;
using MhAll.Training.Features.Enrolments;
using MhAll.Training.Features.FundedPosts;
using MhAll.Training.Features.Mentoring;
using MhAll.Training.Features.Organisations;
using MhAll.Training.Features.Partners;
using MhAll.Training.Features.Profiles;

namespace MhAll.Training;

/// <summary>Everything the Training service registers and maps.</summary>
public static class TrainingService
{
    public static WebApplicationBuilder AddTraining(this WebApplicationBuilder builder)
    {
        builder.AddServiceDatabase<TrainingDbContext, WebApplicationBuilder>(ResourceNames.Training);
        builder.AddMessaging<TrainingDbContext, WebApplicationBuilder>(ResourceNames.Training, consumers => consumers.Add<VolunteerErasedConsumer>());
        builder.Services.Configure<UnderServedOptions>(builder.Configuration.GetSection(UnderServedOptions.Section));
        builder.Services.Configure<PriorityPlacesOptions>(builder.Configuration.GetSection(PriorityPlacesOptions.Section));
        builder.Services.Configure<FundedPostOptions>(builder.Configuration.GetSection(FundedPostOptions.Section));
        builder.Services.AddMentoringPolicies();
        builder.Services.AddSingleton<PriorityRelease>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PriorityRelease>());
        return builder;
    }

    public static WebApplication MapTraining(this WebApplication app)
    {
        var profiles = app.MapGroup("/api/training/profiles").WithTags("Profiles");
        profiles.MapCreateProfile();
        profiles.MapGetProfile();
        profiles.MapUpdateMyProfile();
        profiles.MapAssessCapability();
        profiles.MapProfileRights();
        app.MapOrganisations();
        app.MapGroup("/api/training/courses").WithTags("Courses").MapCourseCatalogue();
        app.MapSessions();
        app.MapCancelSession();
        app.MapEnrol();
        app.MapMyEnrolments();
        app.MapCancelEnrolment();
        app.MapSessionRoster();
        app.MapAttendanceAndCompletion();
        app.MapCertificates();
        app.MapVerifyCertificate();
        app.MapAppointChampion();
        app.MapStandDownChampion();
        app.MapChampionRecords();
        app.MapChampionActivities();
        app.MapChampionCoverage();
        app.MapFundingCalls();
        app.MapCallReviewers();
        app.MapApplyForPost();
        app.MapMyApplications();
        app.MapReviewApplications();
        app.MapCallApplications();
        app.MapDecide();
        app.MapAwardTracking();
        app.MapMentorProfiles();
        app.MapMenteeRequests();
        app.MapMatching();
        app.MapRelationships();
        app.MapEndRelationship();
        app.MapWithdrawMenteeRequest();
        app.MapPartnerCompletions();
        app.MapDeadLetterEndpoints(ResourceNames.Training);
        app.MapAuditEndpoint<TrainingDbContext>(ResourceNames.Training);
        app.MapErasureEndpoint<TrainingDbContext>(ResourceNames.Training);
        app.MapProfileErasureLedger();
        return app;
    }
}
