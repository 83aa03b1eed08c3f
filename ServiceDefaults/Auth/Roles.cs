namespace MhAll.ServiceDefaults.Auth;

/// <summary>The roles of the people and systems that use MH-ALL (see DOMAIN.md, "Who uses it").</summary>
public static class Roles
{
    public const string Volunteer = "volunteer";
    public const string Researcher = "researcher";
    public const string Staff = "staff";
    public const string PanelMember = "panel-member";
    public const string Coordinator = "coordinator";
    public const string Partner = "partner";

    public static readonly IReadOnlyList<string> All = [Volunteer, Researcher, Staff, PanelMember, Coordinator, Partner];
}

/// <summary>
/// Authorisation policies, one per role: an endpoint names the policy of each role it serves.
/// A coordinator runs the programme, so every policy admits a coordinator as well, except
/// <see cref="VolunteerOnly"/>, <see cref="StaffOnly"/> and <see cref="PanelMemberOnly"/>, which guard a person's own record.
/// </summary>
public static class Policies
{
    public const string Volunteer = "volunteer";
    public const string VolunteerOnly = "volunteer-only";
    public const string Researcher = "researcher";
    public const string Staff = "staff";
    /// <summary>A member of staff acting on their own Training profile, enrolments and certificates.</summary>
    public const string StaffOnly = "staff-only";
    public const string PanelMember = "panel-member";
    /// <summary>A Panel member acting on their own record: details, agreement, subject access, erasure.</summary>
    public const string PanelMemberOnly = "panel-member-only";
    public const string Coordinator = "coordinator";
    public const string Partner = "partner";
    /// <summary>Reviewers of funded-post applications: researchers, staff and coordinators (each must also be assigned to the call).</summary>
    public const string Reviewer = "reviewer";
    /// <summary>Aggregate, disclosure-controlled reports: researchers, staff, partner systems and coordinators.</summary>
    public const string Insights = "insights";
    /// <summary>Any signed-in person or system; the gateway's check before a service checks the role.</summary>
    public const string Authenticated = "authenticated";
}
