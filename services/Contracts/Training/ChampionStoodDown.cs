namespace MhAll.Contracts.Training;

/// <summary>A research champion stood down (programme staff recorded it). Ids and categories only; the reason stays in Training.</summary>
public sealed record ChampionStoodDown(
    Guid ChampionId,
    Guid ProfileId,
    Guid OrganisationId,
    string OrganisationType,
    string? IcbCode,
    string ProfessionGroup,
    DateOnly StoodDownOn);
