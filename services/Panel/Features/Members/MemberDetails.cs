using System.ComponentModel.DataAnnotations;
using MhAll.Contracts.Panel;
using MhAll.Messaging.Outbox;
using MhAll.Panel.Data;
using MhAll.Panel.Domain;
using MhAll.ServiceDefaults.Http;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Panel.Features.Members;

/// <summary>What a person tells the Panel about themselves: the same fields on applying and when correcting their record.</summary>
public sealed record MemberDetails
{
    public const int MotivationMaxLength = 2000;
    public const int AccessNeedsMaxLength = 1000;

    /// <summary>Your name, as coordinators and researchers will address you.</summary>
    public string? Name { get; init; }
    [MaxLength(254)] public string? Email { get; init; }
    /// <summary>Optional: a phone number.</summary>
    [MaxLength(30)] public string? Phone { get; init; }
    /// <summary>Optional: why you want to join the Panel.</summary>
    [FreeText(MotivationMaxLength)] public string? Motivation { get; init; }
    /// <summary>What you have lived experience of, yourself or as a carer (e.g. anxiety, psychosis, carer).</summary>
    public List<string>? LivedExperience { get; init; }
    /// <summary>document-review, speaking, co-design, languages.</summary>
    public List<string>? Skills { get; init; }
    /// <summary>ISO 639 codes of the languages you can work in besides English (with the skill "languages").</summary>
    public List<string>? Languages { get; init; }
    /// <summary>mon … sun.</summary>
    public List<string>? AvailableDays { get; init; }
    /// <summary>morning, afternoon, evening.</summary>
    public List<string>? AvailableTimes { get; init; }
    /// <summary>online, in-person.</summary>
    public List<string>? Formats { get; init; }
    /// <summary>Optional: what would help you take part (e.g. large print, step-free access, a break every hour).</summary>
    [FreeText(AccessNeedsMaxLength)] public string? AccessNeeds { get; init; }
    /// <summary>Optional: a Census 2021 category or prefer-not-to-say.</summary>
    public string? EthnicGroup { get; init; }
    /// <summary>Optional: female, male or prefer-not-to-say.</summary>
    public string? Sex { get; init; }
    /// <summary>Optional: 18-24, 25-34, 35-44, 45-54, 55-64, 65-74, 75+ or prefer-not-to-say.</summary>
    public string? AgeBand { get; init; }
    /// <summary>Optional: yes, no or prefer-not-to-say.</summary>
    public string? Disability { get; init; }
    /// <summary>Optional: the ONS code of your local authority (one of the 22 of North East London and Essex) or prefer-not-to-say.</summary>
    public string? LocalAuthority { get; init; }
    /// <summary>paid, voucher or declines-payment.</summary>
    public string? PaymentPreference { get; init; }
    /// <summary>You work in the public sector (time in work hours is not paid again).</summary>
    public bool? PublicSectorEmployee { get; init; }

    public ValidationErrors Validate()
    {
        var errors = new ValidationErrors()
            .Required("name", Name, 200)
            .Email("email", Email)
            .MaxLength("phone", Phone, 30)
            .SubsetOf("livedExperience", LivedExperience, MemberVocabulary.LivedExperienceAreas)
            .SubsetOf("skills", Skills, MemberVocabulary.Skills)
            .SubsetOf("availableDays", AvailableDays, MemberVocabulary.Days)
            .SubsetOf("availableTimes", AvailableTimes, MemberVocabulary.Times)
            .SubsetOf("formats", Formats, MemberVocabulary.Formats)
            .OneOf("ethnicGroup", EthnicGroup, MemberVocabulary.EthnicGroups)
            .OneOf("sex", Sex, MemberVocabulary.Sexes)
            .OneOf("ageBand", AgeBand, MemberVocabulary.AgeBands)
            .OneOf("disability", Disability, MemberVocabulary.Disability)
            .OneOf("localAuthority", LocalAuthority, MemberVocabulary.LocalAuthorities)
            .OneOf("paymentPreference", PaymentPreference, MemberVocabulary.PaymentPreferences);
        if (PaymentPreference is null) errors.Add("paymentPreference", $"This field is required: one of {string.Join(", ", MemberVocabulary.PaymentPreferences)}.");
        if (Languages?.FirstOrDefault(l => !MemberVocabulary.IsLanguageCode(l)) is { } language)
            errors.Add("languages", $"'{language}' is not an ISO 639 code such as bn, ur or so.");
        else if (Languages is { Count: > 0 } && Languages.Distinct().Count() != Languages.Count) errors.Add("languages", "Each language at most once.");
        else if (Languages is { Count: > 0 } && Skills?.Contains("languages") != true)
            errors.Add("skills", "Add the skill \"languages\" to offer the languages you listed.");
        return errors;
    }

