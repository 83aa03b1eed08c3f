namespace MhAll;

/// <summary>Aspire resource names, shared by the AppHost, the services and the tests.</summary>
public static class ResourceNames
{
    public const string Postgres = "postgres";
    public const string Messaging = "messaging";
    public const string Gateway = "gateway";
    /// <summary>The SMTP server the identity service sends email through: smtp4dev locally, the organisation's relay otherwise.</summary>
    public const string Mail = "mail";
    /// <summary>smtp4dev, the local SMTP server of executables mode, whose inbox a person or a test reads.</summary>
    public const string Smtp4Dev = "smtp4dev";

    public const string Participation = "participation";
    public const string Training = "training";
    public const string Panel = "panel";
    public const string Learning = "learning";
    public const string Identity = "identity";

    public static readonly string[] Services = [Participation, Training, Panel, Learning, Identity];

    /// <summary>The database a service owns, e.g. <c>participation-db</c>.</summary>
    public static string DatabaseOf(string service) => $"{service}-db";
}
