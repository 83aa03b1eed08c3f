using MhAll.Contracts.Training;
using MhAll.Messaging;
using MhAll.Messaging.Outbox;
using MhAll.ServiceDefaults.Http;
using MhAll.Training.Data;
using MhAll.Training.Domain;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Training.Features.Profiles;

/// <summary>What a member of staff tells Training about themselves: the same fields on creating the profile and when correcting it.</summary>
public record ProfileDetails
{
    /// <summary>Your name as it should appear on certificates.</summary>
    public string? Name { get; init; }
    /// <summary>One of the professions (e.g. occupational-therapy, nursing, peer-support, support-worker, other).</summary>
    public string? Profession { get; init; }
    /// <summary>Your organisation, from GET /api/training/organisations.</summary>
    public Guid? OrganisationId { get; init; }
    public List<string>? Interests { get; init; }
    /// <summary>Optional: a Census 2021 category or prefer-not-to-say.</summary>
    public string? EthnicGroup { get; init; }
    /// <summary>Optional: female, male or prefer-not-to-say.</summary>
    public string? Sex { get; init; }
    /// <summary>Optional: 16-24, 25-34, 35-44, 45-54, 55-64, 65+ or prefer-not-to-say.</summary>
    public string? AgeBand { get; init; }
    /// <summary>Optional: yes, no or prefer-not-to-say.</summary>
    public string? Disability { get; init; }

    public async Task<ValidationErrors> ValidateAsync(TrainingDbContext db, CancellationToken ct)
    {
        var errors = new ValidationErrors()
            .Required("name", Name, 200)
            .OneOf("profession", Profession, [.. Vocabularies.Professions])
            .SubsetOf("interests", Interests, Vocabularies.Interests)
            .OneOf("ethnicGroup", EthnicGroup, Vocabularies.EthnicGroups)
            .OneOf("sex", Sex, Vocabularies.Sexes)
            .OneOf("ageBand", AgeBand, Vocabularies.AgeBands)
            .OneOf("disability", Disability, Vocabularies.Disability);
        if (Profession is null) errors.Add("profession", "This field is required.");
        if (OrganisationId is not { } organisation) errors.Add("organisationId", "This field is required.");
        else if (!await db.Organisations.AnyAsync(o => o.Id == organisation, ct))
            errors.Add("organisationId", "Choose an organisation from GET /api/training/organisations (or ask the programme team to add yours).");
        return errors;
    }

    public void ApplyTo(StaffProfile profile)
    {
        profile.Name = Name!.Trim();
        profile.Profession = Profession!;
        profile.ProfessionGroup = Vocabularies.ProfessionGroupOf[Profession!];
        profile.OrganisationId = OrganisationId!.Value;
        profile.Interests = [.. Interests ?? []];
        profile.EthnicGroup = EthnicGroup;
        profile.Sex = Sex;
        profile.AgeBand = AgeBand;
        profile.Disability = Disability;
    }
}

/// <summary>Creating a profile: the details, and optionally a first self-assessment of research capability.</summary>
public sealed record NewProfile : ProfileDetails
{
    /// <summary>Optional: entry, enhanced, advanced or consultant.</summary>
    public string? CapabilityLevel { get; init; }
    /// <summary>When you assessed yourself; today when left out.</summary>
    public DateOnly? CapabilityAssessedOn { get; init; }
}

/// <summary>A profile as its owner (or programme staff) sees it.</summary>
public sealed record ProfileView(Guid Id, string Name, string Profession, string ProfessionGroup, ProfileView.Employer Organisation,
    IReadOnlyList<string> Interests, string? CapabilityLevel, DateOnly? CapabilityAssessedOn, string? EthnicGroup, string? Sex, string? AgeBand,
    string? Disability, bool UnderServed, DateTimeOffset RegisteredAt)
{
    public sealed record Employer(Guid Id, string Name, string Type, string? IcbCode);

    public static ProfileView From(StaffProfile p, Organisation o, UnderServedOptions underServed) => new(p.Id, p.Name, p.Profession,
        p.ProfessionGroup, new Employer(o.Id, o.Name, o.Type, o.IcbCode), p.Interests, p.CapabilityLevel, p.CapabilityAssessedOn, p.EthnicGroup,
        p.Sex, p.AgeBand, p.Disability, underServed.IsUnderServed(p.ProfessionGroup, o.Type), p.RegisteredAt);

    public static async Task<ProfileView> OfAsync(TrainingDbContext db, StaffProfile profile, UnderServedOptions underServed, CancellationToken ct) =>
        From(profile, await db.Organisations.AsNoTracking().SingleAsync(o => o.Id == profile.OrganisationId, ct), underServed);
}

/// <summary>What the other services hear of a profile: its categories, never its name.</summary>
public static class ProfileEvents
{
    public sealed record Categories(string ProfessionGroup, string Profession, string OrganisationType, string? IcbCode, string? CapabilityLevel,
        string? EthnicGroup, bool UnderServed);

    public static async Task<Categories> CategoriesOfAsync(TrainingDbContext db, StaffProfile p, UnderServedOptions underServed, CancellationToken ct) =>
        CategoriesOf(p, await db.Organisations.AsNoTracking().SingleAsync(o => o.Id == p.OrganisationId, ct), underServed);

    public static Categories CategoriesOf(StaffProfile p, Organisation organisation, UnderServedOptions underServed) =>
        new(p.ProfessionGroup, p.Profession, organisation.Type, organisation.IcbCode, p.CapabilityLevel, Vocabularies.Stated(p.EthnicGroup),
            underServed.IsUnderServed(p.ProfessionGroup, organisation.Type));

    public static void PublishRegistered(this TrainingDbContext db, StaffProfile p, Categories c, TimeProvider clock) =>
        db.Publish(new StaffProfileRegistered(p.Id, p.RegisteredAt, c.ProfessionGroup, c.Profession, c.OrganisationType, c.IcbCode,
            c.CapabilityLevel, c.EthnicGroup, c.UnderServed), clock);

    /// <summary>Publishes <see cref="StaffProfileChanged"/> when a category differs from <paramref name="before"/>.</summary>
    public static void PublishIfChanged(this TrainingDbContext db, StaffProfile p, Categories before, Categories after, TimeProvider clock)
    {
        if (before == after) return;
        db.Publish(new StaffProfileChanged(p.Id, p.ChangedAt, after.ProfessionGroup, after.Profession, after.OrganisationType, after.IcbCode,
            after.CapabilityLevel, after.EthnicGroup, after.UnderServed), clock);
    }
}
