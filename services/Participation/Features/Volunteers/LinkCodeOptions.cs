namespace MhAll.Participation.Features.Volunteers;

/// <summary>How long a code to link a record to a sign-in stays usable (<see cref="LinkSignIn"/>).</summary>
public sealed class LinkCodeOptions
{
    public const string Section = "Participation:LinkCodes";
    public int LifetimeDays { get; set; } = 14;
}
