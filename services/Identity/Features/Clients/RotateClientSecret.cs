using MhAll.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenIddict.Abstractions;

namespace MhAll.Identity.Features.Clients;

/// <summary>
/// A coordinator gives a partner client a new secret, shown once: the old one stops working at once (a leaked secret is
/// the usual reason). Tokens already issued run until they expire.
/// </summary>
public static class RotateClientSecret
{
    public static RouteGroupBuilder MapRotateClientSecret(this RouteGroupBuilder group)
    {
        group.MapPost("/clients/{clientId}/secret", HandleAsync)
            .RequireAuthorization(Policies.Coordinator)
            .WithName("RotateClientSecret")
            .WithSummary("Give a partner client a new secret (shown once); the old one stops working.");
        return group;
    }

    private static async Task<Results<Ok<PartnerClients.Credentials>, ProblemHttpResult>> HandleAsync(string clientId, HttpContext http,
        IOpenIddictApplicationManager applications, ILogger<PartnerClients.Credentials> logger, CancellationToken ct)
    {
        if (!clientId.StartsWith(PartnerClients.IdPrefix, StringComparison.Ordinal) || await applications.FindByClientIdAsync(clientId, ct) is not { } client)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "There is no such partner client.");
        var secret = PartnerClients.NewSecret();
        await applications.UpdateAsync(client, secret, ct);
        logger.LogInformation("Coordinator {Coordinator} rotated the secret of partner client {ClientId}", http.User.SubjectId(), clientId);
        return TypedResults.Ok(new PartnerClients.Credentials(clientId, secret, await PartnerClients.ScopesOfAsync(applications, client, ct)));
    }
}
