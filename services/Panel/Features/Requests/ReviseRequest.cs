using MhAll.Panel.Data;
using MhAll.Panel.Domain;
using MhAll.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MhAll.Panel.Features.Requests;

/// <summary>
/// A researcher changes their request while it awaits triage or changes, and sends it back to triage after a
/// coordinator asked for changes. Once accepted or declined it is settled (409).
/// </summary>
public static class ReviseRequest
{
    public static RouteGroupBuilder MapReviseRequest(this RouteGroupBuilder group)
    {
        group.MapPut("/{id:guid}", ReviseAsync)
            .RequireAuthorization(Policies.Researcher)
            .WithName("ReviseInvolvementRequest")
            .WithSummary("Change your request (the same fields as asking) while it awaits triage or changes; 409 once accepted or declined.");
        group.MapPost("/{id:guid}/resubmit", ResubmitAsync)
            .RequireAuthorization(Policies.Researcher)
            .WithName("ResubmitInvolvementRequest")
            .WithSummary("Send your request back to triage after a coordinator asked for changes (409 in any other status).");
        return group;
    }

    private static async Task<Results<Ok<RequestView>, ValidationProblem, NotFound, ProblemHttpResult>> ReviseAsync(Guid id, RequestDetails details,
        HttpContext http, PanelDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (details.Validate(clock.Today()) is { Any: true } errors) return TypedResults.ValidationProblem(errors.ToDictionary());
        if (await db.InvolvementRequests.FindVisibleAsync(id, http.User, ct) is not { } request) return TypedResults.NotFound();
        if (!RequestStatuses.Editable.Contains(request.Status)) return Settled(request);
        details.ApplyTo(request);
        request.ChangedAt = clock.GetUtcNow();
        // A triage decision at the same moment: the row's xmin refuses one of the two (409).
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(RequestView.From(request));
    }

    private static async Task<Results<Ok<RequestView>, NotFound, ProblemHttpResult>> ResubmitAsync(Guid id, HttpContext http, PanelDbContext db,
        TimeProvider clock, CancellationToken ct)
    {
        if (await db.InvolvementRequests.FindVisibleAsync(id, http.User, ct) is not { } request) return TypedResults.NotFound();
        if (request.Status != RequestStatuses.ChangesRequested)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: $"A request that is {request.Status} cannot be resubmitted.",
                detail: "Only a request a coordinator asked you to change goes back to triage.");
        (request.Status, request.ChangedAt) = (RequestStatuses.AwaitingTriage, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(RequestView.From(request));
    }

    private static ProblemHttpResult Settled(InvolvementRequest request) => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
        title: $"A request that is {request.Status} can no longer be changed.", detail: "Ask the Panel coordinators, or make a new request.");
}
