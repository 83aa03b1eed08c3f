using MhAll.Messaging;
using MhAll.Panel.Data;
using MhAll.Panel.Domain;
using MhAll.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Panel.Features.Members;

/// <summary>A member signs the confidentiality agreement's current version: naming the version, so nobody signs text they did not read.</summary>
public static class SignAgreement
{
    /// <param name="Version">The version you read and sign: it must be the current one.</param>
    public sealed record Signature(int? Version);

    public static RouteGroupBuilder MapSignAgreement(this RouteGroupBuilder group)
    {
        group.MapPost("/me/agreement", HandleAsync)
            .RequireAuthorization(Policies.PanelMemberOnly)
            .WithName("SignConfidentialityAgreement")
            .WithSummary("Sign the current version of the confidentiality agreement (GET /api/panel/agreements/current); 409 when the version you name is not current. Signing again is harmless.");
        return group;
    }

    private static async Task<Results<Ok<MemberView.Agreement>, ValidationProblem, NotFound, ProblemHttpResult>> HandleAsync(Signature request,
        HttpContext http, PanelDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (request.Version is not > 0)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["version"] = ["The version of the agreement you read and sign."] });
        if (await db.Members.AsNoTracking().MineAsync(http.User, ct) is not { } member) return TypedResults.NotFound();
        if (member.Status == MemberStatuses.Left)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "You have left the Panel.",
                detail: "Ask a coordinator if you would like to come back.");
        if (await db.CurrentAgreementVersionAsync(ct) is not { } current)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "No confidentiality agreement has been published yet.");
        if (request.Version != current)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: $"Version {current} of the agreement is current, not {request.Version}.",
                detail: "Read the current version (GET /api/panel/agreements/current) and sign that.");
        if (!await db.AgreementSignatures.AnyAsync(s => s.MemberId == member.Id && s.Version == current, ct))
        {
            db.AgreementSignatures.Add(new AgreementSignature { MemberId = member.Id, Version = current, SignedAt = clock.GetUtcNow() });
            // Signing twice at once: the key (member, version) keeps the first, and the second is the same signature, so not an error.
            _ = await db.SaveOrConflictAsync("Already signed.", null, ct);
        }
        return TypedResults.Ok(await MemberView.AgreementOfAsync(db, member.Id, ct));
    }
}
