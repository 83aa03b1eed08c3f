using System.Text.Json;
using MhAll.Contracts.Participation;
using MhAll.Messaging;
using MhAll.Messaging.Audit;
using MhAll.Messaging.Outbox;
using MhAll.Participation.Data;
using MhAll.Participation.Domain;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Disclosure;
using MhAll.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MhAll.Participation.Features.Studies;

/// <summary>
/// Feasibility (how many could be reached, suppressed), representation-aware matching (docs/decisions/0005) and
/// turning a confirmed batch into invitations.
/// </summary>
public static class Recruitment
{
    public sealed record FeasibilityRequest(Eligibility? Criteria);

    /// <param name="Count">Rounded to the nearest 5; null when suppressed (1–7).</param>
    /// <param name="RawCount">Programme staff only.</param>
    public sealed record Feasibility(int? Count, bool Suppressed, int? RawCount);

    public sealed record MatchRequest(int? Size);

    /// <param name="Count">Rounded to 5; null when hidden (raw for programme staff).</param>
    /// <param name="Suppression">none, small (1–7) or secondary (hidden so that a small count cannot be worked out).</param>
    /// <param name="TargetShare">The share matching aimed at for the group, when it has one.</param>
    public sealed record MixCell(string Group, int? Count, string Suppression, double? TargetShare);

    public sealed record GroupMix(string Dimension, IReadOnlyList<MixCell> Groups);

    /// <param name="Size">How many the batch holds: the size asked for, or fewer when fewer can be invited (then a multiple of 5).</param>
    /// <param name="Mix">The batch's groups in each dimension, disclosure-controlled; never who is in it.</param>
    /// <param name="Seed">The draw the service chose: programme staff only.</param>
    public sealed record ProposalView(Guid Id, Guid StudyId, int Requested, int Size, DateTimeOffset ExpiresAt, IReadOnlyList<GroupMix> Mix,
        bool Raw, int? Seed);

    public sealed record ConfirmRequest(Guid? ProposalId);

    /// <param name="Invited">Invitations written; the team follows them by invitation id.</param>
    /// <param name="Skipped">People of the batch no longer invitable (withdrawn, or invited elsewhere since).</param>
    public sealed record ConfirmResult(Guid ProposalId, int Invited, int Skipped);

    public const int MaxBatch = 500;

    public static IEndpointRouteBuilder MapRecruitment(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/participation").WithTags("Recruitment");
        api.MapPost("/feasibility", FeasibilityAsync).RequireAuthorization(Policies.Researcher).WithName("CheckFeasibility")
            .WithSummary("How many consented, reachable volunteers meet a set of criteria: rounded to 5, and hidden when 1–7.");
        api.MapGet("/studies/{id:guid}/feasibility", StudyFeasibilityAsync).RequireAuthorization(Policies.Researcher).WithName("CheckStudyFeasibility")
            .WithSummary("Feasibility for a study you manage, with its own eligibility criteria.");
        api.MapPost("/studies/{id:guid}/matches", MatchAsync).RequireAuthorization(Policies.Researcher).WithName("ProposeMatches")
            .WithSummary("Propose a batch of volunteers to invite, under-recruited groups first: its size and group mix, disclosure-controlled, never who.");
        api.MapPost("/studies/{id:guid}/invitations", ConfirmAsync).RequireAuthorization(Policies.Researcher).WithName("InviteVolunteers")
            .WithSummary("Invite the people of a proposed batch (by proposal id, once, within a day); any no longer invitable are skipped.");
        return app;
    }

    private static async Task<Results<Ok<Feasibility>, ValidationProblem>> FeasibilityAsync(FeasibilityRequest request, HttpContext http,
        ParticipationDbContext db, RegisterIndex index, Areas areas, TimeProvider clock, CancellationToken ct)
    {
        if (new ValidationErrors().Check(request.Criteria, areas, clock.Today(), "criteria.") is { Any: true } errors)
            return TypedResults.ValidationProblem(errors.ToDictionary());
        return TypedResults.Ok(await CountAsync(db, index, request.Criteria!,
            $"feasibility {JsonSerializer.Serialize(request.Criteria, JsonSerializerOptions.Web)}", clock, http, ct));
    }

