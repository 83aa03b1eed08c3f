namespace MhAll.Learning.Data;

/// <summary>
/// How many registered volunteers of one group a local authority has, kept up to date by the consumers so that
/// reports read a few hundred rows instead of scanning every volunteer. Each count is spread over
/// <see cref="Shards"/> rows (chosen by volunteer id) so that concurrent consumers rarely wait on the same row.
/// </summary>
public sealed class RegistrationCount
{
    public const int Shards = 16;
    /// <summary>Area code used for volunteers whose local authority is not known.</summary>
    public const string UnknownArea = "unknown";

    public required string Dimension { get; init; }
    public required string AreaCode { get; init; }
    public required string Group { get; init; }
    public short Shard { get; init; }
    public int Count { get; set; }
}
