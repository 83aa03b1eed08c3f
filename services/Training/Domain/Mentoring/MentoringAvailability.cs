namespace MhAll.Training.Domain.Mentoring;

/// <summary>
/// When and how mentors and mentees can meet. A slot is a weekday and a part of the day ("tue-pm"); a mode is
/// "online" or "in-person". Codes are what profiles store; the labels are for the reasons a match gives.
/// </summary>
public static class MentoringAvailability
{
    public static readonly string[] Days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    public static readonly string[] PartsOfDay = ["am", "pm", "eve"];
    public static readonly string[] Slots = [.. Days.SelectMany(day => PartsOfDay.Select(part => $"{day}-{part}"))];
    public static readonly string[] Modes = ["online", "in-person"];

    private static readonly Dictionary<string, string> DayNames = new()
    {
        ["mon"] = "Monday", ["tue"] = "Tuesday", ["wed"] = "Wednesday", ["thu"] = "Thursday", ["fri"] = "Friday",
        ["sat"] = "Saturday", ["sun"] = "Sunday",
    };

    private static readonly Dictionary<string, string> PartNames = new() { ["am"] = "mornings", ["pm"] = "afternoons", ["eve"] = "evenings" };

    /// <summary>"tue-pm" → "Tuesday afternoons"; a code outside the vocabulary is shown as it is.</summary>
    public static string SlotLabel(string slot)
    {
        var parts = slot.Split('-');
        return parts.Length == 2 && DayNames.TryGetValue(parts[0], out var day) && PartNames.TryGetValue(parts[1], out var part)
            ? $"{day} {part}"
            : slot;
    }
}
