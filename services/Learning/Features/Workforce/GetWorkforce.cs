using MhAll.Learning.Consumers;
using MhAll.Learning.Data;
using MhAll.Learning.Features.Representation;
using MhAll.Messaging.Audit;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Disclosure;
using MhAll.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Learning.Features.Workforce;

/// <summary>
/// The staff a population of the Academy reaches, by profession group, organisation type, ICB or ethnic group, from
/// Training's events, by each person's categories now, each person once: <c>trained</c>, staff who completed at least
/// one course, the Academy's or one a partner's learning system recorded; <c>champions</c>, research champions not
/// stood down; <c>mentees</c>, staff ever mentored, whose mentoring has begun, ended or not (erased profiles are in
/// none). Mentees count as the trained do, as people the Academy reached: a mentoring that ended with its goals met
/// still reached them, and counting only those mentored now would make every mentoring that ends look like a loss.
/// Disclosure-controlled by default, as representation is; raw counts for coordinators only, each such request in the
/// audit trail.
/// </summary>
public static class GetWorkforce
{
    public const string Trained = "trained";
    public const string Champions = "champions";
    public const string Mentees = "mentees";

    private static readonly Dictionary<string, Func<StaffMember, string?>> GroupOf = new()
    {
        ["profession-group"] = m => m.ProfessionGroup,
        ["organisation-type"] = m => m.OrganisationType,
        ["icb"] = m => m.IcbCode,
        ["ethnic-group"] = m => m.EthnicGroup,
    };

    public sealed record Group(string Name, int? Count, string Suppression);
    public sealed record Response(string Population, string By, bool Protected, int? Total, int? NotStated, IReadOnlyList<Group> Groups);

    public static IEndpointRouteBuilder MapGetWorkforce(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/learning/workforce", HandleAsync)
            .RequireAuthorization(Policies.Insights)
            .WithTags("Workforce")
            .WithName("GetWorkforce")
            .WithSummary("Staff the Academy reaches by profession group, organisation type, ICB or ethnic group, disclosure-controlled unless raw=true (coordinators).");
        return app;
    }

    private static async Task<Results<Ok<Response>, ValidationProblem, ForbidHttpResult>> HandleAsync(
        LearningDbContext db, HttpContext http, TimeProvider clock, CancellationToken ct,
        string population = Trained, string by = "profession-group", bool raw = false, string? reason = null)
    {
        var errors = new ValidationErrors().MaxLength("reason", reason, AuditTrail.ReasonMaxLength);
        if (population is not (Trained or Champions or Mentees)) errors.Add("population", $"Choose one of: {Trained}, {Champions}, {Mentees}.");
        if (!GroupOf.TryGetValue(by, out var groupOf)) errors.Add("by", $"Choose one of: {string.Join(", ", GroupOf.Keys)}.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        if (raw && !http.User.IsInRole(Roles.Coordinator)) return TypedResults.Forbid();

        var inPopulation = population switch
        {
            Trained => db.CourseCompletions.Select(c => c.ProfileId).Concat(db.PartnerCompletions.Select(c => c.ProfileId)),
            Champions => db.ChampionAppointments.Where(c => !c.StoodDown).Select(c => c.ProfileId),
            _ => db.MentoringRelationships.Select(r => r.MenteeProfileId),
        };
        // Staff are thousands, not millions: counted directly.
        var staff = await db.StaffMembers.AsNoTracking().Where(m => inPopulation.Contains(m.ProfileId)).ToListAsync(ct);
        var counts = staff.GroupBy(m => groupOf!(m) ?? RegistrationCounts.NotStated).ToDictionary(g => g.Key, g => g.Count());
        var cells = counts.Where(c => c.Key != RegistrationCounts.NotStated).OrderBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => (c.Key, c.Value)).ToList();
        var notStated = counts.GetValueOrDefault(RegistrationCounts.NotStated);

        if (raw)
        {
            db.Audit(http, clock, AuditActions.RawFigureRead, AuditSubjects.Figure, $"workforce {http.Request.QueryString.Value}", reason);
            await db.SaveChangesAsync(ct);
        }
        var table = DisclosureControl.Publish(cells, raw);
        return TypedResults.Ok(new Response(population, by, !raw, table.Total, raw ? notStated : DisclosureControl.Publish(notStated),
            table.Cells.Select(c => new Group(c.Group, c.Count, GetRepresentation.Describe(c.Suppression))).ToList()));
    }
}
