namespace MhAll.Participation.Features.Studies;

/// <summary>How often one volunteer may be invited: at most <see cref="MaxInvitations"/> in any rolling <see cref="WindowDays"/> days.</summary>
public sealed class ContactCapOptions
{
    public const string Section = "Participation:ContactCap";
    public int MaxInvitations { get; set; } = 3;
    public int WindowDays { get; set; } = 90;
}
