using MhAll.Messaging;
using MhAll.Messaging.Audit;
using MhAll.Messaging.DeadLetters;
using MhAll.Messaging.Erasure;
using MhAll.Participation.Data;
using MhAll.Participation.Domain;
using MhAll.Participation.Features.Barriers;
using MhAll.Participation.Features.Partners;
using MhAll.Participation.Features.PostcodeDirectory;
using MhAll.Participation.Features.Studies;
using MhAll.Participation.Features.Volunteers;

namespace MhAll.Participation;

/// <summary>Everything the Participation service registers and maps.</summary>
public static class ParticipationService
{
    public static WebApplicationBuilder AddParticipation(this WebApplicationBuilder builder)
    {
        // The register index hears of this process's saves through the interceptor (docs/decisions/0005).
        RegisterIndex? index = null;
        builder.AddServiceDatabase<ParticipationDbContext, WebApplicationBuilder>(ResourceNames.Participation,
            new VolunteerChangeInterceptor(() => index));
        builder.Services.AddSingleton(sp => index = ActivatorUtilities.CreateInstance<RegisterIndex>(sp));
        builder.Services.AddHostedService<RegisterIndexRefresher>();
        builder.AddMessaging<ParticipationDbContext, WebApplicationBuilder>(ResourceNames.Participation);
        builder.Services.Configure<ContactCapOptions>(builder.Configuration.GetSection(ContactCapOptions.Section));
        builder.Services.Configure<LinkCodeOptions>(builder.Configuration.GetSection(LinkCodeOptions.Section));
        builder.Services.AddSingleton(Areas.Load(Path.Combine(AppContext.BaseDirectory, "ReferenceData")));
        return builder;
    }

    /// <summary>Runs an operator command given on the command line, if any; true when one ran and the process should end.</summary>
    public static async Task<bool> RunOperatorCommandAsync(this WebApplication app, string[] args)
    {
        if (args is not ([ImportPostcodeDirectory.Command, _] or [ReplaceVolunteerAreas.Command])) return false;
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParticipationDbContext>();
        var clock = app.Services.GetRequiredService<TimeProvider>();
        if (args is [ImportPostcodeDirectory.Command, var path])
        {
            using var file = File.OpenText(path);
            await ImportPostcodeDirectory.ImportAsync(db, file, path, Console.Out, clock, CancellationToken.None);
        }
        else await ReplaceVolunteerAreas.RunAsync(db, Console.Out, clock, CancellationToken.None);
        return true;
    }

    public static WebApplication MapParticipation(this WebApplication app)
    {
        var volunteers = app.MapGroup("/api/participation/volunteers").WithTags("Volunteers");
        volunteers.MapRegisterVolunteer();
        volunteers.MapGetMyVolunteer();
        volunteers.MapUpdateMyProfile();
        volunteers.MapLeaveTheRegister();
        volunteers.MapLinkSignIn();
        app.MapConsent();
        app.MapStudies();
        app.MapStudyRevisions();
        app.MapRecruitment();
        app.MapInvitations();
        app.MapFhirApi();
        app.MapSurveys();
        app.MapInterviews();
        app.MapDeadLetterEndpoints(ResourceNames.Participation);
        app.MapAuditEndpoint<ParticipationDbContext>(ResourceNames.Participation);
        app.MapErasureEndpoint<ParticipationDbContext>(ResourceNames.Participation);
        return app;
    }
}
