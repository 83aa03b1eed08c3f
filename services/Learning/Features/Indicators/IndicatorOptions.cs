namespace MhAll.Learning.Features.Indicators;

/// <summary>
/// An indicator: the share of new registrants who fall in some groups of a dimension, or of course places taken
/// (dimension <see cref="CoursePlaces"/>, groups <c>under-served</c> or <c>other</c>), against a target.
/// </summary>
public sealed class IndicatorDefinition
{
    public const string CoursePlaces = "course-places";
    /// <summary>Panel feedback answered, by the week or month of the answer: groups <c>in-time</c> or <c>overdue</c>.</summary>
    public const string PanelFeedback = "panel-feedback";
    /// <summary>Panel involvements completed, by activity date, in groups of the member's ethnic group (docs/decisions/0013).</summary>
    public const string PanelInvolvements = "panel-involvements";

    public string Id { get; set; } = "";
    public string Title { get; set; } = "";
    /// <summary>imd-decile, ethnic-group, age-band, sex, course-places, panel-feedback or panel-involvements.</summary>
    public string Dimension { get; set; } = "";
    public string[] Groups { get; set; } = [];
    /// <summary>For imd-decile: the edition of the deciles, 2025 (when left out) or 2019.</summary>
    public int? ImdEdition { get; set; }
    /// <summary>The edition of the figures the indicator counts and is targeted against, named in every report.</summary>
    public string Edition => Dimension switch
    {
        "imd-decile" => $"imd-{ImdEdition ?? Data.Dimensions.Imd2025Edition}",
        CoursePlaces => "training-events",
        PanelFeedback => "panel-events",
        _ => "census-2021",
    };
    /// <summary>A fixed target share; when null the target is the groups' share of the local population.</summary>
    public double? TargetShare { get; set; }

    /// <summary>The population dimension the groups are drawn from: the member's ethnic group for Panel involvement.</summary>
    public string PopulationDimension => Dimension == PanelInvolvements ? "ethnic-group" : Dimension;
}

/// <summary>Section <c>Learning:Indicators</c>.</summary>
public sealed class IndicatorOptions
{
    public const string Section = "Learning:Indicators";

    public List<IndicatorDefinition> Definitions { get; set; } =
    [
        new()
        {
            Id = "new-registrants-imd-1-2",
            Title = "Share of new registrants living in the most deprived fifth of areas (IMD 2025 deciles 1-2)",
            Dimension = "imd-decile",
            Groups = ["1", "2"],
            ImdEdition = Data.Dimensions.Imd2025Edition,
        },
        new()
        {
            Id = "new-registrants-black",
            Title = "Share of new registrants from Black, Black British, Caribbean or African groups",
            Dimension = "ethnic-group",
            Groups = ["black-african", "black-caribbean", "black-other"],
        },
        new()
        {
            Id = "course-places-under-served",
            Title = "Share of course places taken by under-served staff groups",
            Dimension = IndicatorDefinition.CoursePlaces,
            Groups = ["under-served"],
            TargetShare = 0.5,
        },
        new()
        {
            Id = "panel-feedback-answered-in-time",
            Title = "Share of Panel feedback answered within the turnaround limit",
            Dimension = IndicatorDefinition.PanelFeedback,
            Groups = ["in-time"],
            TargetShare = 0.9,
        },
        new()
        {
            // The programme's priority groups (docs/decisions/0013): fixed, so the series means the same from month to month.
            Id = "panel-involvement-priority-groups",
            Title = "Share of Panel involvement taken by members of under-represented (priority) ethnic groups",
            Dimension = IndicatorDefinition.PanelInvolvements,
            Groups = PanelPriorityGroups,
        },
    ];

    /// <summary>
    /// Ethnic groups the programme treats as under-represented in mental health research in East London and Essex
    /// (docs/decisions/0013); the involvement indicator's target is their share of the local population.
    /// </summary>
    public static readonly string[] PanelPriorityGroups =
    [
        "black-african", "black-caribbean", "black-other", "asian-bangladeshi", "asian-pakistani",
        "mixed-white-black-african", "mixed-white-black-caribbean", "white-gypsy-irish-traveller", "white-roma", "other-arab",
    ];

    public TimeSpan EvaluationInterval { get; set; } = TimeSpan.FromHours(1);
    public int Weeks { get; set; } = 26;
    public int Months { get; set; } = 24;
}
