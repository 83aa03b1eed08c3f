using MhAll.Messaging;
using MhAll.Messaging.Audit;
using MhAll.Messaging.DeadLetters;
using MhAll.Messaging.Erasure;
using MhAll.Panel.Consumers;
using MhAll.Panel.Data;
using MhAll.Panel.Features.Agreements;
using MhAll.Panel.Features.Members;
using MhAll.Panel.Features.Offers;
using MhAll.Panel.Features.Payments;
using MhAll.Panel.Features.Requests;
using MhAll.Panel.Features.Time;

namespace MhAll.Panel;

/// <summary>Everything the Panel service registers and maps.</summary>
public static class PanelService
{
    public static WebApplicationBuilder AddPanel(this WebApplicationBuilder builder)
    {
        builder.AddServiceDatabase<PanelDbContext, WebApplicationBuilder>(ResourceNames.Panel);
        builder.AddMessaging<PanelDbContext, WebApplicationBuilder>(ResourceNames.Panel, consumers => consumers
            .Add<VolunteerErasedConsumer>().Add<StudyPanelReviewRequestedConsumer>());
        builder.Services.AddOptions<OfferOptions>().Bind(builder.Configuration.GetSection(OfferOptions.Section));
        builder.Services.AddSingleton(_ => PanelPopulation.Load(Path.Combine(AppContext.BaseDirectory, "ReferenceData", "population_shares.csv")));
        builder.Services.AddSingleton<OfferSweep>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OfferSweep>());
        return builder;
    }

    public static WebApplication MapPanel(this WebApplication app)
    {
        var members = app.MapGroup("/api/panel/members").WithTags("Members");
        members.MapApply();
        members.MapMyMembership();
        members.MapSignAgreement();
        members.MapMemberRights();
        members.MapMemberRecords();
        members.MapChangeMemberStatus();
        members.MapRecordBenefitsAdvice();
        members.MapMyOffers();
        members.MapMemberPayments();
        app.MapGroup("/api/panel/agreements").WithTags("Confidentiality agreement").MapAgreements();
        var requests = app.MapGroup("/api/panel/requests").WithTags("Involvement requests");
        requests.MapSubmitRequest();
        requests.MapResearcherRequests();
        requests.MapReviseRequest();
        requests.MapTriageRequest();
        requests.MapStartMatching();
        requests.MapRequestOffers();
        app.MapGroup("/api/panel/offers").WithTags("Offers").MapAnswerOffer();
        var involvements = app.MapGroup("/api/panel/involvements").WithTags("Time and claims");
        involvements.MapAttendance();
        involvements.MapSubmitClaim();
        app.MapGroup("/api/panel/claims").WithTags("Time and claims").MapClaimRecords().MapDecideClaim();
        app.MapGroup("/api/panel/payments").WithTags("Payments").MapRates();
        app.MapGroup("/api/panel/payment-runs").WithTags("Payments").MapPaymentRuns();
        app.MapDeadLetterEndpoints(ResourceNames.Panel);
        app.MapAuditEndpoint<PanelDbContext>(ResourceNames.Panel);
        app.MapErasureEndpoint<PanelDbContext>(ResourceNames.Panel);
        return app;
    }
}
