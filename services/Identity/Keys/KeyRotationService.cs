using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;

namespace MhAll.Identity.Keys;

/// <summary>Brings the keys up to date before the service takes requests, then keeps to the schedule.</summary>
public sealed class KeyRotationService(KeyRing ring, IOptions<KeyRotationOptions> options, TimeProvider clock, ILogger<KeyRotationService> logger)
    : BackgroundService
{
    public override async Task StartAsync(CancellationToken ct)
    {
        await ring.RotateAsync(ct);
        await base.StartAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CheckEvery, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await ring.RotateAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "The key schedule could not be applied; the keys in use stay as they are");
            }
        }
    }
}

/// <summary>Gives OpenIddict the key ring's keys each time it builds its options.</summary>
public sealed class KeyRingServerOptions(KeyRing ring) : IConfigureOptions<OpenIddictServerOptions>
{
    public void Configure(OpenIddictServerOptions options)
    {
        var keys = ring.Current;
        foreach (var key in keys.Published) options.SigningCredentials.Add(new SigningCredentials(key, SecurityAlgorithms.RsaSha256));
        if (keys.Encryption is { } encryption)
            options.EncryptionCredentials.Add(new EncryptingCredentials(encryption, SecurityAlgorithms.RsaOAEP, SecurityAlgorithms.Aes256CbcHmacSha512));
    }
}
