namespace MhAll.Contracts.Learning;

/// <summary>
/// A statistical process control rule tripped on an indicator: something changed that people should act on.
/// </summary>
/// <param name="IndicatorId">e.g. "new-registrants-imd-1-2".</param>
/// <param name="Period">"weekly" or "monthly".</param>
/// <param name="PeriodStart">First day of the period whose point tripped the rule.</param>
/// <param name="Rule">"beyond-limits" (a point outside the control limits) or "shift" (8 points on one side of the centre).</param>
/// <param name="Target">The indicator's target, when it has one.</param>
public sealed record IndicatorSignalRaised(string IndicatorId, string Period, DateOnly PeriodStart, string Rule, double Value, double? Target,
    DateTimeOffset RaisedAt);
