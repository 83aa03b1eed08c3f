using System.Text.RegularExpressions;
using MhAll.Messaging;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Http;
using MhAll.Training.Data;
using MhAll.Training.Domain;
using MhAll.Training.Features.Profiles;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MhAll.Training.Features.Organisations;

/// <summary>The list of organisations staff choose from, kept by programme staff; everyone signed in reads it.</summary>
public static partial class ManageOrganisations
{
    /// <param name="Type">nhs-trust, local-authority, vcse or primary-care.</param>
    /// <param name="IcbCode">Optional: the ONS code of its ICB, e.g. E54000029 (North East London).</param>
    /// <param name="Headcount">Optional: how many staff it employs.</param>
    public sealed record OrganisationRequest(string? Name, string? Type, string? IcbCode, int? Headcount);

    public sealed record OrganisationView(Guid Id, string Name, string Type, string? IcbCode, int? Headcount)
    {
        public static OrganisationView From(Organisation o) => new(o.Id, o.Name, o.Type, o.IcbCode, o.Headcount);
    }

    [GeneratedRegex(@"^E54\d{6}$")] private static partial Regex IcbShape();

    public static IEndpointRouteBuilder MapOrganisations(this IEndpointRouteBuilder app)
    {
        var organisations = app.MapGroup("/api/training/organisations").WithTags("Organisations");
        organisations.MapGet("/", async (string? type, [AsParameters] PageQuery page, TrainingDbContext db, CancellationToken ct) =>
            {
                var errors = page.Check().OneOf("type", type, Vocabularies.OrganisationTypes);
                if (errors.Any) return (Results<Ok<Paged<OrganisationView>>, ValidationProblem>)TypedResults.ValidationProblem(errors.ToDictionary());
                var query = db.Organisations.AsNoTracking();
                if (type is not null) query = query.Where(o => o.Type == type);
                return TypedResults.Ok((await query.OrderBy(o => o.Name).ThenBy(o => o.Id).ToPageAsync(page, ct)).Map(OrganisationView.From));
            })
            .RequireAuthorization(Policies.Authenticated)
            .WithName("ListOrganisations")
            .WithSummary("Organisations staff can choose for their profile, by name, paged; ?type= filters.");
        organisations.MapGet("/{id:guid}", async Task<Results<Ok<OrganisationView>, NotFound>> (Guid id, TrainingDbContext db, CancellationToken ct) =>
                await db.Organisations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, ct) is { } o
                    ? TypedResults.Ok(OrganisationView.From(o)) : TypedResults.NotFound())
            .RequireAuthorization(Policies.Authenticated)
            .WithName("GetOrganisation")
            .WithSummary("One organisation.");
        organisations.MapPost("/", CreateAsync)
            .RequireAuthorization(Policies.Coordinator)
            .WithName("CreateOrganisation")
            .WithSummary("Add an organisation to the list (name unique).");
        organisations.MapPut("/{id:guid}", UpdateAsync)
            .RequireAuthorization(Policies.Coordinator)
            .WithName("UpdateOrganisation")
            .WithSummary("Correct an organisation; profiles that chose it follow (their categories are sent again).");
        organisations.MapDelete("/{id:guid}", DeleteAsync)
            .RequireAuthorization(Policies.Coordinator)
            .WithName("DeleteOrganisation")
            .WithSummary("Remove an organisation no profile has chosen and no champion was appointed in (409 otherwise).");
        return app;
    }

    private static ValidationErrors Validate(OrganisationRequest request)
    {
        var errors = new ValidationErrors().Required("name", request.Name, 200).RequiredOneOf("type", request.Type, Vocabularies.OrganisationTypes);
        if (request.IcbCode is { } icb && !IcbShape().IsMatch(icb)) errors.Add("icbCode", "An ICB code is E54 and six digits, like E54000029.");
        if (request.Headcount is not (null or (> 0 and <= 1_000_000))) errors.Add("headcount", "Between 1 and 1,000,000.");
        return errors;
    }

    private static void Apply(OrganisationRequest request, Organisation organisation)
    {
        organisation.Name = request.Name!.Trim();
        organisation.Type = request.Type!;
        organisation.IcbCode = request.IcbCode;
        organisation.Headcount = request.Headcount;
    }

    private const string NameTaken = "An organisation of this name is already on the list.";

    private static async Task<Results<Created<OrganisationView>, ValidationProblem, ProblemHttpResult>> CreateAsync(OrganisationRequest request,
        TrainingDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (Validate(request) is { Any: true } errors) return TypedResults.ValidationProblem(errors.ToDictionary());
        var organisation = new Organisation { Id = Guid.CreateVersion7(), Name = "", Type = "", CreatedAt = clock.GetUtcNow() };
        Apply(request, organisation);
        db.Organisations.Add(organisation);
        if (await db.SaveOrConflictAsync(NameTaken, null, ct) is { } conflict) return conflict;
        return TypedResults.Created($"/api/training/organisations/{organisation.Id}", OrganisationView.From(organisation));
    }

    private static async Task<Results<Ok<OrganisationView>, ValidationProblem, NotFound, ProblemHttpResult>> UpdateAsync(Guid id,
        OrganisationRequest request, TrainingDbContext db, IOptions<UnderServedOptions> underServed, TimeProvider clock,
        CancellationToken ct)
    {
        if (Validate(request) is { Any: true } errors) return TypedResults.ValidationProblem(errors.ToDictionary());
        if (await db.Organisations.SingleOrDefaultAsync(o => o.Id == id, ct) is not { } organisation) return TypedResults.NotFound();
        // A changed type or ICB changes the categories of everyone who works there: they are sent again, in the same save.
        var profiles = await db.Profiles.Where(p => p.OrganisationId == id).ToListAsync(ct);
        var before = profiles.ToDictionary(p => p.Id, p => ProfileEvents.CategoriesOf(p, organisation, underServed.Value));
        Apply(request, organisation);
        var now = clock.GetUtcNow();
        foreach (var profile in profiles)
        {
            var after = ProfileEvents.CategoriesOf(profile, organisation, underServed.Value);
            if (after == before[profile.Id]) continue;
            profile.ChangedAt = now;
            db.PublishIfChanged(profile, before[profile.Id], after, clock);
        }
        if (await db.SaveOrConflictAsync(NameTaken, null, ct) is { } conflict) return conflict;
        return TypedResults.Ok(OrganisationView.From(organisation));
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> DeleteAsync(Guid id, TrainingDbContext db, CancellationToken ct)
    {
        if (await db.Organisations.SingleOrDefaultAsync(o => o.Id == id, ct) is not { } organisation) return TypedResults.NotFound();
        if (await db.Profiles.AnyAsync(p => p.OrganisationId == id, ct))
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Staff profiles name this organisation.",
                detail: "Correct it instead, or ask those staff to choose another.");
        if (await db.Champions.AnyAsync(c => c.OrganisationId == id, ct))
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Research champions were appointed in this organisation.",
                detail: "Correct it instead: their appointments count there.");
        db.Organisations.Remove(organisation);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }
}
