namespace MhAll.Learning.Data;

/// <summary>A rule that tripped on an indicator, kept so that each signal is raised (and published) once.</summary>
public sealed class IndicatorSignal
{
    public long Id { get; init; }
    public required string IndicatorId { get; init; }
    public required string Period { get; init; }
    public DateOnly PeriodStart { get; init; }
    public required string Rule { get; init; }
    public double Value { get; init; }
    public DateTimeOffset RaisedAt { get; init; }
}
