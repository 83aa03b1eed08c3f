using System.Data.Common;
using System.Text.Json;
using MhAll.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace MhAll.UnitTests.ServiceDefaults;

public sealed class ProblemDetailsExceptionHandlerTests
{
    private sealed class FakeDbException(bool transient) : DbException("connection refused")
    {
        public override bool IsTransient => transient;
    }

    private static async Task<(int Status, string? RetryAfter, JsonElement Problem)> HandleAsync(Exception exception)
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Response.Body = new MemoryStream();
        var handler = new ProblemDetailsExceptionHandler(services.GetRequiredService<IProblemDetailsService>(),
            NullLogger<ProblemDetailsExceptionHandler>.Instance);

        Assert.True(await handler.TryHandleAsync(context, exception, CancellationToken.None));
        context.Response.Body.Position = 0;
        var problem = await JsonSerializer.DeserializeAsync<JsonElement>(context.Response.Body);
        return (context.Response.StatusCode, context.Response.Headers.RetryAfter.ToString() is { Length: > 0 } after ? after : null, problem);
    }

    [Fact]
    public async Task A_database_that_cannot_be_reached_is_a_503_with_a_time_to_retry_even_when_wrapped()
    {
        var (status, retryAfter, problem) = await HandleAsync(new InvalidOperationException("retries exhausted", new FakeDbException(transient: true)));

        Assert.Equal((503, "5"), (status, retryAfter));
        Assert.Contains("database", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_broker_that_cannot_be_reached_is_a_503_naming_it()
    {
        var (status, _, problem) = await HandleAsync(new DependencyUnavailableException("message broker", new IOException()));

        Assert.Equal(503, status);
        Assert.Contains("message broker", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_save_that_lost_a_race_with_another_change_is_a_409_to_reload_and_retry()
    {
        var (status, retryAfter, problem) = await HandleAsync(new DbUpdateConcurrencyException("0 rows affected"));

        Assert.Equal((409, null), (status, retryAfter));
        Assert.Contains("changed by someone else meanwhile", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Any_other_failure_is_a_500_that_reveals_nothing_of_it()
    {
        var (status, retryAfter, problem) = await HandleAsync(new FakeDbException(transient: false));

        Assert.Equal((500, null), (status, retryAfter));
        Assert.DoesNotContain("connection refused", problem.GetRawText());
    }
}