    private static async Task<Results<Ok<Feasibility>, NotFound>> StudyFeasibilityAsync(Guid id, HttpContext http, ParticipationDbContext db,
        RegisterIndex index, TimeProvider clock, CancellationToken ct) =>
        await db.FindManagedAsync(id, http.User, ct) is { } study
            ? TypedResults.Ok(await CountAsync(db, index, study.Eligibility, $"study-feasibility {id}", clock, http, ct))
            : TypedResults.NotFound();

    /// <param name="figure">How the audit trail names the count, when programme staff see it raw.</param>
    private static async Task<Feasibility> CountAsync(ParticipationDbContext db, RegisterIndex index, Eligibility criteria, string figure,
        TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var count = await index.CountAsync(criteria, clock.Today(), ct);
        var small = DisclosureControl.IsSmall(count);
        var raw = http.User.IsInRole(Roles.Coordinator);
        if (raw)
        {
            db.Audit(http, clock, AuditActions.RawFigureRead, AuditSubjects.Figure, figure);
            await db.SaveChangesAsync(ct);
        }
        return new Feasibility(small ? null : DisclosureControl.Round(count), small, raw ? count : null);
    }

    /// <summary>Volunteers the study may invite now: eligible, contactable, not yet invited to it, under the contact cap.</summary>
    private static IQueryable<Volunteer> Invitable(ParticipationDbContext db, Study study, Areas areas, ContactCapOptions cap, TimeProvider clock)
    {
        var since = clock.GetUtcNow().AddDays(-cap.WindowDays);
        return db.Volunteers.Contactable().Meeting(study.Eligibility, areas, clock.Today())
            .Where(v => !db.Invitations.Any(i => i.StudyId == study.Id && i.VolunteerId == v.Id))
            .Where(v => db.Invitations.Count(i => i.VolunteerId == v.Id && i.InvitedAt > since) < cap.MaxInvitations);
    }

