using MhAll.Messaging;
using MhAll.ServiceDefaults.Http;
using MhAll.Training.Data;
using MhAll.Training.Domain;
using MhAll.Training.Domain.Mentoring;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Training.Features.Mentoring;

/// <summary>
/// A researcher offers to mentor: what they can help with, whom, how many at once, when and how they meet. Only after
/// completing an Academy course tagged mentor-training, recorded on their staff profile.
/// </summary>
public static class MentorProfiles
{
    /// <param name="Methods">Research methods they can mentor in (qualitative-interviews, surveys, service-evaluation, ...).</param>
    /// <param name="Topics">Clinical and research topics (depression, psychosis, inequalities, grant-writing, ...).</param>
    /// <param name="ProfessionsSupported">The professions of the mentees they take (the staff profile's professions).</param>
    /// <param name="Capacity">How many mentees at once, 0 to 10 (0: none for now).</param>
    /// <param name="Availability">Slots: a day and part of the day, e.g. tue-pm, thu-eve.</param>
    /// <param name="Modes">online and/or in-person.</param>
    public sealed record MentorDetails(List<string>? Methods, List<string>? Topics, List<string>? ProfessionsSupported, int? Capacity,
        List<string>? Availability, List<string>? Modes);

    public sealed record MentorView(Guid ProfileId, IReadOnlyList<string> Methods, IReadOnlyList<string> Topics,
        IReadOnlyList<string> ProfessionsSupported, int Capacity, int CurrentMentees, IReadOnlyList<string> Availability, IReadOnlyList<string> Modes)
    {
        public static async Task<MentorView> OfAsync(TrainingDbContext db, MentorProfile m, CancellationToken ct) => new(m.ProfileId, m.Methods,
            m.Topics, m.ProfessionsSupported, m.Capacity, await db.MentoringRelationships.Running().CountAsync(r => r.MentorProfileId == m.ProfileId, ct),
            m.Availability, m.Modes);
    }

    public static IEndpointRouteBuilder MapMentorProfiles(this IEndpointRouteBuilder app)
    {
        var mentors = app.MapGroup("/api/training/mentoring/mentors").WithTags("Mentoring");
        mentors.MapGet("/me", async Task<Results<Ok<MentorView>, NotFound>> (HttpContext http, TrainingDbContext db, CancellationToken ct) =>
                await db.Profiles.AsNoTracking().MineAsync(http.User, ct) is { } me
                && await db.MentorProfiles.AsNoTracking().SingleOrDefaultAsync(m => m.ProfileId == me.Id, ct) is { } mentor
                    ? TypedResults.Ok(await MentorView.OfAsync(db, mentor, ct))
                    : TypedResults.NotFound())
            .RequireAuthorization(MentoringAccess.Mentor)
            .WithName("GetMyMentorProfile")
            .WithSummary("Your mentor profile, with how many mentees you have now (relationships not ended) (404 until you offer to mentor).");
        mentors.MapPut("/me", PutAsync)
            .RequireAuthorization(MentoringAccess.Mentor)
            .WithName("PutMyMentorProfile")
            .WithSummary("Offer to mentor, or change your offer. 409 without a staff profile or before you completed a course tagged mentor-training.");
        return app;
    }

    private static async Task<Results<Ok<MentorView>, ValidationProblem, ProblemHttpResult>> PutAsync(MentorDetails request, HttpContext http,
        TrainingDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var errors = new ValidationErrors()
            .SubsetOf("methods", request.Methods, MentoringVocabulary.Methods, atLeast: 1)
            .SubsetOf("topics", request.Topics, MentoringVocabulary.Topics)
            .SubsetOf("professionsSupported", request.ProfessionsSupported, [.. Vocabularies.Professions], atLeast: 1)
            .SubsetOf("availability", request.Availability, MentoringAvailability.Slots, atLeast: 1)
            .SubsetOf("modes", request.Modes, MentoringAvailability.Modes, atLeast: 1);
        if (request.Capacity is not (>= 0 and <= MentoringVocabulary.MaxCapacity))
            errors.Add("capacity", $"How many mentees at once: 0 to {MentoringVocabulary.MaxCapacity}.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        if (await db.Profiles.AsNoTracking().MineAsync(http.User, ct) is not { } me)
            return Refuse("Create your staff profile first.", "Mentors are known by their staff profile (POST /api/training/profiles), which records their mentor training.");
        if (!await db.CompletedMentorTrainingAsync(me.Id, ct))
            return Refuse("Complete mentor training first.",
                $"Only researchers who completed an Academy course tagged '{CourseTags.MentorTraining}' may mentor: GET /api/training/courses?tag={CourseTags.MentorTraining}.");

        var now = clock.GetUtcNow();
        var mentor = await db.MentorProfiles.SingleOrDefaultAsync(m => m.ProfileId == me.Id, ct);
        if (mentor is null) db.MentorProfiles.Add(mentor = new MentorProfile { ProfileId = me.Id, CreatedAt = now });
        mentor.Methods = [.. request.Methods!];
        mentor.Topics = [.. request.Topics ?? []];
        mentor.ProfessionsSupported = [.. request.ProfessionsSupported!];
        mentor.Capacity = request.Capacity!.Value;
        mentor.Availability = [.. request.Availability!];
        mentor.Modes = [.. request.Modes!];
        mentor.ChangedAt = now;
        // Two first offers at once: the key decides, and the second is told to try again.
        if (await db.SaveOrConflictAsync("Your mentor profile was saved meanwhile.", "GET it and try again.", ct) is { } conflict) return conflict;
        return TypedResults.Ok(await MentorView.OfAsync(db, mentor, ct));
    }

    private static ProblemHttpResult Refuse(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: title, detail: detail);
}
