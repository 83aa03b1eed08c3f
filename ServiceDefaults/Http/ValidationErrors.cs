using System.Net.Mail;

namespace MhAll.ServiceDefaults.Http;

/// <summary>Collects field errors for a 400 validation problem; field names as the client sends them (camelCase).</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public ValidationErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
        return this;
    }

    public ValidationErrors Required(string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value)) return Add(field, "This field is required.");
        return MaxLength(field, value, maxLength);
    }

    public ValidationErrors MaxLength(string field, string? value, int maxLength) =>
        value is not null && value.Length > maxLength ? Add(field, $"At most {maxLength} characters.") : this;

    public ValidationErrors Email(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return Add(field, "This field is required.");
        if (value.Length > 254 || !MailAddress.TryCreate(value, out var parsed) || parsed.Address != value.Trim() || !parsed.Host.Contains('.'))
            return Add(field, "Enter an email address like name@example.org.");
        return this;
    }

    /// <summary>An optional code that, when given, must be one of <paramref name="allowed"/>.</summary>
    public ValidationErrors OneOf(string field, string? value, IReadOnlyCollection<string> allowed) =>
        value is not null && !allowed.Contains(value) ? Add(field, $"Choose one of: {string.Join(", ", allowed)}.") : this;

    /// <summary>A required code, one of <paramref name="allowed"/>.</summary>
    public ValidationErrors RequiredOneOf(string field, string? value, IReadOnlyCollection<string> allowed) =>
        value is null ? Add(field, $"This field is required: choose one of {string.Join(", ", allowed)}.") : OneOf(field, value, allowed);

    /// <summary>A list of codes, each one of <paramref name="allowed"/>, none repeated, at least <paramref name="atLeast"/>.</summary>
    public ValidationErrors SubsetOf(string field, IReadOnlyCollection<string>? values, IReadOnlyCollection<string> allowed, int atLeast = 0)
    {
        if ((values?.Count ?? 0) < atLeast) return Add(field, atLeast == 1 ? "Choose at least one." : $"Choose at least {atLeast}.");
        if (values is null) return this;
        if (values.FirstOrDefault(v => !allowed.Contains(v)) is { } unknown)
            return Add(field, $"'{unknown}' is not one of: {string.Join(", ", allowed)}.");
        return values.Distinct().Count() != values.Count ? Add(field, "Each choice at most once.") : this;
    }

    public Dictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
}
