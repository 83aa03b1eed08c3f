using MhAll.Contracts.Training;
using MhAll.Messaging;
using MhAll.Messaging.Outbox;
using MhAll.ServiceDefaults.Auth;
using MhAll.Training.Data;
using MhAll.Training.Domain;
using MhAll.Training.Domain.Mentoring;
using MhAll.Training.Features.Profiles;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using UnmatchedRow = MhAll.Training.Data.UnmatchedMentee;

namespace MhAll.Training.Features.Mentoring;

/// <summary>
/// A coordinator runs matching (docs/decisions/0008) over the open requests and the mentors with places left, and
/// confirms or rejects each proposed pair. A rejected pair is never proposed again; a confirmed one becomes a
/// relationship, which counts against the mentor's capacity. A new run supersedes the pairs still undecided.
/// </summary>
public static class Matching
{
    public sealed record PairView(Guid Id, Guid RequestId, Guid MenteeProfileId, Guid MentorProfileId, int Score, IReadOnlyList<PairReason> Reasons,
        string Status);

    public sealed record RunView(Guid Id, DateTimeOffset RunAt, IReadOnlyList<PairView> Pairs, IReadOnlyList<UnmatchedRow> Unmatched);

    public static IEndpointRouteBuilder MapMatching(this IEndpointRouteBuilder app)
    {
        var matching = app.MapGroup("/api/training/mentoring/matching").WithTags("Mentoring");
        matching.MapPost("/", RunAsync)
            .RequireAuthorization(Policies.Coordinator)
            .WithName("RunMentorMatching")
            .WithSummary("Match the open requests with mentors who have places: the proposal, stored (pairs with score and reasons, unmatched with the reason).");
        matching.MapGet("/{id:guid}", async Task<Results<Ok<RunView>, NotFound>> (Guid id, TrainingDbContext db, CancellationToken ct) =>
                await db.MatchingRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct) is { } run
                    ? TypedResults.Ok(await ViewAsync(db, run, ct)) : TypedResults.NotFound())
            .RequireAuthorization(Policies.Coordinator)
            .WithName("GetMentorMatching")
            .WithSummary("A matching run's proposal, with each pair's decision.");
        matching.MapPost("/pairs/{id:guid}/confirm", ConfirmAsync)
            .RequireAuthorization(Policies.Coordinator)
            .WithName("ConfirmMentorPair")
            .WithSummary("Confirm a proposed pair: their mentoring starts. 409 when the pair was decided or superseded, the request is matched or the mentor is full.");
        matching.MapPost("/pairs/{id:guid}/reject", RejectAsync)
            .RequireAuthorization(Policies.Coordinator)
            .WithName("RejectMentorPair")
            .WithSummary("Reject a proposed pair: later runs never propose it again.");
        return app;
    }

    private static async Task<Created<RunView>> RunAsync(HttpContext http, TrainingDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var current = await db.MentoringRelationships.Running().GroupBy(r => r.MentorProfileId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var mentors = (await db.MentorProfiles.AsNoTracking().ToListAsync(ct)).Select(m => new MentorCandidate(m.ProfileId, m.Methods.ToHashSet(),
            m.Topics.ToHashSet(), m.ProfessionsSupported.ToHashSet(), Math.Max(0, m.Capacity - current.GetValueOrDefault(m.ProfileId)),
            m.Availability.ToHashSet(), m.Modes.ToHashSet()));
        var requests = await db.MentoringRequests.AsNoTracking().Where(r => r.Status == MentoringRequestStatuses.Open)
            .Join(db.Profiles, r => r.ProfileId, p => p.Id, (r, p) => new { Request = r, p.Profession }).ToListAsync(ct);
        // Matching knows mentees by profile id, so it never pairs someone with themselves.
        var requestOf = requests.ToDictionary(r => r.Request.ProfileId, r => r.Request.Id);
        var mentees = requests.Select(r => new MenteeRequest(r.Request.ProfileId, r.Profession, r.Request.Topics.ToHashSet(),
            r.Request.Methods.ToHashSet(), r.Request.Availability.ToHashSet(), r.Request.Modes.ToHashSet()));
        var rejected = await db.ProposedPairs.Where(p => p.Status == ProposedPairStatuses.Rejected)
            .Select(p => new { p.MenteeProfileId, p.MentorProfileId }).ToListAsync(ct);
        var proposal = MentorMatching.Match(mentors, mentees, rejected.Select(p => (p.MenteeProfileId, p.MentorProfileId)));

        var now = clock.GetUtcNow();
        foreach (var undecided in await db.ProposedPairs.Where(p => p.Status == ProposedPairStatuses.Proposed).ToListAsync(ct))
            undecided.Status = ProposedPairStatuses.Superseded;
        var run = new MatchingRun
        {
            Id = Guid.CreateVersion7(now), RunAt = now, RunBy = http.User.SubjectId(),
            Unmatched = [.. proposal.Unmatched.Select(u => new UnmatchedRow
            {
                RequestId = requestOf[u.MenteeId], MenteeProfileId = u.MenteeId, CompatibleMentors = u.CompatibleMentors,
                Reason = u.Reason == UnmatchedReason.NoCompatibleMentor ? "no-compatible-mentor" : "compatible-mentors-full",
            })],
        };
        db.MatchingRuns.Add(run);
        db.ProposedPairs.AddRange(proposal.Matches.Select(m => new ProposedPair
        {
            Id = Guid.CreateVersion7(now), RunId = run.Id, RequestId = requestOf[m.MenteeId], MenteeProfileId = m.MenteeId, MentorProfileId = m.MentorId,
            Score = m.Score, Reasons = [.. m.Reasons.Select(r => new PairReason { Kind = KindCode(r.Kind), Values = [.. r.Values], Text = r.Text })],
        }));
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/training/mentoring/matching/{run.Id}", await ViewAsync(db, run, ct));
    }

    private static string KindCode(MatchReasonKind kind) => kind.ToString().ToLowerInvariant();

    private static async Task<RunView> ViewAsync(TrainingDbContext db, MatchingRun run, CancellationToken ct)
    {
        var pairs = await db.ProposedPairs.AsNoTracking().Where(p => p.RunId == run.Id).OrderBy(p => p.MenteeProfileId).ToListAsync(ct);
        return new RunView(run.Id, run.RunAt,
            [.. pairs.Select(p => new PairView(p.Id, p.RequestId, p.MenteeProfileId, p.MentorProfileId, p.Score, p.Reasons, p.Status))],
            run.Unmatched);
    }

    private sealed record Decision(MentoringRelationship? Started, ProblemHttpResult? Refusal, bool Found = true);

    private static async Task<Results<Ok<Relationships.RelationshipSummary>, NotFound, ProblemHttpResult>> ConfirmAsync(Guid id, HttpContext http,
        TrainingDbContext db, IOptions<UnderServedOptions> underServed, TimeProvider clock, CancellationToken ct)
    {
        var decision = await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (await db.ProposedPairs.SingleOrDefaultAsync(p => p.Id == id, ct) is not { } pair) return new Decision(null, null, Found: false);
            // The mentor's row lock: confirmations for one mentor are counted one at a time, so capacity holds.
            var mentor = (await db.MentorProfiles.FromSql($"SELECT * FROM mentor_profiles WHERE profile_id = {pair.MentorProfileId} FOR UPDATE")
                .ToListAsync(ct)).SingleOrDefault();
            if (pair.Status != ProposedPairStatuses.Proposed) return new Decision(null, Refuse($"This pair is {pair.Status}.", "Run matching again for a new proposal."));
            if (mentor is null) return new Decision(null, Refuse("The mentor no longer offers to mentor.", "Reject the pair, or run matching again."));
            // The request's row lock: a withdrawal at the same moment either comes first (then this refuses) or waits and finds it matched.
            var request = (await db.MentoringRequests.FromSql($"SELECT * FROM mentoring_requests WHERE id = {pair.RequestId} FOR UPDATE").ToListAsync(ct)).Single();
            if (request.Status == MentoringRequestStatuses.Withdrawn) return new Decision(null, Refuse("The mentee withdrew this request.", null));
            if (request.Status != MentoringRequestStatuses.Open) return new Decision(null, Refuse("This request already has a mentor.", null));
            if (await db.MentoringRelationships.Running().CountAsync(r => r.MentorProfileId == mentor.ProfileId, ct) >= mentor.Capacity)
                return new Decision(null, Refuse("The mentor has no place left.", "Reject the pair, or run matching again."));

            var now = clock.GetUtcNow();
            (pair.Status, pair.DecidedAt, pair.DecidedBy) = (ProposedPairStatuses.Confirmed, now, http.User.SubjectId());
            request.Status = MentoringRequestStatuses.Matched;
            var relationship = new MentoringRelationship
            {
                Id = Guid.CreateVersion7(now), PairId = pair.Id, RequestId = request.Id, MentorProfileId = pair.MentorProfileId,
                MenteeProfileId = pair.MenteeProfileId, StartedAt = now,
            };
            db.MentoringRelationships.Add(relationship);
            var mentee = await db.Profiles.AsNoTracking().SingleAsync(p => p.Id == pair.MenteeProfileId, ct);
            var categories = await ProfileEvents.CategoriesOfAsync(db, mentee, underServed.Value, ct);
            db.Publish(new MentoringStarted(relationship.Id, mentee.Id, pair.MentorProfileId, categories.ProfessionGroup, categories.OrganisationType,
                categories.IcbCode, now), clock);
            // The request's unique relationship settles two confirmations of pairs for one mentee at once.
            if (await db.SaveOrConflictAsync("This request already has a mentor.", null, ct) is { } conflict) return new Decision(null, conflict);
            await transaction.CommitAsync(ct);
            return new Decision(relationship, null);
        });
        if (!decision.Found) return TypedResults.NotFound();
        if (decision.Refusal is { } refusal) return refusal;
        return TypedResults.Ok(Relationships.RelationshipSummary.From(decision.Started!));
    }

    private static async Task<Results<Ok<PairView>, NotFound, ProblemHttpResult>> RejectAsync(Guid id, HttpContext http, TrainingDbContext db,
        TimeProvider clock, CancellationToken ct)
    {
        if (await db.ProposedPairs.SingleOrDefaultAsync(p => p.Id == id, ct) is not { } pair) return TypedResults.NotFound();
        if (pair.Status != ProposedPairStatuses.Proposed) return Refuse($"This pair is {pair.Status}.", null);
        (pair.Status, pair.DecidedAt, pair.DecidedBy) = (ProposedPairStatuses.Rejected, clock.GetUtcNow(), http.User.SubjectId());
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new PairView(pair.Id, pair.RequestId, pair.MenteeProfileId, pair.MentorProfileId, pair.Score, pair.Reasons, pair.Status));
    }

    private static ProblemHttpResult Refuse(string title, string? detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: title, detail: detail);
}
