using MhAll.Messaging;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Http;
using MhAll.Training.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Training.Features.Champions;

/// <summary>Champions' appointments: a member of staff reads their own; programme staff list them all (ids and organisations, no names).</summary>
public static class ChampionRecords
{
    public static IEndpointRouteBuilder MapChampionRecords(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/training/champions/me", async Task<Results<Ok<ChampionView>, NotFound>> (HttpContext http, TrainingDbContext db,
                CancellationToken ct) =>
                await db.Profiles.AsNoTracking().MineAsync(http.User, ct) is { } profile
                && await db.Champions.AsNoTracking().LatestOfAsync(profile.Id, ct) is { } champion
                    ? TypedResults.Ok(ChampionView.From(champion))
                    : TypedResults.NotFound())
            .RequireAuthorization(Policies.StaffOnly)
            .WithTags("Champions")
            .WithName("GetMyChampionAppointment")
            .WithSummary("Your latest appointment as research champion (404 if you were never appointed).");
        app.MapGet("/api/training/champions", ListAsync)
            .RequireAuthorization(Policies.Coordinator)
            .WithTags("Champions")
            .WithName("ListChampions")
            .WithSummary("Appointments, newest first, paged; ?status= (active, stood-down), ?organisationId= and ?icbCode= filter.");
        return app;
    }

    private static async Task<Results<Ok<Paged<ChampionView>>, ValidationProblem>> ListAsync(string? status, Guid? organisationId, string? icbCode,
        [AsParameters] PageQuery page, TrainingDbContext db, CancellationToken ct)
    {
        if (page.Check().OneOf("status", status, ChampionStatuses.All) is { Any: true } errors) return TypedResults.ValidationProblem(errors.ToDictionary());
        var query = db.Champions.AsNoTracking();
        if (status is not null) query = query.Where(c => c.Status == status);
        if (organisationId is not null) query = query.Where(c => c.OrganisationId == organisationId);
        if (icbCode is not null) query = query.Where(c => c.IcbCode == icbCode);
        return TypedResults.Ok((await query.OrderByDescending(c => c.AppointedOn).ThenByDescending(c => c.Id).ToPageAsync(page, ct)).Map(ChampionView.From));
    }
}
