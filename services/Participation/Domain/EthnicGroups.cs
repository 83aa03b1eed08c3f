namespace MhAll.Participation.Domain;

/// <summary>The 19 Census 2021 ethnic group categories (in their 5 broad groups), plus "prefer not to say".</summary>
public static class EthnicGroups
{
    public const string PreferNotToSay = "prefer-not-to-say";

    public static readonly IReadOnlyDictionary<string, string> BroadGroupOf = new Dictionary<string, string>
    {
        ["asian-bangladeshi"] = "asian", ["asian-chinese"] = "asian", ["asian-indian"] = "asian", ["asian-pakistani"] = "asian", ["asian-other"] = "asian",
        ["black-african"] = "black", ["black-caribbean"] = "black", ["black-other"] = "black",
        ["mixed-white-asian"] = "mixed", ["mixed-white-black-african"] = "mixed", ["mixed-white-black-caribbean"] = "mixed", ["mixed-other"] = "mixed",
        ["white-british"] = "white", ["white-irish"] = "white", ["white-gypsy-irish-traveller"] = "white", ["white-roma"] = "white", ["white-other"] = "white",
        ["other-arab"] = "other", ["other-any"] = "other",
    };

    /// <summary>The 5 broad groups: asian, black, mixed, white, other.</summary>
    public static readonly IReadOnlySet<string> BroadGroups = BroadGroupOf.Values.ToHashSet();

    public static bool IsValid(string code) => code == PreferNotToSay || BroadGroupOf.ContainsKey(code);
}
