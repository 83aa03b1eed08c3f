using Hl7.Fhir.Serialization;
using MhAll.Participation.Data;
using MhAll.Participation.Features.Studies;
using MhAll.ServiceDefaults.Auth;
using MhAll.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using R4 = Hl7.Fhir.Model;

namespace MhAll.Participation.Features.Partners;

/// <summary>
/// The partner API: studies as FHIR R4 ResearchStudy, and a study's invitations as ResearchSubject, versioned by
/// the FHIR release in the path. A ResearchSubject names its person only by the invitation's own id, so partner
/// systems cannot link one person across studies; no name or contact detail ever leaves this way.
/// </summary>
public static class FhirApi
{
    public const string ContentType = "application/fhir+json";
    public const string IrasSystem = "https://www.myresearchproject.org.uk/iras";
    public const string IsrctnSystem = "https://www.isrctn.com";
    public const string StudyIdSystem = "https://mhall.nhs.uk/fhir/sid/study";
    public const string ParticipantSystem = "https://mhall.nhs.uk/fhir/sid/study-participant";
    public const string LocalAuthoritySystem = "https://statistics.data.gov.uk/id/statistical-geography";

    public static IEndpointRouteBuilder MapFhirApi(this IEndpointRouteBuilder app)
    {
        var fhir = app.MapGroup("/api/participation/fhir/r4").WithTags("Partner API (FHIR R4)");
        fhir.MapGet("/ResearchStudy", SearchStudiesAsync).RequireAuthorization(Policies.Insights).RequireScope(PartnerScopes.StudiesRead).WithName("FhirSearchResearchStudy")
            .WithSummary("Listed studies as a FHIR R4 searchset Bundle of ResearchStudy; filter with ?status=active; page with _count and _offset.");
        fhir.MapGet("/ResearchStudy/{id:guid}", ReadStudyAsync).RequireAuthorization(Policies.Insights).RequireScope(PartnerScopes.StudiesRead).WithName("FhirReadResearchStudy")
            .WithSummary("One listed study (or one you manage) as a FHIR R4 ResearchStudy.");
        fhir.MapGet("/ResearchSubject", SearchSubjectsAsync).RequireAuthorization(Policies.Researcher).WithName("FhirSearchResearchSubject")
            .WithSummary("A study's invitations as FHIR R4 ResearchSubject (?study={id}; _count, _offset); for its team and programme staff.");
        return app;
    }

