namespace MhAll;

/// <summary>Aspire resource names, shared by the AppHost, the services and the tests.</summary>
public static class ResourceNames
{
    public const string Postgres = "postgres";
    public const string Messaging = "messaging";
    public const string Gateway = "gateway";

    public const string Participation = "participation";
    public const string Training = "training";
    public const string Panel = "panel";
    public const string Learning = "learning";

    public static readonly string[] Services = [Participation, Training, Panel, Learning];

    /// <summary>The database a service owns, e.g. <c>participation-db</c>.</summary>
    public static string DatabaseOf(string service) => $"{service}-db";
}
