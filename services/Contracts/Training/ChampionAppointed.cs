namespace MhAll.Contracts.Training;

/// <summary>Programme staff appointed a member of staff research champion. Ids and categories only.</summary>
/// <param name="OrganisationType">"nhs-trust", "local-authority", "vcse" or "primary-care".</param>
/// <param name="IcbCode">ONS code of the organisation's ICB, or null when it names none.</param>
public sealed record ChampionAppointed(
    Guid ChampionId,
    Guid ProfileId,
    Guid OrganisationId,
    string OrganisationType,
    string? IcbCode,
    string ProfessionGroup,
    DateOnly AppointedOn);
