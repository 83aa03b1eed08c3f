namespace MhAll.Participation.Domain;

/// <summary>UK phone numbers as people type them: spaces, dashes, brackets, +44 or 0.</summary>
public static class PhoneNumbers
{
    /// <summary>"+44 7700 900123" → "07700900123"; null when it cannot be a UK number.</summary>
    public static string? Normalise(string? text)
    {
        if (text is null) return null;
        var compact = string.Concat(text.Where(c => !char.IsWhiteSpace(c) && c is not ('-' or '(' or ')')));
        if (compact.StartsWith("+44", StringComparison.Ordinal)) compact = "0" + compact[3..].TrimStart('0');
        return compact.Length is 10 or 11 && compact[0] == '0' && compact.All(char.IsAsciiDigit) ? compact : null;
    }
}
