using System.Diagnostics;
using MhAll.ServiceDefaults;
using OpenTelemetry.Trace;

namespace MhAll.UnitTests.ServiceDefaults;

public sealed class BackgroundDatabaseCallSamplerTests
{
    private static readonly BackgroundDatabaseCallSampler Sampler = new();
    private static readonly ActivityContext Parent = new(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);

    private static SamplingDecision Decide(ActivityContext parent, string name, ActivityKind kind) =>
        Sampler.ShouldSample(new SamplingParameters(parent, ActivityTraceId.CreateRandom(), name, kind)).Decision;

    [Theory]
    [InlineData("postgresql")]
    [InlineData("CONNECT learning_db")]
    public void A_database_call_that_nothing_started_is_not_traced(string name) =>
        Assert.Equal(SamplingDecision.Drop, Decide(default, name, ActivityKind.Client));

    [Fact]
    public void A_database_call_inside_a_request_or_message_is_traced() =>
        Assert.Equal(SamplingDecision.RecordAndSample, Decide(Parent, "postgresql", ActivityKind.Client));

    [Fact]
    public void Requests_are_traced() =>
        Assert.Equal(SamplingDecision.RecordAndSample, Decide(default, "POST /api/participation/volunteers", ActivityKind.Server));
}
