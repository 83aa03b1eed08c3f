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

    public Dictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
}
