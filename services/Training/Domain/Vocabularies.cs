namespace MhAll.Training.Domain;

/// <summary>The fixed lists a staff profile and a course choose from. Codes are stable (stored and sent in events); labels belong to the web client.</summary>
public static class Vocabularies
{
    /// <summary>Each profession a member of staff may name, with the staff group it counts in.</summary>
    public static readonly IReadOnlyDictionary<string, string> ProfessionGroupOf = new Dictionary<string, string>
    {
        // The allied health professions, by name (NHS England's fourteen).
        ["art-therapy"] = ProfessionGroups.AlliedHealth, ["music-therapy"] = ProfessionGroups.AlliedHealth,
        ["drama-therapy"] = ProfessionGroups.AlliedHealth, ["dietetics"] = ProfessionGroups.AlliedHealth,
        ["occupational-therapy"] = ProfessionGroups.AlliedHealth, ["physiotherapy"] = ProfessionGroups.AlliedHealth,
        ["speech-and-language-therapy"] = ProfessionGroups.AlliedHealth, ["paramedic"] = ProfessionGroups.AlliedHealth,
        ["podiatry"] = ProfessionGroups.AlliedHealth, ["orthoptics"] = ProfessionGroups.AlliedHealth,
        ["osteopathy"] = ProfessionGroups.AlliedHealth, ["prosthetics-and-orthotics"] = ProfessionGroups.AlliedHealth,
        ["diagnostic-radiography"] = ProfessionGroups.AlliedHealth, ["therapeutic-radiography"] = ProfessionGroups.AlliedHealth,
        ["operating-department-practice"] = ProfessionGroups.AlliedHealth,
        ["nursing"] = ProfessionGroups.Nursing, ["nursing-associate"] = ProfessionGroups.Nursing,
        ["medicine"] = ProfessionGroups.Medicine,
        ["psychology"] = ProfessionGroups.Psychology, ["psychological-therapies"] = ProfessionGroups.Psychology,
        ["social-work"] = ProfessionGroups.SocialWork,
        ["peer-support"] = ProfessionGroups.PeerSupport,
        ["support-worker"] = ProfessionGroups.CommunityAndSupport, ["healthcare-assistant"] = ProfessionGroups.CommunityAndSupport,
        ["community-worker"] = ProfessionGroups.CommunityAndSupport, ["social-prescribing-link-worker"] = ProfessionGroups.CommunityAndSupport,
        ["pharmacy"] = ProfessionGroups.Other, ["other"] = ProfessionGroups.Other,
    };

    public static readonly IReadOnlyList<string> Professions = [.. ProfessionGroupOf.Keys];

    /// <summary>What kind of organisation a member of staff works for.</summary>
    public static readonly string[] OrganisationTypes = [OrganisationKinds.NhsTrust, OrganisationKinds.LocalAuthority, OrganisationKinds.Vcse, OrganisationKinds.PrimaryCare];

    public static readonly string[] CourseFormats = ["online", "in-person", "blended"];

    /// <summary>Research interests a profile may name.</summary>
    public static readonly string[] Interests =
    [
        "clinical-trials", "qualitative-methods", "quantitative-methods", "co-production", "service-evaluation", "quality-improvement",
        "implementation", "health-inequalities", "digital-health", "evidence-based-practice", "recruitment-to-studies", "grant-writing",
        "publishing", "patient-and-public-involvement",
    ];

    /// <summary>Equality monitoring (optional): each question allows prefer-not-to-say.</summary>
    public const string PreferNotToSay = "prefer-not-to-say";

    /// <summary>The 19 Census 2021 ethnic group categories, plus prefer-not-to-say.</summary>
    public static readonly string[] EthnicGroups =
    [
        "asian-bangladeshi", "asian-chinese", "asian-indian", "asian-pakistani", "asian-other",
        "black-african", "black-caribbean", "black-other",
        "mixed-white-asian", "mixed-white-black-african", "mixed-white-black-caribbean", "mixed-other",
        "white-british", "white-irish", "white-gypsy-irish-traveller", "white-roma", "white-other",
        "other-arab", "other-any", PreferNotToSay,
    ];

    public static readonly string[] Sexes = ["female", "male", PreferNotToSay];

    /// <summary>Working-age bands, as Census counts use them.</summary>
    public static readonly string[] AgeBands = ["16-24", "25-34", "35-44", "45-54", "55-64", "65+", PreferNotToSay];

    /// <summary>The Equality Act 2010 question: do you consider yourself disabled?</summary>
    public static readonly string[] Disability = ["yes", "no", PreferNotToSay];

    /// <summary>A stated category for counts: null when not stated or prefer-not-to-say.</summary>
    public static string? Stated(string? value) => value is null or PreferNotToSay ? null : value;
}

/// <summary>The staff groups professions count in (<see cref="Vocabularies.ProfessionGroupOf"/>).</summary>
public static class ProfessionGroups
{
    public const string AlliedHealth = "allied-health";
    public const string Nursing = "nursing";
    public const string Medicine = "medicine";
    public const string Psychology = "psychology";
    public const string SocialWork = "social-work";
    public const string PeerSupport = "peer-support";
    public const string CommunityAndSupport = "community-and-support";
    public const string Other = "other";

    public static readonly string[] All = [AlliedHealth, Nursing, Medicine, Psychology, SocialWork, PeerSupport, CommunityAndSupport, Other];
}

public static class OrganisationKinds
{
    public const string NhsTrust = "nhs-trust";
    public const string LocalAuthority = "local-authority";
    public const string Vcse = "vcse";
    public const string PrimaryCare = "primary-care";
}

/// <summary>The NHS England multi-professional practice-based research capabilities framework's levels, lowest first.</summary>
public static class CapabilityLevels
{
    public const string Entry = "entry";
    public const string Enhanced = "enhanced";
    public const string Advanced = "advanced";
    public const string Consultant = "consultant";

    public static readonly string[] All = [Entry, Enhanced, Advanced, Consultant];
}

/// <summary>Course tags other features build on; any other tag is free (lower-case words joined by hyphens).</summary>
public static class CourseTags
{
    /// <summary>The course that leads to appointment as a research champion.</summary>
    public const string Champion = "research-champion";
    /// <summary>The training a researcher completes to become a mentor.</summary>
    public const string MentorTraining = "mentor-training";
}
