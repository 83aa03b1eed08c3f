using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace MhAll.Messaging.DeadLetters;

public static class DeadLetterEndpoints
{
    public sealed record ReplayResult(string Queue, int Replayed);

    /// <summary>Coordinator-only: <c>GET /api/{service}/admin/dead-letters</c> and <c>POST .../{queue}/replay</c>.</summary>
    public static IEndpointRouteBuilder MapDeadLetterEndpoints(this IEndpointRouteBuilder app, string service)
    {
        var group = app.MapGroup($"{ServiceApiExtensions.PrefixOf(service)}/admin/dead-letters")
            .WithTags("Operations")
            .RequireAuthorization(Policies.Coordinator);

        group.MapGet("/", async (DeadLetterQueues deadLetters, CancellationToken ct, int peek = 10) =>
                TypedResults.Ok(await deadLetters.ListAsync(Math.Clamp(peek, 0, 100), ct)))
            .WithName($"{service}-list-dead-letters")
            .WithSummary("Messages that failed every retry, per consumer queue, with the exception of the oldest few.");

        group.MapPost("/{queue}/replay", async Task<Results<Ok<ReplayResult>, ProblemHttpResult>> (string queue, DeadLetterQueues deadLetters, CancellationToken ct) =>
            {
                if (!deadLetters.Queues.Contains(queue))
                    return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such consumer queue in this service.",
                        detail: $"Known queues: {string.Join(", ", deadLetters.Queues)}.");
                return TypedResults.Ok(new ReplayResult(queue, await deadLetters.ReplayAsync(queue, ct)));
            })
            .WithName($"{service}-replay-dead-letters")
            .WithSummary("Sends every failed message of a consumer queue back to it, for another try.");
        return app;
    }
}
