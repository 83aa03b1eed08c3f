namespace MhAll.Panel.Domain;

/// <summary>Where a Panel member is on their way in and out, and which steps are allowed.</summary>
public static class MemberStatuses
{
    public const string Applied = "applied";
    public const string Shortlisted = "shortlisted";
    public const string Inducted = "inducted";
    public const string Active = "active";
    public const string Paused = "paused";
    public const string Left = "left";

    public static readonly string[] All = [Applied, Shortlisted, Inducted, Active, Paused, Left];

    /// <summary>
    /// The steps a coordinator may take from each status. Anyone may leave (or be turned down) at any point; a member
    /// pauses and comes back; nobody skips induction. Becoming active also needs the current confidentiality agreement signed.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[]> Next = new Dictionary<string, string[]>
    {
        [Applied] = [Shortlisted, Left],
        [Shortlisted] = [Inducted, Left],
        [Inducted] = [Active, Left],
        [Active] = [Paused, Left],
        [Paused] = [Active, Left],
        [Left] = [],
    };

    /// <summary>A member in one of these has joined the Panel (and the other services were told).</summary>
    public static readonly string[] Joined = [Active, Paused];
}

/// <summary>The fixed lists a member's record chooses from. Codes are stable (stored, filtered on, sent in events); labels belong to the web client.</summary>
public static class MemberVocabulary
{
    public const string PreferNotToSay = "prefer-not-to-say";

    /// <summary>What the member has lived experience of, as themselves or as a carer: the register's conditions, plus caring.</summary>
    public static readonly string[] LivedExperienceAreas =
    [
        "anxiety", "depression", "bipolar", "psychosis", "eating-disorder", "personality-disorder", "ptsd", "ocd",
        "adhd", "autism", "dementia", "substance-use", "self-harm", "carer", "other",
    ];

    /// <summary>What the member can offer; "languages" with <see cref="IsLanguageCode"/> codes in their languages.</summary>
    public static readonly string[] Skills = ["document-review", "speaking", "co-design", "languages"];

    public static readonly string[] Days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    public static readonly string[] Times = ["morning", "afternoon", "evening"];
    /// <summary>How a member can take part.</summary>
    public static readonly string[] Formats = ["online", "in-person"];

    /// <summary>How a member wants to be thanked for their time: paid, a voucher, or nothing.</summary>
    public static readonly string[] PaymentPreferences = [PaymentPreference.Paid, PaymentPreference.Voucher, PaymentPreference.DeclinesPayment];

    /// <summary>The 19 Census 2021 ethnic group categories (as Participation and Training use them), plus prefer-not-to-say.</summary>
    public static readonly string[] EthnicGroups =
    [
        "asian-bangladeshi", "asian-chinese", "asian-indian", "asian-pakistani", "asian-other",
        "black-african", "black-caribbean", "black-other",
        "mixed-white-asian", "mixed-white-black-african", "mixed-white-black-caribbean", "mixed-other",
        "white-british", "white-irish", "white-gypsy-irish-traveller", "white-roma", "white-other",
        "other-arab", "other-any", PreferNotToSay,
    ];

    public static readonly string[] Sexes = ["female", "male", PreferNotToSay];

    /// <summary>Participation's adult age bands, so Learning compares Panel members with the register on the same bands.</summary>
    public static readonly string[] AgeBands = ["18-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+", PreferNotToSay];

    /// <summary>The Equality Act 2010 question: do you consider yourself disabled?</summary>
    public static readonly string[] Disability = ["yes", "no", PreferNotToSay];

    /// <summary>The 22 local authorities of North East London and Essex (ONS codes), plus prefer-not-to-say.</summary>
    public static readonly string[] LocalAuthorities =
    [
        // North East London
        "E09000002", "E09000001", "E09000012", "E09000016", "E09000025", "E09000026", "E09000030", "E09000031",
        // Essex: Mid and South Essex, then Colchester and Tendring, then West Essex
        "E07000066", "E07000067", "E07000068", "E07000069", "E07000070", "E07000074", "E07000075", "E06000033", "E06000034",
        "E07000071", "E07000076", "E07000072", "E07000073", "E07000077",
        PreferNotToSay,
    ];

    /// <summary>ISO 639 codes ("en", "bn", "ur", "so", ...), lower case, as Participation takes them.</summary>
    public static bool IsLanguageCode(string code) => code.Length is 2 or 3 && code.All(char.IsAsciiLetterLower);

    /// <summary>A stated category for counts and events: null when not answered or prefer-not-to-say.</summary>
    public static string? Stated(string? value) => value is null or PreferNotToSay ? null : value;
}

public static class PaymentPreference
{
    public const string Paid = "paid";
    public const string Voucher = "voucher";
    public const string DeclinesPayment = "declines-payment";
}