    private static async Task<Results<ContentHttpResult, NotFound>> ReadStudyAsync(Guid id, HttpContext http, ParticipationDbContext db,
        CancellationToken ct)
    {
        var study = await db.Studies.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct);
        return study is not null && (study.IsListed() || http.User.Manages(study)) ? Json(ToResearchStudy(study)) : TypedResults.NotFound();
    }

    /// <summary>FHIR search paging: <c>_count</c> per page (default 50, at most 200) and <c>_offset</c>, with a next link.</summary>
    public sealed record SearchPage(int? _count, int? _offset)
    {
        public int Count => Math.Clamp(_count ?? PageQuery.DefaultSize, 1, PageQuery.MaxSize);
        public int Offset => Math.Max(0, _offset ?? 0);
    }

    private static async Task<ContentHttpResult> SearchStudiesAsync(string? status, [AsParameters] SearchPage page, HttpContext http,
        ParticipationDbContext db, CancellationToken ct)
    {
        var query = db.Studies.AsNoTracking().Where(s => s.Status != StudyStatuses.InReview && s.Status != StudyStatuses.Disapproved);
        if (status is not null) query = query.Where(s => s.Status == status);
        var ordered = query.OrderByDescending(s => s.SubmittedAt).ThenBy(s => s.Id);
        var studies = await ordered.Skip(page.Offset).Take(page.Count).ToListAsync(ct);
        return Json(Bundle(http, studies.Select(ToResearchStudy), await ordered.CountAsync(ct), page));
    }

    private static async Task<Results<ContentHttpResult, NotFound>> SearchSubjectsAsync(Guid study, [AsParameters] SearchPage page, HttpContext http,
        ParticipationDbContext db, CancellationToken ct)
    {
        if (await db.FindManagedAsync(study, http.User, ct) is null) return TypedResults.NotFound();
        // As in the team's own list: only those who said interested; the rest are counted, protected, in the funnel.
        var ordered = db.Invitations.AsNoTracking().Where(i => i.StudyId == study && i.InterestedAt != null).OrderBy(i => i.InvitedAt).ThenBy(i => i.Id);
        var invitations = await ordered.Skip(page.Offset).Take(page.Count).ToListAsync(ct);
        return Json(Bundle(http, invitations.Select(ToResearchSubject), await ordered.CountAsync(ct), page));
    }

    public static R4.ResearchStudy ToResearchStudy(Study study)
    {
        var resource = new R4.ResearchStudy
        {
            Id = study.Id.ToString(),
            Identifier = [new R4.Identifier(StudyIdSystem, study.Id.ToString())],
            Title = study.Title,
            Status = Hl7.Fhir.Utility.EnumUtility.ParseLiteral<R4.ResearchStudy.ResearchStudyStatus>(study.Status)
                     ?? throw new InvalidOperationException($"'{study.Status}' is not a FHIR ResearchStudy status."),
            Description = study.LaySummary,
            Sponsor = new R4.ResourceReference { Display = study.Sponsor },
            Site = study.Sites.Select(site => new R4.ResourceReference { Display = site }).ToList(),
            Location = study.Boroughs.Select(b => new R4.CodeableConcept(LocalAuthoritySystem, b)).ToList(),
            Condition = study.Eligibility.Conditions.Select(c => new R4.CodeableConcept { Text = c }).ToList(),
        };
        if (study.IrasId is { } iras) resource.Identifier.Add(new R4.Identifier(IrasSystem, iras));
        if (study.IsrctnId is { } isrctn) resource.Identifier.Add(new R4.Identifier(IsrctnSystem, isrctn));
        if (study.StartDate is not null || study.EndDate is not null)
            resource.Period = new R4.Period { Start = study.StartDate?.ToString("yyyy-MM-dd"), End = study.EndDate?.ToString("yyyy-MM-dd") };
        return resource;
    }

    public static R4.ResearchSubject ToResearchSubject(Invitation invitation) => new()
    {
        Id = invitation.Id.ToString(),
        Status = Hl7.Fhir.Utility.EnumUtility.ParseLiteral<R4.ResearchSubject.ResearchSubjectStatus>(InvitationStatuses.Fhir(invitation.Status))!.Value,
        Period = new R4.Period { Start = invitation.InvitedAt.ToString("yyyy-MM-ddTHH:mm:sszzz") },
        Study = new R4.ResourceReference($"ResearchStudy/{invitation.StudyId}"),
        Individual = new R4.ResourceReference { Type = "Patient", Identifier = new R4.Identifier(ParticipantSystem, invitation.Id.ToString()) },
    };

    private static R4.Bundle Bundle(HttpContext http, IEnumerable<R4.Resource> resources, int total, SearchPage page)
    {
        var bundle = new R4.Bundle { Type = R4.Bundle.BundleType.Searchset, Total = total };
        var baseUrl = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/api/participation/fhir/r4";
        foreach (var resource in resources)
            bundle.Entry.Add(new R4.Bundle.EntryComponent { FullUrl = $"{baseUrl}/{resource.TypeName}/{resource.Id}", Resource = resource });
        var self = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{http.Request.Path}";
        var query = string.Join('&', http.Request.Query.Where(q => q.Key is not ("_count" or "_offset")).Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value.ToString())}"));
        string Link(int offset) => $"{self}?{(query.Length > 0 ? query + "&" : "")}_count={page.Count}&_offset={offset}";
        bundle.Link.Add(new R4.Bundle.LinkComponent { Relation = "self", Url = Link(page.Offset) });
        if (page.Offset + page.Count < total) bundle.Link.Add(new R4.Bundle.LinkComponent { Relation = "next", Url = Link(page.Offset + page.Count) });
        return bundle;
    }

    private static ContentHttpResult Json(R4.Resource resource) =>
        TypedResults.Content(FhirJsonSerializer.Default.SerializeToString(resource), ContentType);
}