    private static async Task<Results<Ok<ProposalView>, NotFound, ValidationProblem, ProblemHttpResult>> MatchAsync(Guid id, MatchRequest request,
        HttpContext http, ParticipationDbContext db, RegisterIndex index, Areas areas, IOptions<ContactCapOptions> cap, TimeProvider clock,
        CancellationToken ct)
    {
        if (await db.FindManagedAsync(id, http.User, ct) is not { } study) return TypedResults.NotFound();
        if (study.Status != StudyStatuses.Active) return NotRecruiting(study);
        var size = request.Size ?? 50;
        if (size is < 1 or > MaxBatch)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["size"] = [$"Between 1 and {MaxBatch}."] });
        // The service draws the seed: a draw the researcher could repeat would let two proposals that differ by a
        // few people be set side by side (docs/decisions/0005).
        var seed = Random.Shared.Next();
        var year = clock.GetUtcNow().Year;

        // The pool: a seeded random sample of the eligible, contactable volunteers not yet invited to this study,
        // several times the batch, less those at the contact cap (docs/decisions/0005).
        var invitedHere = (await db.Invitations.Where(i => i.StudyId == study.Id).Select(i => i.VolunteerId).ToListAsync(ct)).ToHashSet();
        var sample = await index.SampleAsync(study.Eligibility, clock.Today(), RegisterIndex.Draw(seed, study.Id), invitedHere,
            Math.Clamp(size * 10, 1000, 5000), ct);
        var sampled = sample.Select(c => c.Id).ToList();
        var since = clock.GetUtcNow().AddDays(-cap.Value.WindowDays);
        var atCap = (await db.Invitations.Where(i => sampled.Contains(i.VolunteerId) && i.InvitedAt > since)
            .GroupBy(i => i.VolunteerId).Where(g => g.Count() >= cap.Value.MaxInvitations).Select(g => g.Key).ToListAsync(ct)).ToHashSet();
        var pool = sample.Where(c => !atCap.Contains(c.Id)).ToList();

        // How many there are to invite is what feasibility hides: a batch is the size asked for only when the
        // rounded-down number available allows it, else that multiple of 5, and none at all when 1–7 are left.
        var batch = Math.Min(size, Available(pool.Count));
        if (batch == 0)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Too few volunteers can be invited to this study now to propose a batch.",
                detail: $"A batch needs at least {DisclosureControl.LargestSmallCount + 1} invitable volunteers; fewer are never proposed or counted.");
        var ranked = pool.Select(c => new RankedPerson(c.Id, MatchingDimensions.GroupsOf(c.EthnicGroup, c.ImdDecile, c.YearOfBirth, year))).ToList();

        var targets = TargetShares(study, areas);
        var invitees = await db.Invitations.Where(i => i.StudyId == study.Id).Join(db.Volunteers, i => i.VolunteerId, v => v.Id,
            (i, v) => new { v.EthnicGroup, v.Imd2025Decile, v.Imd2019Decile, v.YearOfBirth, v.AgeBand }).ToListAsync(ct);
        var invited = Enumerable.Range(0, MatchingDimensions.Names.Length).Select(_ => new Dictionary<string, int>()).ToArray();
        foreach (var person in invitees)
        {
            var groups = MatchingDimensions.GroupsOf(person.EthnicGroup,
                ImdEditions.Decile(ImdEditions.Of(study.Eligibility), person.Imd2025Decile, person.Imd2019Decile), person.YearOfBirth, year);
            groups[2] ??= person.AgeBand; // an erased invitee keeps their band, not their year of birth
            for (var d = 0; d < groups.Length; d++)
                if (groups[d] is { } g) invited[d][g] = invited[d].GetValueOrDefault(g) + 1;
        }

        var picked = RepresentationAwareRanking.Pick(ranked, targets, invited, batch);
        var now = clock.GetUtcNow();
        var proposal = new MatchProposal
        {
            Id = Guid.CreateVersion7(), StudyId = study.Id, Seed = seed, Requested = size, VolunteerIds = [.. picked.Select(p => p.Person.Id)],
            ProposedBy = http.User.SubjectId(), ProposedAt = now, ExpiresAt = now + MatchProposal.Lifetime,
        };
        db.MatchProposals.Add(proposal);
        await db.SaveChangesAsync(ct);

        var raw = http.User.IsInRole(Roles.Coordinator);
        var mix = MatchingDimensions.Names.Select((name, d) =>
        {
            var counts = picked.GroupBy(p => p.Person.Groups[d] ?? NotStated).ToDictionary(g => g.Key, g => g.Count());
            var groups = targets[d].Keys.Concat(counts.Keys).Where(g => g != NotStated).Distinct().Order(StringComparer.Ordinal).Append(NotStated)
                .Select(g => (g, counts.GetValueOrDefault(g))).ToList();
            var cells = raw
                ? groups.Select(g => new ProtectedCell(g.g, g.Item2, Suppression.None)).ToList()
                : DisclosureControl.Protect(groups, totalIsPublic: true).Cells;
            return new GroupMix(name, cells.Select(c => new MixCell(c.Group, c.Count, c.Suppression.ToString().ToLowerInvariant(),
                targets[d].TryGetValue(c.Group, out var share) ? Math.Round(share, 4) : null)).ToList());
        }).ToList();
        return TypedResults.Ok(new ProposalView(proposal.Id, study.Id, size, picked.Count, proposal.ExpiresAt, mix, raw, raw ? seed : null));
    }

    private const string NotStated = "not-stated";

    /// <summary>The most a batch may hold given how many can be invited: that number rounded down to 5, or 0 when it is 1–7.</summary>
    public static int Available(int invitable) =>
        invitable <= DisclosureControl.LargestSmallCount ? 0 : invitable / DisclosureControl.RoundingBase * DisclosureControl.RoundingBase;

    /// <summary>The local population's shares in the study's boroughs, with the study's own targets in place of those it set.</summary>
    public static IReadOnlyDictionary<string, double>[] TargetShares(Study study, Areas areas)
    {
        var shares = MatchingDimensions.PopulationShares(areas, study.Boroughs, ImdEditions.Of(study.Eligibility));
        foreach (var target in study.RepresentationTargets)
        {
            var d = Array.IndexOf(MatchingDimensions.Names, target.Dimension);
            if (d >= 0) shares[d] = new Dictionary<string, double>(shares[d]) { [target.Group] = target.Share };
        }
        return shares;
    }

    private static async Task<Results<Ok<ConfirmResult>, NotFound, ValidationProblem, ProblemHttpResult>> ConfirmAsync(Guid id,
        ConfirmRequest request, HttpContext http, ParticipationDbContext db, Areas areas, IOptions<ContactCapOptions> cap, TimeProvider clock,
        CancellationToken ct)
    {
        if (await db.FindManagedAsync(id, http.User, ct) is not { } study) return TypedResults.NotFound();
        if (study.Status != StudyStatuses.Active) return NotRecruiting(study);
        if (request.ProposalId is not { } proposalId)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["proposalId"] = ["The id of a batch proposed for this study."] });
        if (await db.MatchProposals.SingleOrDefaultAsync(p => p.Id == proposalId && p.StudyId == study.Id, ct) is not { } proposal)
            return TypedResults.NotFound();
        var now = clock.GetUtcNow();
        if (proposal.ConfirmedAt is not null) return AlreadyConfirmed();
        if (proposal.ExpiresAt <= now)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The proposal has expired.",
                detail: "A proposal can be confirmed within a day of being made. Propose a new batch and confirm it.");
        // A batch drawn before a material revision was drawn for other criteria or targets than the ones approved now.
        if (await db.StudyRevisions.AnyAsync(r => r.StudyId == study.Id && r.Material && r.RevisedAt > proposal.ProposedAt, ct))
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The study was materially revised since this batch was proposed.",
                detail: "The batch was drawn for its earlier criteria, boroughs or targets. Propose a new batch and confirm it.");

        // Checked again now: someone may have withdrawn, or been invited elsewhere, since the batch was proposed. The
        // batch's people are held FOR SHARE until their invitations are written, so no one leaves the register halfway.
        var ids = proposal.VolunteerIds.Order().ToArray();
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync<Results<Ok<ConfirmResult>, NotFound, ValidationProblem, ProblemHttpResult>>(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.Database.ExecuteSqlAsync($"SELECT 1 FROM volunteers WHERE id = ANY({ids}) ORDER BY id FOR SHARE", ct);
            var invitable = await Invitable(db, study, areas, cap.Value, clock).Where(v => ids.Contains(v.Id)).ToListAsync(ct);
            foreach (var volunteer in invitable)
            {
                var invitation = new Invitation
                {
                    Id = Guid.CreateVersion7(), StudyId = study.Id, VolunteerId = volunteer.Id, InvitedAt = now, InvitedBy = http.User.SubjectId(),
                    UpdatedAt = now,
                };
                db.Invitations.Add(invitation);
                db.Publish(new VolunteerInvited(invitation.Id, study.Id, volunteer.Id, now, AgeBands.Of(volunteer.YearOfBirth!.Value, now.Year),
                    volunteer.EthnicGroup, volunteer.Sex, volunteer.LocalAuthorityCode, volunteer.Imd2019Decile, volunteer.Imd2025Decile), clock);
            }
            proposal.ConfirmedAt = now;
            try
            {
                if (await db.SaveOrConflictAsync("Some of these volunteers were invited meanwhile.", "Nothing was saved. Propose a new batch and confirm it.", ct)
                    is { } conflict) return conflict;
            }
            catch (DbUpdateConcurrencyException)
            {
                return AlreadyConfirmed();
            }
            await transaction.CommitAsync(ct);
            return TypedResults.Ok(new ConfirmResult(proposal.Id, invitable.Count, ids.Length - invitable.Count));
        });
    }

    private static ProblemHttpResult AlreadyConfirmed() => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
        title: "The proposal has already been confirmed.", detail: "Each proposal invites its people once. Propose a new batch for more.");

    private static ProblemHttpResult NotRecruiting(Study study) => study is { Status: StudyStatuses.InReview, DecidedAt: not null }
        // Decided before and in review again: a material revision sent it back.
        ? TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
            title: "The study is back in review after a material revision: it matches and invites no one until programme staff approve it again.",
            detail: $"Revision {study.Revision} changed who is eligible or what volunteers are told. Invitations already sent stay as they are.")
        : TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
            title: $"The study is {study.Status}: only an active (approved) study can match and invite volunteers.");
}
