using System.Diagnostics;
using System.Net.Http.Headers;
using MhAll.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MhAll.Benchmarks;

/// <summary>A service in process on the benchmark's own PostgreSQL database and RabbitMQ, logging warnings only.</summary>
public sealed class ServiceApp<TDbContext>(string service, string connectionString, string broker) : WebApplicationFactory<TDbContext>
    where TDbContext : DbContext
{
    public string ConnectionString => connectionString;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting($"ConnectionStrings:{ResourceNames.DatabaseOf(service)}", connectionString);
        builder.UseSetting($"ConnectionStrings:{ResourceNames.Messaging}", broker);
        builder.UseSetting("Auth:SigningKey", TestTokens.SigningKey);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
    }

    /// <summary>A client signed in with the role.</summary>
    public HttpClient ClientAs(string role)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.For(role));
        return client;
    }

    public async Task<T> WithDbAsync<T>(Func<TDbContext, Task<T>> read)
    {
        await using var scope = Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<TDbContext>());
    }
}

/// <summary>Request latencies, one after another, after a warm-up.</summary>
public static class Latency
{
    public static async Task<(double P50, double P95)> MeasureAsync(int requests, Func<int, Task<HttpResponseMessage>> send, int warmUp = 20)
    {
        for (var i = 0; i < warmUp; i++) (await send(i)).EnsureSuccessStatusCode();
        var timings = new List<double>(requests);
        for (var i = 0; i < requests; i++)
        {
            var clock = Stopwatch.StartNew();
            (await send(i)).EnsureSuccessStatusCode();
            timings.Add(clock.Elapsed.TotalMilliseconds);
        }
        timings.Sort();
        double P(double p) => timings[Math.Min(timings.Count - 1, (int)Math.Ceiling(p * timings.Count) - 1)];
        return (P(0.5), P(0.95));
    }
}
