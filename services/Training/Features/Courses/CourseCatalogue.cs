using System.Text.RegularExpressions;
using MhAll.Messaging;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Http;
using MhAll.Training.Data;
using MhAll.Training.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Training.Features.Courses;

/// <summary>The Academy's catalogue: everyone signed in browses it; programme staff add and edit courses.</summary>
public static partial class CourseCatalogue
{
    /// <param name="Level">The capability level the course builds: entry, enhanced, advanced, consultant.</param>
    /// <param name="Format">online, in-person or blended.</param>
    /// <param name="Prerequisites">Ids of courses to complete first.</param>
    /// <param name="Tags">Lower-case words joined by hyphens; research-champion marks the champion course, mentor-training mentor training.</param>
    public sealed record CourseRequest(string? Title, [FreeText] string? Summary, string? Level, string? Format, int? DurationMinutes,
        [property: System.ComponentModel.DataAnnotations.MaxLength(20)] List<Guid>? Prerequisites,
        [property: System.ComponentModel.DataAnnotations.MaxLength(20)] List<string>? Tags);

    public sealed record CourseView(Guid Id, string Title, string Summary, string Level, string Format, int DurationMinutes,
        IReadOnlyList<Guid> Prerequisites, IReadOnlyList<string> Tags)
    {
        public static CourseView From(Course c) => new(c.Id, c.Title, c.Summary, c.Level, c.Format, c.DurationMinutes, c.Prerequisites, c.Tags);
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")] private static partial Regex TagShape();

    public const int MaxDurationMinutes = 60 * 24 * 30;

    public static RouteGroupBuilder MapCourseCatalogue(this RouteGroupBuilder group)
    {
        group.MapGet("/", ListAsync).RequireAuthorization(Policies.Authenticated).WithName("ListCourses")
            .WithSummary("The catalogue by title, paged; ?tag=, ?level= and ?format= filter.");
        group.MapGet("/{id:guid}", async Task<Results<Ok<CourseView>, NotFound>> (Guid id, TrainingDbContext db, CancellationToken ct) =>
                await db.Courses.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct) is { } course
                    ? TypedResults.Ok(CourseView.From(course)) : TypedResults.NotFound())
            .RequireAuthorization(Policies.Authenticated).WithName("GetCourse").WithSummary("One course.");
        group.MapPost("/", CreateAsync).RequireAuthorization(Policies.Coordinator).WithName("CreateCourse")
            .WithSummary("Add a course to the catalogue.");
        group.MapPut("/{id:guid}", UpdateAsync).RequireAuthorization(Policies.Coordinator).WithName("UpdateCourse")
            .WithSummary("Edit a course; certificates already issued keep the title they state.");
        return group;
    }

    private static async Task<Results<Ok<Paged<CourseView>>, ValidationProblem>> ListAsync(string? tag, string? level, string? format,
        [AsParameters] PageQuery page, TrainingDbContext db, CancellationToken ct)
    {
        var errors = page.Check().OneOf("level", level, CapabilityLevels.All).OneOf("format", format, Vocabularies.CourseFormats);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        var query = db.Courses.AsNoTracking();
        if (tag is not null) query = query.Where(c => c.Tags.Contains(tag));
        if (level is not null) query = query.Where(c => c.Level == level);
        if (format is not null) query = query.Where(c => c.Format == format);
        return TypedResults.Ok((await query.OrderBy(c => c.Title).ThenBy(c => c.Id).ToPageAsync(page, ct)).Map(CourseView.From));
    }

    private static async Task<ValidationErrors> ValidateAsync(CourseRequest request, Guid? self, TrainingDbContext db, CancellationToken ct)
    {
        var errors = new ValidationErrors()
            .Required("title", request.Title, 200)
            .Required("summary", request.Summary, 4000)
            .OneOf("level", request.Level, CapabilityLevels.All)
            .OneOf("format", request.Format, Vocabularies.CourseFormats);
        if (request.Level is null) errors.Add("level", "This field is required.");
        if (request.Format is null) errors.Add("format", "This field is required.");
        if (request.DurationMinutes is not (> 0 and <= MaxDurationMinutes)) errors.Add("durationMinutes", $"How long it takes, in minutes: 1 to {MaxDurationMinutes}.");
        if (request.Tags is { } tags)
        {
            if (tags.FirstOrDefault(t => t.Length > 40 || !TagShape().IsMatch(t)) is { } bad)
                errors.Add("tags", $"'{bad}': a tag is lower-case letters and digits joined by hyphens, up to 40 characters.");
            else if (tags.Distinct().Count() != tags.Count) errors.Add("tags", "Each tag at most once.");
        }
        if (request.Prerequisites is { Count: > 0 } prerequisites)
        {
            if (self is { } id && prerequisites.Contains(id)) errors.Add("prerequisites", "A course cannot be its own prerequisite.");
            else if (prerequisites.Distinct().Count() != prerequisites.Count) errors.Add("prerequisites", "Each course at most once.");
            else if (await db.Courses.CountAsync(c => prerequisites.Contains(c.Id), ct) != prerequisites.Count)
                errors.Add("prerequisites", "Each prerequisite is the id of a course in the catalogue.");
        }
        return errors;
    }

    private static void Apply(CourseRequest request, Course course)
    {
        course.Title = request.Title!.Trim();
        course.Summary = request.Summary!.Trim();
        course.Level = request.Level!;
        course.Format = request.Format!;
        course.DurationMinutes = request.DurationMinutes!.Value;
        course.Prerequisites = [.. request.Prerequisites ?? []];
        course.Tags = [.. request.Tags ?? []];
    }

    private static async Task<Results<Created<CourseView>, ValidationProblem>> CreateAsync(CourseRequest request, TrainingDbContext db,
        TimeProvider clock, CancellationToken ct)
    {
        if (await ValidateAsync(request, null, db, ct) is { Any: true } errors) return TypedResults.ValidationProblem(errors.ToDictionary());
        var course = new Course { Id = Guid.CreateVersion7(), Title = "", Summary = "", Level = "", Format = "", CreatedAt = clock.GetUtcNow() };
        Apply(request, course);
        db.Courses.Add(course);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/training/courses/{course.Id}", CourseView.From(course));
    }

    private static async Task<Results<Ok<CourseView>, ValidationProblem, NotFound>> UpdateAsync(Guid id, CourseRequest request, TrainingDbContext db,
        CancellationToken ct)
    {
        if (await db.Courses.SingleOrDefaultAsync(c => c.Id == id, ct) is not { } course) return TypedResults.NotFound();
        if (await ValidateAsync(request, id, db, ct) is { Any: true } errors) return TypedResults.ValidationProblem(errors.ToDictionary());
        Apply(request, course);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(CourseView.From(course));
    }
}
