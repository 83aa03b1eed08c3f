namespace MhAll.Training.Domain;

/// <summary>
/// Which staff groups the programme counts as under-served in research (configuration section <c>UnderServed</c>):
/// they get priority places on sessions and come first on waitlists. A profile is under-served when its profession
/// group or its organisation's type is listed.
/// </summary>
public sealed class UnderServedOptions
{
    public const string Section = "UnderServed";

    // Arrays, not lists: configuration replaces an array whole, where it would add to a list's defaults.
    public string[] ProfessionGroups { get; set; } =
        [Domain.ProfessionGroups.AlliedHealth, Domain.ProfessionGroups.CommunityAndSupport, Domain.ProfessionGroups.PeerSupport];

    public string[] OrganisationTypes { get; set; } = [OrganisationKinds.Vcse, OrganisationKinds.PrimaryCare];

    public bool IsUnderServed(string professionGroup, string organisationType) =>
        ProfessionGroups.Contains(professionGroup) || OrganisationTypes.Contains(organisationType);
}
