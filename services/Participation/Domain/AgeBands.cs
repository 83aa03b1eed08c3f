namespace MhAll.Participation.Domain;

/// <summary>Adult age bands used in every count (18-24, 25-34, ..., 75+). From the year of birth only: ages are approximate by up to a year.</summary>
public static class AgeBands
{
    public const int AdultAge = 18;

    public static readonly string[] All = ["18-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+"];

    public static string Of(int yearOfBirth, int currentYear)
    {
        var age = currentYear - yearOfBirth;
        return age switch
        {
            < 25 => "18-24",
            < 35 => "25-34",
            < 45 => "35-44",
            < 55 => "45-54",
            < 65 => "55-64",
            < 75 => "65-74",
            _ => "75+",
        };
    }
}
