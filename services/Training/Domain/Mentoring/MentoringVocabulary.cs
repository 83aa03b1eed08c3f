namespace MhAll.Training.Domain.Mentoring;

/// <summary>The research methods and topics mentor profiles and mentee requests choose from (matching compares the codes exactly).</summary>
public static class MentoringVocabulary
{
    public static readonly string[] Methods =
    [
        "qualitative-interviews", "surveys", "service-evaluation", "quality-improvement", "thematic-analysis", "systematic-reviews",
        "focus-groups", "co-production", "randomised-trials", "feasibility-studies", "statistics", "routine-data", "mixed-methods",
        "audit", "meta-analysis", "implementation-science", "health-economics", "ethnography",
    ];

    public static readonly string[] Topics =
    [
        "depression", "anxiety", "psychosis", "crisis-care", "inequalities", "child-and-adolescent", "dementia", "physical-health",
        "perinatal", "substance-use", "eating-disorders", "trauma", "suicide-prevention", "personality-disorder", "autism", "adhd",
        "learning-disability", "forensic", "older-adults", "community-services", "grant-writing", "publishing", "becoming-a-principal-investigator",
    ];

    /// <summary>What a mentee achieved, as a relationship's outcome.</summary>
    public static readonly string[] OutcomeKinds = [OutcomeKind.PrincipalInvestigator, OutcomeKind.GrantApplication, OutcomeKind.Publication, OutcomeKind.Other];

    public static class OutcomeKind
    {
        public const string PrincipalInvestigator = "became-principal-investigator";
        public const string GrantApplication = "submitted-grant-application";
        public const string Publication = "publication";
        public const string Other = "other";
    }

    /// <summary>The most mentees one mentor takes at once.</summary>
    public const int MaxCapacity = 10;
}
