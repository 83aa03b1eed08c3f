using MhAll.Panel.Data;
using MhAll.Panel.Domain;
using MhAll.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MhAll.Panel.Features.Requests;

/// <summary>A researcher asks the Panel for involvement; the request waits for a coordinator's triage.</summary>
public static class SubmitRequest
{
    public static RouteGroupBuilder MapSubmitRequest(this RouteGroupBuilder group)
    {
        group.MapPost("/", HandleAsync)
            .RequireAuthorization(Policies.Researcher)
            .WithName("SubmitInvolvementRequest")
            .WithSummary("Ask the Panel for involvement: type, title, description, how many members with which lived experience and skills, dates, hours with preparation, format. It awaits triage.");
        return group;
    }

    private static async Task<Results<Created<RequestView>, ValidationProblem>> HandleAsync(RequestDetails details, HttpContext http, PanelDbContext db,
        TimeProvider clock, CancellationToken ct)
    {
        if (details.Validate(clock.Today()) is { Any: true } errors) return TypedResults.ValidationProblem(errors.ToDictionary());
        var now = clock.GetUtcNow();
        var request = new InvolvementRequest
        {
            Id = Guid.CreateVersion7(now), OwnerSubjectId = http.User.SubjectId(), Type = "", Title = "", Description = "",
            Status = RequestStatuses.AwaitingTriage, Source = RequestSources.Researcher, SubmittedAt = now, ChangedAt = now,
        };
        details.ApplyTo(request);
        db.InvolvementRequests.Add(request);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/panel/requests/{request.Id}", RequestView.From(request));
    }
}
