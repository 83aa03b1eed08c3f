namespace MhAll.Participation.Domain;

/// <summary>The fixed lists a volunteer chooses from. Codes are stable (they are stored and sent to partners); labels belong to the web client.</summary>
public static class Vocabularies
{
    /// <summary>How a volunteer is happy to be contacted.</summary>
    public static readonly string[] ContactChannels = ["email", "sms", "phone", "post"];

    /// <summary>Why someone joins: their relationship to mental health. A person may be more than one.</summary>
    public static readonly string[] Relationships = ["lived-experience", "carer", "public", "staff"];

    public static readonly string[] Conditions =
    [
        "anxiety", "depression", "bipolar", "psychosis", "eating-disorder", "personality-disorder", "ptsd", "ocd",
        "adhd", "autism", "dementia", "substance-use", "self-harm", "other",
    ];

    /// <summary>Kinds of research a volunteer would consider.</summary>
    public static readonly string[] ResearchTypes =
        ["questionnaires", "interviews", "focus-groups", "online-studies", "clinical-trials", "observational", "co-production"];

    /// <summary>How they heard of the register: the outreach channel, so outreach can be judged by whom it brings.</summary>
    public static readonly string[] OutreachChannels =
    [
        "community-event", "faith-group", "vcse-organisation", "gp-practice", "nhs-service", "social-media", "friend-or-family",
        "poster-or-leaflet", "website", "other",
    ];

    /// <summary>The Census 2021 question: is the gender you identify with the same as your sex registered at birth?</summary>
    public static readonly string[] GenderIdentities = ["same-as-sex-at-birth", "different", "prefer-not-to-say"];

    public static readonly string[] Sexes = ["female", "male"];

    /// <summary>Why people do not take part in research: the taxonomy every survey option and interview theme is coded with.</summary>
    public static readonly string[] Barriers =
        ["trust", "stigma", "time", "travel", "caring-duties", "language", "digital-access", "payment", "health", "not-asked"];

    /// <summary>Languages are ISO 639 codes ("en", "bn", "ur", "so", ...), lower case.</summary>
    public static bool IsLanguageCode(string code) => code.Length is 2 or 3 && code.All(char.IsAsciiLetterLower);
}
