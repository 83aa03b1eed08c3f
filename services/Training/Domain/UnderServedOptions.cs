namespace MhAll.Training.Domain;

/// <summary>
/// Which staff groups the programme counts as under-served in research (configuration section <c>UnderServed</c>):
/// they get priority places on sessions and come first on waitlists. A profile is under-served when its profession
/// group or its organisation's type is listed. A list configured replaces its default whole.
/// </summary>
public sealed class UnderServedOptions
{
    public const string Section = "UnderServed";

    public static readonly string[] DefaultProfessionGroups =
        [Domain.ProfessionGroups.AlliedHealth, Domain.ProfessionGroups.CommunityAndSupport, Domain.ProfessionGroups.PeerSupport];

    public static readonly string[] DefaultOrganisationTypes = [OrganisationKinds.Vcse, OrganisationKinds.PrimaryCare];

    // Null until configured: the configuration binder adds to a list or array that already holds the defaults.
    public string[]? ProfessionGroups { get; set; }
    public string[]? OrganisationTypes { get; set; }

    public bool IsUnderServed(string professionGroup, string organisationType) =>
        (ProfessionGroups ?? DefaultProfessionGroups).Contains(professionGroup)
        || (OrganisationTypes ?? DefaultOrganisationTypes).Contains(organisationType);
}
