using System.Text.RegularExpressions;

namespace MhAll.Participation.Domain;

/// <summary>UK postcodes as people type them: any case, with or without the space.</summary>
public static partial class Postcodes
{
    [GeneratedRegex("^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")]
    private static partial Regex Shape();

    /// <summary>"e145ab" → "E14 5AB"; null when it cannot be a UK postcode.</summary>
    public static string? Normalise(string? text)
    {
        if (text is null) return null;
        var compact = string.Concat(text.Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();
        var match = Shape().Match(compact);
        return match.Success ? $"{match.Groups[1].Value} {match.Groups[2].Value}" : null;
    }
}
