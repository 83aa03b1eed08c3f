namespace MhAll.Training.Data;

/// <summary>An organisation staff work for, from the list programme staff keep; a profile chooses one.</summary>
public sealed class Organisation
{
    public Guid Id { get; init; }
    public required string Name { get; set; }
    /// <summary>One of <see cref="Domain.OrganisationKinds"/>.</summary>
    public required string Type { get; set; }
    /// <summary>ONS code of the ICB it belongs to (E54...), when it names one.</summary>
    public string? IcbCode { get; set; }
    /// <summary>How many staff it employs, for coverage figures.</summary>
    public int? Headcount { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>PostgreSQL's xmin: two edits at once cannot both win (409 for one).</summary>
    public uint Version { get; set; }
}
