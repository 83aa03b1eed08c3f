using MassTransit;
using MhAll.Messaging.DeadLetters;
using MhAll.Messaging.Inbox;
using MhAll.Messaging.Outbox;
using MhAll.ServiceDefaults.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MhAll.Messaging;

public static class MessagingRegistration
{
    /// <summary>
    /// The one way a service publishes and consumes: MassTransit on RabbitMQ (connection string
    /// <c>messaging</c>), the outbox relay and cleanup for <typeparamref name="TDbContext"/>, and the
    /// service's consumers, whose queues are named after the service so that each service gets its own copy.
    /// </summary>
    public static TBuilder AddMessaging<TDbContext, TBuilder>(this TBuilder builder, string service, Action<MessagingConsumers>? consumers = null)
        where TDbContext : DbContext, IMessagingDbContext
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<MessagingOptions>()
            .Bind(builder.Configuration.GetSection(MessagingOptions.Section))
            .Validate(o => o.InboxRetention >= TimeSpan.FromDays(7), "Messaging:InboxRetention must be at least 7 days.")
            .Validate(o => o.BatchSize is > 0 and <= 5000, "Messaging:BatchSize must be between 1 and 5000.")
            .Validate(o => o.RelayConcurrency is > 0 and <= 16, "Messaging:RelayConcurrency must be between 1 and 16.")
            .ValidateOnStart();

        var formatter = new KebabCaseEndpointNameFormatter(service, includeNamespace: false);
        var queues = new List<string>();
        builder.Services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(formatter);
            consumers?.Invoke(new MessagingConsumers(bus, formatter, queues));
            bus.AddConfigureEndpointsCallback((context, _, endpoint) =>
            {
                var settings = context.GetRequiredService<IOptions<MessagingOptions>>().Value;
                // Bounded retries with backoff; after the last one MassTransit moves the message, with its exception,
                // to the endpoint's _error queue, and the other messages keep flowing.
                // Failures that time mends (an event that overtook the one it depends on, a database that is restarting)
                // wait patiently; each of their attempts still gets the quick retries for other faults below.
                endpoint.UseMessageRetry(r =>
                {
                    r.Handle<Exception>(MendedByTime);
                    r.Exponential(settings.PatientRetryLimit, settings.PatientRetryMinInterval, settings.PatientRetryMaxInterval,
                        settings.PatientRetryMinInterval);
                });
                endpoint.UseMessageRetry(r =>
                {
                    r.Ignore<Exception>(MendedByTime);
                    r.Exponential(settings.RetryLimit, settings.RetryMinInterval, settings.RetryMaxInterval, settings.RetryMinInterval);
                });
                endpoint.ConcurrentMessageLimit = settings.ConcurrentMessageLimit;
                if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit) rabbit.PrefetchCount = (ushort)settings.PrefetchCount;
            });
            bus.UsingRabbitMq((context, rabbit) =>
            {
                var connectionString = context.GetRequiredService<IConfiguration>().GetConnectionString(ResourceNames.Messaging)
                    ?? throw new InvalidOperationException($"ConnectionStrings:{ResourceNames.Messaging} (the RabbitMQ URI) is not configured.");
                rabbit.Host(new Uri(connectionString), h => h.PublisherConfirmation = true);
                rabbit.ConfigureEndpoints(context);
            });
        });
        builder.Services.Configure<MassTransitHostOptions>(o => o.StopTimeout = TimeSpan.FromSeconds(10));

        builder.Services.AddSingleton(new ConsumerQueues(queues));
        builder.Services.AddSingleton<DeadLetterQueues>();
        builder.Services.AddSingleton<OutboxPublisher>();
        builder.Services.AddHostedService<OutboxRelay<TDbContext>>();
        builder.Services.AddHostedService<MessagingCleanup<TDbContext>>();
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }

    private static bool MendedByTime(Exception exception) =>
        exception is EarlyEventException || DependencyFailures.Unavailable(exception) is not null;
}

/// <summary>Registers a service's consumers and remembers their queues (for the dead-letter tools).</summary>
public sealed class MessagingConsumers(IBusRegistrationConfigurator bus, IEndpointNameFormatter formatter, List<string> queues)
{
    public MessagingConsumers Add<TConsumer>() where TConsumer : class, IConsumer
    {
        bus.AddConsumer<TConsumer>();
        queues.Add(formatter.Consumer<TConsumer>());
        return this;
    }
}

/// <summary>The receive queues of this service's consumers.</summary>
public sealed record ConsumerQueues(IReadOnlyList<string> Names);
