using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace MhAll.ServiceDefaults.Http;

/// <summary>The bounds every value a service accepts is held to, unless a property says otherwise.</summary>
public static class InputLimits
{
    /// <summary>Any string: codes, names, titles. A longer one says so with <see cref="MaxLengthAttribute"/> or <see cref="FreeTextAttribute"/>.</summary>
    public const int Text = 200;
    /// <summary>A <see cref="FreeTextAttribute"/> string that names no length of its own.</summary>
    public const int FreeText = 4000;
    /// <summary>Any list, unless its property carries a <see cref="MaxLengthAttribute"/>.</summary>
    public const int Items = 100;
    /// <summary>One query-string or route value.</summary>
    public const int QueryValue = Text;
    /// <summary>The whole query string (Learning's audit of raw counts keeps it whole, in a column this long).</summary>
    public const int QueryString = 500;
}

/// <summary>
/// A string people write in their own words (a summary, a note, an address): it may hold tab, line feed and carriage
/// return, and up to <see cref="MaxLength"/> characters. Every other string holds no control character at all.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class FreeTextAttribute(int maxLength = InputLimits.FreeText) : Attribute
{
    public int MaxLength { get; } = maxLength;
}

/// <summary>
/// A value the guard refused. <see cref="JsonException.Path"/> (filled in by the serializer) is the object the value
/// belongs to; <see cref="Member"/> is the rest of the way to the value, e.g. ".relationships[1]".
/// </summary>
public sealed class InputRefusedException(string member, string message) : JsonException(message)
{
    public string Member { get; } = member;
}

/// <summary>
/// The structural guard on every JSON body a service reads (docs/decisions/0006): once an object is read, each of its
/// properties is checked, so no endpoint can forget. A string holds no control character (tab, line feed and
/// carriage return only in <see cref="FreeTextAttribute"/> text), no broken surrogate, and at most its bound of
/// characters; a list holds no null and at most its bound of items; a property that is not nullable is not null.
/// Each refusal is a 400 naming the field by its JSON path (<see cref="ProblemDetailsExceptionHandler"/>).
/// </summary>
public static class InputGuard
{
    /// <summary>A <see cref="JsonTypeInfo"/> modifier: adds the checks of an object type's properties to its OnDeserialized.</summary>
    public static void Modify(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object) return;
        var nullability = new NullabilityInfoContext();
        var checks = new List<Action<object>>();
        foreach (var property in type.Properties)
        {
            if (property.Get is not { } get || property.AttributeProvider is not PropertyInfo member) continue;
            var parameter = type.Type.GetConstructors().SelectMany(c => c.GetParameters())
                .FirstOrDefault(p => string.Equals(p.Name, member.Name, StringComparison.OrdinalIgnoreCase) && p.ParameterType == member.PropertyType);
            var freeText = Attribute<FreeTextAttribute>(member, parameter);
            var maxLength = Attribute<MaxLengthAttribute>(member, parameter)?.Length;
            var rule = new Rule(property.Name, freeText is not null, maxLength ?? freeText?.MaxLength ?? InputLimits.Text,
                maxLength ?? InputLimits.Items, !member.PropertyType.IsValueType && nullability.Create(member).WriteState != NullabilityState.Nullable);
            if (member.PropertyType == typeof(string) || typeof(IEnumerable).IsAssignableFrom(member.PropertyType) || rule.NotNull)
                checks.Add(target => rule.Check(get(target)));
        }
        if (checks.Count == 0) return;
        var previous = type.OnDeserialized;
        type.OnDeserialized = target =>
        {
            previous?.Invoke(target);
            foreach (var check in checks) check(target);
        };
    }

    private static T? Attribute<T>(PropertyInfo property, ParameterInfo? parameter) where T : Attribute =>
        property.GetCustomAttribute<T>() ?? parameter?.GetCustomAttribute<T>();

    private sealed record Rule(string Name, bool FreeText, int MaxLength, int MaxItems, bool NotNull)
    {
        public void Check(object? value)
        {
            switch (value)
            {
                case null when NotNull:
                    throw Refused("", "This field is required.");
                case string text:
                    CheckText("", text);
                    break;
                case IEnumerable items:
                    var i = 0;
                    foreach (var item in items)
                    {
                        if (i == MaxItems) throw Refused("", $"At most {MaxItems} items.");
                        if (item is null) throw Refused($"[{i}]", "A list cannot hold null: leave the item out.");
                        if (item is string text) CheckText($"[{i}]", text);
                        i++;
                    }
                    break;
            }
        }

        private void CheckText(string index, string text)
        {
            if (text.Length > MaxLength) throw Refused(index, $"At most {MaxLength} characters.");
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
                else if (char.IsSurrogate(c)) throw Refused(index, "This text is not valid Unicode.");
                else if (char.IsControl(c) && !(FreeText && c is '\t' or '\n' or '\r'))
                    throw Refused(index, FreeText
                        ? "Control characters are not allowed (only tab and line breaks)."
                        : "Control characters (line breaks, tabs, NUL and the like) are not allowed.");
            }
        }

        private InputRefusedException Refused(string index, string message) => new($".{Name}{index}", message);
    }
}
