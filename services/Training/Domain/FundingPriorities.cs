namespace MhAll.Training.Domain;

/// <summary>The areas a funding call may prioritise: under-served conditions (the register's codes) and groups.</summary>
public static class FundingPriorities
{
    public static readonly string[] Conditions =
    [
        "anxiety", "depression", "bipolar", "psychosis", "eating-disorder", "personality-disorder", "ptsd", "ocd",
        "adhd", "autism", "dementia", "substance-use", "self-harm", "other",
    ];

    public static readonly string[] Groups =
    [
        "ethnic-minority-communities", "carers", "children-and-young-people", "older-people", "lgbtq", "learning-disability",
        "physical-disability", "deprived-areas", "refugees-and-asylum-seekers", "homeless", "gypsy-roma-traveller", "other",
    ];
}
