using MhAll.Messaging.Outbox;
using MhAll.ServiceDefaults.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace MhAll.Messaging;

/// <summary>A service's own PostgreSQL database: the one way each service registers and migrates it.</summary>
public static class ServiceDatabase
{
    /// <summary>The DbContext on connection string <c>{service}-db</c>, with snake_case names, tracing, health and retries.</summary>
    /// <param name="interceptors">The service's own interceptors, after the outbox's.</param>
    public static TBuilder AddServiceDatabase<TDbContext, TBuilder>(this TBuilder builder, string service, params IInterceptor[] interceptors)
        where TDbContext : DbContext
        where TBuilder : IHostApplicationBuilder
    {
        // EF Core's own retries of a transient failure (a dropped connection, a deadlock) are kept to a few seconds, not
        // the minute and more of the default: a person waiting on a request is better served by a prompt 503, and
        // consumers retry patiently on top of this (Messaging:PatientRetry*).
        var retries = builder.Configuration.GetValue("Database:TransientRetries", 3);
        var maxDelay = builder.Configuration.GetValue("Database:TransientRetryMaxDelay", TimeSpan.FromSeconds(2));
        builder.AddNpgsqlDbContext<TDbContext>(ResourceNames.DatabaseOf(service),
            configureSettings: settings => settings.DisableRetry = true, // replaced by the shorter budget below
            configureDbContextOptions: options => options.UseSnakeCaseNamingConvention()
                .UseNpgsql(npgsql => npgsql.EnableRetryOnFailure(retries, maxDelay, errorCodesToAdd: null))
                .AddInterceptors([OutboxCommitInterceptor.Instance, .. interceptors]));
        return builder;
    }

    /// <summary>
    /// Applies pending migrations at start-up in Development or when <c>Database:MigrateOnStart</c> is true.
    /// In production the explicit step is to run the service once with the argument <c>migrate</c>.
    /// EF Core takes a database lock while migrating, so replicas starting together are safe.
    /// </summary>
    /// <param name="seed">Loads reference data the service ships, after the migrations; must be safe to run again.</param>
    /// <returns>true when the process was started only to migrate and should now exit.</returns>
    public static async Task<bool> MigrateDatabaseAsync<TDbContext>(this WebApplication app, string[] args,
        Func<TDbContext, CancellationToken, Task>? seed = null) where TDbContext : DbContext
    {
        var migrateOnly = args.Contains("migrate");
        if (!migrateOnly && !app.Environment.IsDevelopment() && !app.Configuration.GetValue<bool>("Database:MigrateOnStart"))
            return false;
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        await db.Database.MigrateAsync();
        if (seed is not null) await seed(db, CancellationToken.None);
        app.Logger.LogInformation("Database of {DbContext} is up to date", typeof(TDbContext).Name);
        return migrateOnly;
    }
}

public static class UniqueSaves
{
    /// <summary>
    /// Saves, and when a unique index refuses the save (another request saved the same thing first, past the checks
    /// both made), answers with a 409 problem instead: the one way a service turns such a race into a conflict.
    /// </summary>
    /// <returns>null when saved; the conflict otherwise (nothing was saved).</returns>
    public static async Task<ProblemHttpResult?> SaveOrConflictAsync(this DbContext db, string title, string? detail, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: title, detail: detail);
        }
    }
}

public static class QueryPaging
{
    /// <summary>One page of an ordered query, with the total, in two round trips.</summary>
    public static async Task<Paged<T>> ToPageAsync<T>(this IQueryable<T> ordered, PageQuery page, CancellationToken ct) =>
        new(await ordered.Skip(page.Skip).Take(page.Size).ToListAsync(ct), page.Number, page.Size, await ordered.CountAsync(ct));
}