    public void ApplyTo(PanelMember member)
    {
        member.Name = Name!.Trim();
        member.Email = Email!.Trim();
        member.Phone = string.IsNullOrWhiteSpace(Phone) ? null : Phone.Trim();
        member.Motivation = string.IsNullOrWhiteSpace(Motivation) ? null : Motivation.Trim();
        member.LivedExperience = [.. LivedExperience ?? []];
        member.Skills = [.. Skills ?? []];
        member.Languages = [.. Languages ?? []];
        member.AvailableDays = [.. AvailableDays ?? []];
        member.AvailableTimes = [.. AvailableTimes ?? []];
        member.Formats = [.. Formats ?? []];
        member.AccessNeeds = string.IsNullOrWhiteSpace(AccessNeeds) ? null : AccessNeeds.Trim();
        member.EthnicGroup = EthnicGroup;
        member.Sex = Sex;
        member.AgeBand = AgeBand;
        member.Disability = Disability;
        member.LocalAuthority = LocalAuthority;
        member.PaymentPreference = PaymentPreference!;
        member.PublicSectorEmployee = PublicSectorEmployee ?? false;
    }
}

/// <summary>A member's record as they (or a coordinator) see it, with the history of their status.</summary>
public sealed record MemberView(Guid Id, string Status, DateTimeOffset StatusChangedAt, string? Name, string? Email, string? Phone, string? Motivation,
    IReadOnlyList<string> LivedExperience, IReadOnlyList<string> Skills, IReadOnlyList<string> Languages, IReadOnlyList<string> AvailableDays,
    IReadOnlyList<string> AvailableTimes, IReadOnlyList<string> Formats, string? AccessNeeds, string? EthnicGroup, string? Sex, string? AgeBand,
    string? Disability, string? LocalAuthority, string PaymentPreference, bool PublicSectorEmployee, bool BenefitsAdviceOffered,
    DateOnly? BenefitsAdviceOfferedOn, MemberView.Agreement ConfidentialityAgreement, IReadOnlyList<MemberView.StatusStep> History,
    DateTimeOffset AppliedAt, DateTimeOffset? ErasedAt)
{
    /// <param name="SignedVersion">The latest version you signed; null before your first.</param>
    /// <param name="CurrentVersion">The version in force; null before the first is published.</param>
    public sealed record Agreement(int? SignedVersion, DateTimeOffset? SignedAt, int? CurrentVersion, bool SignedCurrent);

    /// <param name="From">Null for the application itself.</param>
    /// <param name="By">The sign-in that made the change.</param>
    public sealed record StatusStep(string? From, string To, DateTimeOffset At, string By, string? Note);

    public static async Task<MemberView> OfAsync(PanelDbContext db, PanelMember m, CancellationToken ct)
    {
        var history = await db.MemberStatusChanges.AsNoTracking().Where(c => c.MemberId == m.Id).OrderBy(c => c.At).ThenBy(c => c.Id)
            .Select(c => new StatusStep(c.From, c.To, c.At, c.By, c.Note)).ToListAsync(ct);
        return new MemberView(m.Id, m.Status, m.StatusChangedAt, m.Name, m.Email, m.Phone, m.Motivation, m.LivedExperience, m.Skills, m.Languages,
            m.AvailableDays, m.AvailableTimes, m.Formats, m.AccessNeeds, m.EthnicGroup, m.Sex, m.AgeBand, m.Disability, m.LocalAuthority,
            m.PaymentPreference, m.PublicSectorEmployee, m.BenefitsAdviceOffered, m.BenefitsAdviceOfferedOn, await AgreementOfAsync(db, m.Id, ct),
            history, m.AppliedAt, m.ErasedAt);
    }

    public static async Task<Agreement> AgreementOfAsync(PanelDbContext db, Guid memberId, CancellationToken ct)
    {
        var current = await db.CurrentAgreementVersionAsync(ct);
        var signed = await db.AgreementSignatures.AsNoTracking().Where(s => s.MemberId == memberId).OrderByDescending(s => s.Version)
            .FirstOrDefaultAsync(ct);
        return new Agreement(signed?.Version, signed?.SignedAt, current, current is not null && signed?.Version == current);
    }
}

/// <summary>What the other services hear of a member: their id and equality-monitoring categories, never a name.</summary>
public static class MemberEvents
{
    public static void PublishJoined(this PanelDbContext db, PanelMember m, DateTimeOffset at, TimeProvider clock) =>
        db.Publish(new PanelMemberJoined(m.Id, at, MemberVocabulary.Stated(m.EthnicGroup), MemberVocabulary.Stated(m.Sex),
            MemberVocabulary.Stated(m.AgeBand), MemberVocabulary.Stated(m.Disability), MemberVocabulary.Stated(m.LocalAuthority)), clock);

    public static void PublishLeft(this PanelDbContext db, PanelMember m, DateTimeOffset at, TimeProvider clock) =>
        db.Publish(new PanelMemberLeft(m.Id, at), clock);
}
