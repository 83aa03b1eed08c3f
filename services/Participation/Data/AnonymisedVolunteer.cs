using MhAll.Participation.Domain;

namespace MhAll.Participation.Data;

/// <summary>
/// The row an erasure leaves in place of a volunteer (docs/decisions/0004): a new random id, and only what
/// Participation's own counts read, coarsened to the grain they read it at. Nothing else survives.
/// </summary>
public static class AnonymisedVolunteer
{
    /// <summary>
    /// A new row for the erased <paramref name="volunteer"/>. What is kept, and why:
    /// <list type="bullet">
    /// <item>a fresh random id (not a version 7 one, which would carry the time): the id a study team once saw beside a name points to nothing;</item>
    /// <item><see cref="Volunteer.AgeBand"/>, the broad ethnic group and the IMD quintile in both editions (as the first decile of the
    /// quintile): what matching counts of the people a study already invited (<c>MatchingDimensions</c>), so a study's
    /// invited mix does not change when an invitee is erased;</item>
    /// <item>registration, withdrawal, erasure and change times to the month: the columns are required, and nothing counts them finer.</item>
    /// </list>
    /// </summary>
    public static Volunteer Of(Volunteer volunteer, DateTimeOffset now) => new()
    {
        Id = Guid.NewGuid(),
        AgeBand = volunteer.YearOfBirth is { } year ? AgeBands.Of(year, now.Year) : volunteer.AgeBand,
        EthnicGroup = MatchingDimensions.BroadGroup(volunteer.EthnicGroup),
        Imd2025Decile = FirstDecileOfQuintile(volunteer.Imd2025Decile),
        Imd2019Decile = FirstDecileOfQuintile(volunteer.Imd2019Decile),
        Language = "",
        RegisteredAt = MonthOf(volunteer.RegisteredAt),
        WithdrawnAt = MonthOf(volunteer.WithdrawnAt ?? now),
        ErasedAt = MonthOf(now),
        ChangedAt = MonthOf(now),
    };

    /// <summary>The first instant of the month (UTC).</summary>
    public static DateTimeOffset MonthOf(DateTimeOffset at) => new(at.UtcDateTime.Year, at.UtcDateTime.Month, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>1–2 → 1, 3–4 → 3, …, 9–10 → 9: the quintile survives (<see cref="MatchingDimensions.Quintile"/>), the decile does not.</summary>
    public static int? FirstDecileOfQuintile(int? decile) => decile is { } d ? (d + 1) / 2 * 2 - 1 : null;
}
