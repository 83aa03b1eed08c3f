using System.Security.Cryptography;
using MhAll.Identity.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;

namespace MhAll.Identity.Keys;

/// <summary>
/// The identity service's RSA keys, kept in identity-db with their private halves protected by Data Protection, and
/// rotated on a schedule (<see cref="KeyRotationOptions"/>): the next key is published a while before it signs, and a
/// retired key stays published until the tokens it signed have expired. Every replica reloads the keys from the
/// database; OpenIddict's options are rebuilt whenever they change.
/// </summary>
public sealed class KeyRing(
    IServiceScopeFactory scopes,
    IDataProtectionProvider dataProtection,
    TimeProvider clock,
    IOptions<KeyRotationOptions> options,
    IOptionsMonitorCache<OpenIddictServerOptions> serverOptions,
    ILogger<KeyRing> logger)
{
    public const string ProtectorPurpose = "MhAll.Identity.SigningKeys.v1";
    private const int KeySize = 3072;
    /// <summary>One lock for every replica that changes the keys at once.</summary>
    private const long AdvisoryLock = 0x4d48_414c_4c4b; // "MHALLK"

    private readonly IDataProtector _protector = dataProtection.CreateProtector(ProtectorPurpose);
    private volatile KeySet _current = KeySet.Empty;

    /// <summary>The keys as last loaded.</summary>
    public KeySet Current => _current;

    /// <summary>Carries the schedule forward to now (creating the first keys if there are none), then reloads.</summary>
    public Task RotateAsync(CancellationToken ct) => RotateAsync(clock.GetUtcNow(), ct);

    /// <summary>Carries the schedule forward to <paramref name="asOf"/>: what the schedule does by then (tests look ahead with it).</summary>
    public async Task RotateAsync(DateTimeOffset asOf, CancellationToken ct)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AccountsDbContext>();
            await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({AdvisoryLock})", ct);
                await ApplyScheduleAsync(db, asOf, ct);
                await transaction.CommitAsync(ct);
            });
        }
        await LoadAsync(ct);
    }

    /// <summary>Reads the keys from the database and, when they differ from those in use, hands them to OpenIddict.</summary>
    public async Task LoadAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccountsDbContext>();
        var rows = await db.SigningKeys.AsNoTracking().ToListAsync(ct);
        var fingerprint = string.Join(";", rows.OrderBy(r => r.Id, StringComparer.Ordinal)
            .Select(r => $"{r.Id}:{r.ActivatedAt?.ToUnixTimeSeconds()}:{r.RetiredAt?.ToUnixTimeSeconds()}"));
        if (fingerprint == _current.Fingerprint) return;

        var signing = rows.Where(r => r.Use == KeyUses.Signing).ToList();
        var active = signing.Where(r => r is { ActivatedAt: not null, RetiredAt: null }).OrderByDescending(r => r.ActivatedAt).FirstOrDefault();
        var next = signing.Where(r => r.ActivatedAt is null).OrderBy(r => r.CreatedAt).ToList();
        var retired = signing.Where(r => r != active && r.ActivatedAt is not null).OrderByDescending(r => r.ActivatedAt).ToList();
        var encryption = rows.Where(r => r.Use == KeyUses.Encryption).OrderByDescending(r => r.CreatedAt).FirstOrDefault();
        if (active is null || encryption is null) throw new InvalidOperationException("No active signing key or no encryption key: run the key schedule first.");

        _current = new KeySet(Open(active), [.. next.Select(Open)], [.. retired.Select(Open)], Open(encryption), fingerprint);
        serverOptions.TryRemove(Options.DefaultName); // OpenIddict builds its options again, with these keys
        logger.LogInformation("Signing with key {KeyId}; publishing {Published} keys", active.Id, _current.Published.Count);
    }

    private async Task ApplyScheduleAsync(AccountsDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var settings = options.Value;
        var keys = await db.SigningKeys.ToListAsync(ct);
        if (!keys.Any(k => k.Use == KeyUses.Encryption)) db.SigningKeys.Add(NewKey(KeyUses.Encryption, now, activated: true));

        var signing = keys.Where(k => k.Use == KeyUses.Signing).ToList();
        var active = signing.Where(k => k is { ActivatedAt: not null, RetiredAt: null }).MaxBy(k => k.ActivatedAt);
        var next = signing.Where(k => k.ActivatedAt is null).MinBy(k => k.CreatedAt);
        if (active is null)
        {
            // The very first key signs at once: no token exists yet that anyone could validate with an older one.
            if (next is not null) next.ActivatedAt = now;
            else db.SigningKeys.Add(NewKey(KeyUses.Signing, now, activated: true));
        }
        else
        {
            if (next is null && now >= active.ActivatedAt!.Value + settings.SignFor - settings.PublishAhead)
            {
                next = NewKey(KeyUses.Signing, now, activated: false);
                db.SigningKeys.Add(next);
                logger.LogInformation("Key {KeyId} published; it signs from {From:o}", next.Id, next.CreatedAt + settings.PublishAhead);
            }
            if (next is not null && now >= next.CreatedAt + settings.PublishAhead && now >= active.ActivatedAt!.Value + settings.SignFor)
                Promote(active, next, now);
        }
        foreach (var old in signing.Where(k => k.RetiredAt is { } retired && now >= retired + settings.KeepAfterRetirement))
        {
            db.SigningKeys.Remove(old);
            logger.LogInformation("Key {KeyId} withdrawn from the JWKS", old.Id);
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Rotates now, whatever the schedule says, for an operator who suspects a key: the next key (introduced now if
    /// there is none) signs from now on, and the old one stays published for <see cref="KeyRotationOptions.KeepAfterRetirement"/>.
    /// Resource servers that cached the JWKS before the new key appeared fetch it again on its unknown <c>kid</c>.
    /// </summary>
    public async Task RotateNowAsync(CancellationToken ct)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AccountsDbContext>();
            await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({AdvisoryLock})", ct);
                var now = clock.GetUtcNow();
                var signing = await db.SigningKeys.Where(k => k.Use == KeyUses.Signing).ToListAsync(ct);
                var active = signing.Where(k => k is { ActivatedAt: not null, RetiredAt: null }).MaxBy(k => k.ActivatedAt)
                    ?? throw new InvalidOperationException("No active signing key.");
                var next = signing.Where(k => k.ActivatedAt is null).MinBy(k => k.CreatedAt);
                if (next is null) db.SigningKeys.Add(next = NewKey(KeyUses.Signing, now, activated: false));
                Promote(active, next, now);
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
            });
        }
        await LoadAsync(ct);
    }

    private void Promote(SigningKey active, SigningKey next, DateTimeOffset now)
    {
        active.RetiredAt = now;
        next.ActivatedAt = now;
        logger.LogInformation("Key {KeyId} signs from now; key {Retired} is retired", next.Id, active.Id);
    }

    private SigningKey NewKey(string use, DateTimeOffset now, bool activated)
    {
        using var rsa = RSA.Create(KeySize);
        return new SigningKey
        {
            Id = $"{use}-{now:yyyyMMdd}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}",
            Use = use,
            ProtectedPrivateKey = _protector.Protect(rsa.ExportPkcs8PrivateKey()),
            CreatedAt = now,
            ActivatedAt = activated ? now : null,
        };
    }

    private RsaSecurityKey Open(SigningKey row)
    {
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(_protector.Unprotect(row.ProtectedPrivateKey), out _);
        return new RsaSecurityKey(rsa) { KeyId = row.Id };
    }
}

/// <summary>The keys in use: <see cref="Active"/> signs; <see cref="Published"/> are the public keys in the JWKS.</summary>
public sealed record KeySet(RsaSecurityKey? Active, IReadOnlyList<RsaSecurityKey> Next, IReadOnlyList<RsaSecurityKey> Retired,
    RsaSecurityKey? Encryption, string Fingerprint)
{
    public static readonly KeySet Empty = new(null, [], [], null, "");

    /// <summary>The signing keys in OpenIddict's order: the active key first (it signs), then the next, then the retired.</summary>
    public IReadOnlyList<RsaSecurityKey> Published => [.. Active is null ? [] : new[] { Active }, .. Next, .. Retired];
}
