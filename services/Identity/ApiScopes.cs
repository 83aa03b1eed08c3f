using MhAll.ServiceDefaults.Auth;

namespace MhAll.Identity;

/// <summary>
/// The scopes a token can be asked for, each naming the service the token is for: that service's name is the token's
/// audience (<c>aud</c>). People ask for the services they use; partner systems are granted narrower scopes.
/// </summary>
public static class ApiScopes
{
    // People: a scope per service.
    public const string Participation = ResourceNames.Participation;
    public const string Training = ResourceNames.Training;
    public const string Panel = ResourceNames.Panel;
    public const string Learning = ResourceNames.Learning;
    public const string Identity = ResourceNames.Identity;

    // Partner ICS systems.
    public const string StudiesRead = PartnerScopes.StudiesRead;
    public const string IndicatorsRead = PartnerScopes.IndicatorsRead;
    public const string TrainingRecordsWrite = PartnerScopes.TrainingRecordsWrite;

    /// <summary>The audience of each scope: the service that accepts a token carrying it.</summary>
    public static readonly IReadOnlyDictionary<string, string> AudienceOf = new Dictionary<string, string>
    {
        [Participation] = ResourceNames.Participation, [Training] = ResourceNames.Training, [Panel] = ResourceNames.Panel,
        [Learning] = ResourceNames.Learning, [Identity] = ResourceNames.Identity,
        [StudiesRead] = ResourceNames.Participation, [IndicatorsRead] = ResourceNames.Learning,
        [TrainingRecordsWrite] = ResourceNames.Training,
    };

    public static readonly IReadOnlyList<string> ForPeople = [Participation, Training, Panel, Learning, Identity];
    public static readonly IReadOnlyList<string> ForPartners = [StudiesRead, IndicatorsRead, TrainingRecordsWrite];
}

/// <summary>Which roles come how.</summary>
public static class AccountRoles
{
    /// <summary>The roles a person may choose at sign-up.</summary>
    public static readonly IReadOnlyList<string> SelfSignUp = [Roles.Volunteer, Roles.PanelMember];

    /// <summary>Roles that see personal data: granted only by a coordinator, and carried in a token only after a TOTP code.</summary>
    public static readonly IReadOnlyList<string> NeedMultiFactor = [Roles.Researcher, Roles.Staff, Roles.Coordinator];

    /// <summary>Every role a person can hold (partner is for client systems, never a person).</summary>
    public static readonly IReadOnlyList<string> ForPeople = [.. Roles.All.Where(r => r != Roles.Partner)];
}
