using System.Collections.Frozen;
using System.Diagnostics.Metrics;
using MhAll.Messaging.Erasure;
using MhAll.Participation.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace MhAll.Participation.Data;

/// <summary>
/// Feasibility and matching read the register in memory: one compact entry per contactable volunteer (categories as
/// small codes, conditions and relationships as bit sets, no personal data), so counting or sampling 1,000,000
/// takes milliseconds where a PostgreSQL scan takes tens to hundreds (docs/decisions/0005). The database stays the
/// truth: invitations are checked against it again when confirmed.
/// <para>
/// Kept current by reading volunteers whose <see cref="Volunteer.ChangedAt"/> is at or after the latest change seen,
/// less an overlap that covers transactions committing out of stamp order: at once when this process saved a
/// volunteer (<see cref="VolunteerChangeInterceptor"/>), and every second for changes made by other replicas.
/// </para>
/// </summary>
public sealed class RegisterIndex(IServiceScopeFactory scopes, Areas areas, ILogger<RegisterIndex> logger)
{
    public const string MeterName = "MhAll.Participation";
    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> RowsSkipped = Meter.CreateCounter<long>("mhall.register_index.rows_skipped", "{volunteer}",
        "Volunteer rows the register index could not read and left out of feasibility and matching.");

    /// <summary>Longer than any save takes between stamping a row and committing it.</summary>
    public static readonly TimeSpan Overlap = TimeSpan.FromSeconds(2);

    /// <summary>A volunteer as the index holds them. Codes index the lists below; 0 or -1 is "not known".</summary>
    private struct Entry
    {
        public Guid Id;
        public int MatchKey;
        public uint Conditions;
        public short YearOfBirth;
        public sbyte LocalAuthority;
        public sbyte EthnicGroup;
        public byte ImdDecile;
        public byte Imd2025Decile;
        public byte Sex;
        public byte Relationships;
        public byte Language;
        public bool Live;
    }

    private static readonly string[] EthnicCodes = [.. EthnicGroups.BroadGroupOf.Keys];
    private static readonly FrozenDictionary<string, int> EthnicIndex = Indexes(EthnicCodes);
    private static readonly FrozenDictionary<string, int> ConditionBits = Indexes(Vocabularies.Conditions);
    private static readonly FrozenDictionary<string, int> RelationshipBits = Indexes(Vocabularies.Relationships);
    private readonly string[] _localAuthorities = [.. areas.LocalAuthorityCodes];
    private readonly FrozenDictionary<string, int> _localAuthorityIndex = Indexes(areas.LocalAuthorityCodes);
    /// <summary>Languages as they come, up to 255; a language past that is "other" and matches no language criterion.</summary>
    private readonly List<string> _languages = ["en"];

    private readonly ReaderWriterLockSlim _lock = new();
    private readonly Dictionary<Guid, int> _slots = [];
    private Entry[] _entries = new Entry[1024];
    private int _count;
    private DateTimeOffset? _latestChange;
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private volatile bool _stale = true;

    private static FrozenDictionary<string, int> Indexes(IEnumerable<string> codes) => codes.Select((c, i) => (c, i)).ToFrozenDictionary(x => x.c, x => x.i);

    /// <summary>Something changed in this process: the next query reads the changes first.</summary>
    public void MarkStale() => _stale = true;

    public int Count
    {
        get
        {
            _lock.EnterReadLock();
            try { return _slots.Count; }
            finally { _lock.ExitReadLock(); }
        }
    }

    /// <summary>Reads what changed since the last look; with nothing loaded yet, the whole register.</summary>
    public async Task RefreshAsync(CancellationToken ct)
    {
        await _refreshing.WaitAsync(ct);
        try
        {
            _stale = false;
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ParticipationDbContext>();
            var query = db.Volunteers.AsNoTracking();
            var since = _latestChange - Overlap;
            query = since is { } changedSince ? query.Where(v => v.ChangedAt >= changedSince) : query.Where(v => v.WithdrawnAt == null);
            var rows = query.Select(v => new
            {
                v.Id, v.ChangedAt, Live = v.WithdrawnAt == null && v.ContactChannels.Count > 0, v.MatchKey, v.YearOfBirth, v.LocalAuthorityCode,
                v.EthnicGroup, v.Imd2019Decile, v.Imd2025Decile, v.Sex, v.Language, v.Relationships, v.Conditions,
            }).AsAsyncEnumerable();
            var read = 0;
            var batch = new List<(Entry Entry, DateTimeOffset ChangedAt)>(4096);
            await foreach (var row in rows.WithCancellation(ct))
            {
                Entry entry;
                try
                {
                    entry = new Entry
                    {
                        Id = row.Id, Live = row.Live, MatchKey = row.MatchKey, YearOfBirth = (short)(row.YearOfBirth ?? 0),
                        LocalAuthority = (sbyte)(row.LocalAuthorityCode is { } la && _localAuthorityIndex.TryGetValue(la, out var l) ? l : -1),
                        EthnicGroup = (sbyte)(row.EthnicGroup is { } e && EthnicIndex.TryGetValue(e, out var ei) ? ei : -1),
                        ImdDecile = (byte)(row.Imd2019Decile ?? 0), Imd2025Decile = (byte)(row.Imd2025Decile ?? 0), Sex = row.Sex switch { "female" => 1, "male" => 2, _ => 0 },
                        Language = LanguageCode(row.Language), Relationships = (byte)Bits(row.Relationships, RelationshipBits),
                        Conditions = Bits(row.Conditions, ConditionBits),
                    };
                }
                catch (Exception ex)
                {
                    // One row the index cannot read must not stop it for everyone after: that volunteer is left out
                    // (and taken out, if an earlier version of the row was in), and the watermark moves past them.
                    logger.LogError(ex, "Register index skipped volunteer {VolunteerId}: their row cannot be read", row.Id);
                    RowsSkipped.Add(1);
                    entry = new Entry { Id = row.Id, Live = false };
                }
                batch.Add((entry, row.ChangedAt));
                if (batch.Count == batch.Capacity) Apply(batch);
                read++;
            }
            Apply(batch);
            // An erasure deletes the volunteer's row, which no read of changed rows can see: its tombstone says so.
            if (since is { } erasedSince)
            {
                await foreach (var erased in db.Set<ErasedVolunteer>().AsNoTracking().Where(e => e.ActedAt >= erasedSince)
                                   .Select(e => new { e.VolunteerId, e.ActedAt }).AsAsyncEnumerable().WithCancellation(ct))
                    batch.Add((new Entry { Id = erased.VolunteerId, Live = false }, erased.ActedAt));
                Apply(batch);
            }
            if (read > 10_000) logger.LogInformation("Register index read {Rows} volunteers; {Contactable} contactable", read, Count);
        }
        finally
        {
            _refreshing.Release();
        }
    }

    private void Apply(List<(Entry Entry, DateTimeOffset ChangedAt)> batch)
    {
        _lock.EnterWriteLock();
        try
        {
            foreach (var (entry, changedAt) in batch)
            {
                if (_latestChange is null || changedAt > _latestChange) _latestChange = changedAt;
                if (_slots.TryGetValue(entry.Id, out var slot))
                {
                    if (entry.Live) _entries[slot] = entry;
                    else Remove(slot);
                }
                else if (entry.Live)
                {
                    if (_count == _entries.Length) Array.Resize(ref _entries, _entries.Length * 2);
                    _entries[_count] = entry;
                    _slots[entry.Id] = _count++;
                }
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
        batch.Clear();
    }

    /// <summary>Takes a volunteer out at once (their row was deleted by an erasure in this process).</summary>
    public void Forget(Guid id)
    {
        _lock.EnterWriteLock();
        try
        {
            if (_slots.TryGetValue(id, out var slot)) Remove(slot);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Moves the last entry into the freed slot, so the entries stay dense.</summary>
    private void Remove(int slot)
    {
        _slots.Remove(_entries[slot].Id);
        var last = --_count;
        if (slot != last)
        {
            _entries[slot] = _entries[last];
            _slots[_entries[slot].Id] = slot;
        }
    }

    private byte LanguageCode(string language)
    {
        lock (_languages)
        {
            var code = _languages.IndexOf(language);
            if (code >= 0) return (byte)code;
            if (_languages.Count == byte.MaxValue) return byte.MaxValue;
            _languages.Add(language);
            return (byte)(_languages.Count - 1);
        }
    }

    private static uint Bits(IEnumerable<string> codes, FrozenDictionary<string, int> bits)
    {
        uint mask = 0;
        foreach (var code in codes)
            if (bits.TryGetValue(code, out var bit)) mask |= 1u << bit;
        return mask;
    }

    /// <summary>Criteria turned into masks once per query.</summary>
    private readonly record struct Filter(ulong LocalAuthorities, uint EthnicGroups, ushort ImdDeciles, bool Imd2019, byte Sexes, uint Conditions,
        byte Relationships, ulong[]? Languages, short MinYear, short MaxYear)
    {
        public byte ImdDecileOf(in Entry e) => Imd2019 ? e.ImdDecile : e.Imd2025Decile;

        public bool Matches(in Entry e) =>
            e.YearOfBirth >= MinYear && e.YearOfBirth <= MaxYear
            && (LocalAuthorities == ulong.MaxValue || (e.LocalAuthority >= 0 && (LocalAuthorities >> e.LocalAuthority & 1) != 0))
            && (EthnicGroups == uint.MaxValue || (e.EthnicGroup >= 0 && (EthnicGroups >> e.EthnicGroup & 1) != 0))
            && (ImdDeciles == ushort.MaxValue || (ImdDeciles >> ImdDecileOf(in e) & 1) != 0)
            && (Sexes == byte.MaxValue || (Sexes >> e.Sex & 1) != 0)
            && (Conditions == uint.MaxValue || (e.Conditions & Conditions) != 0)
            && (Relationships == byte.MaxValue || (e.Relationships & Relationships) != 0)
            && (Languages is null || (Languages[e.Language >> 6] >> (e.Language & 63) & 1) != 0);
    }

    private Filter Compile(Eligibility criteria, DateOnly today)
    {
        static T Mask<T>(IEnumerable<int> bits, T all, Func<ulong, T> cast) =>
            bits.Any() ? cast(bits.Aggregate(0UL, (m, b) => m | 1UL << b)) : all;
        var places = criteria.LocalAuthorities.Concat(criteria.Icbs.SelectMany(icb => areas.LocalAuthoritiesOfIcb(icb, today))).Distinct().ToList();
        ulong[]? languages = null;
        if (criteria.Languages.Count > 0)
        {
            languages = new ulong[4];
            lock (_languages)
                foreach (var code in criteria.Languages.Select(l => _languages.IndexOf(l)).Where(c => c >= 0)) languages[code >> 6] |= 1UL << (code & 63);
        }
        return new Filter(
            places.Count > 0 ? places.Select(p => _localAuthorityIndex.GetValueOrDefault(p, 63)).Aggregate(0UL, (m, b) => m | 1UL << b) : ulong.MaxValue,
            Mask(criteria.EthnicGroups.Select(g => EthnicIndex[g]), uint.MaxValue, m => (uint)m),
            Mask(criteria.ImdDeciles, ushort.MaxValue, m => (ushort)m),
            ImdEditions.Of(criteria) == ImdEditions.Imd2019,
            Mask(criteria.Sexes.Select(s => s == "female" ? 1 : 2), byte.MaxValue, m => (byte)m),
            Mask(criteria.Conditions.Select(c => ConditionBits[c]), uint.MaxValue, m => (uint)m),
            Mask(criteria.Relationships.Select(r => RelationshipBits[r]), byte.MaxValue, m => (byte)m),
            languages,
            (short)(criteria.MaxAge is { } max ? today.Year - max : short.MinValue),
            (short)(criteria.MinAge is { } min ? today.Year - min : short.MaxValue));
    }

    private async Task EnsureCurrentAsync(CancellationToken ct)
    {
        if (_stale) await RefreshAsync(ct);
    }

    /// <summary>How many contactable volunteers meet the criteria.</summary>
    public async Task<int> CountAsync(Eligibility criteria, DateOnly today, CancellationToken ct)
    {
        await EnsureCurrentAsync(ct);
        var filter = Compile(criteria, today);
        _lock.EnterReadLock();
        try
        {
            var count = 0;
            for (var i = 0; i < _count; i++)
                if (filter.Matches(in _entries[i])) count++;
            return count;
        }
        finally { _lock.ExitReadLock(); }
    }

    /// <summary>A volunteer in a matching pool, with what ranking needs (the IMD decile in the edition the criteria use).</summary>
    public sealed record Candidate(Guid Id, string? EthnicGroup, int? ImdDecile, int? YearOfBirth, string? LocalAuthorityCode);

    /// <summary>
    /// A seeded random sample: of the contactable volunteers who meet the criteria and are not excluded, the
    /// <paramref name="size"/> with the smallest hash of (draw, match key), in that order (docs/decisions/0005).
    /// </summary>
    public async Task<List<Candidate>> SampleAsync(Eligibility criteria, DateOnly today, ulong draw, IReadOnlySet<Guid> excluded, int size,
        CancellationToken ct)
    {
        await EnsureCurrentAsync(ct);
        var filter = Compile(criteria, today);
        var best = new PriorityQueue<int, (ulong Key, Guid Id)>(size + 1, Comparer<(ulong Key, Guid Id)>.Create((a, b) => b.CompareTo(a)));
        _lock.EnterReadLock();
        try
        {
            for (var i = 0; i < _count; i++)
            {
                ref readonly var e = ref _entries[i];
                if (!filter.Matches(in e) || excluded.Contains(e.Id)) continue;
                var key = (Mix(draw ^ (uint)e.MatchKey), e.Id);
                if (best.Count < size) best.Enqueue(i, key);
                else if (best.TryPeek(out _, out var worst) && key.CompareTo(worst) < 0) best.EnqueueDequeue(i, key);
            }
            var picked = new List<(Candidate, (ulong, Guid))>(best.Count);
            while (best.TryDequeue(out var slot, out var key))
            {
                var e = _entries[slot];
                var imd = filter.ImdDecileOf(in e);
                picked.Add((new Candidate(e.Id, e.EthnicGroup >= 0 ? EthnicCodes[e.EthnicGroup] : null, imd == 0 ? null : imd,
                    e.YearOfBirth == 0 ? null : e.YearOfBirth, e.LocalAuthority >= 0 ? _localAuthorities[e.LocalAuthority] : null), key));
            }
            picked.Reverse(); // the queue gives the largest first
            return picked.Select(p => p.Item1).ToList();
        }
        finally { _lock.ExitReadLock(); }
    }

    /// <summary>The draw a seed makes for a study: the same seed gives another study another sample.</summary>
    public static ulong Draw(int seed, Guid studyId)
    {
        var hash = 0xCBF29CE484222325UL;
        foreach (var b in studyId.ToByteArray()) hash = (hash ^ b) * 0x100000001B3UL;
        return Mix(hash ^ ((ulong)(uint)seed << 32));
    }

    /// <summary>SplitMix64's finaliser: a fixed, well-spread hash (never .NET's per-process HashCode).</summary>
    public static ulong Mix(ulong x)
    {
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}

/// <summary>
/// Stamps <see cref="Volunteer.ChangedAt"/> on every saved volunteer (and <see cref="ErasedVolunteer.ActedAt"/> on an erasure's
/// tombstone) and tells the index after the save.
/// </summary>
public sealed class VolunteerChangeInterceptor(Func<RegisterIndex?> index) : SaveChangesInterceptor
{
    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is not null)
        {
            // The register index's watermark is compared with times written by every replica: it follows the real
            // clock, never a test's or a replay's TimeProvider.
            var now = TimeProvider.System.GetUtcNow();
            // An erased volunteer's anonymised row keeps its time to the month (docs/decisions/0004); the index never needs it.
            foreach (var entry in eventData.Context.ChangeTracker.Entries<Volunteer>())
                if (entry.State is EntityState.Added or EntityState.Modified && entry.Entity.ErasedAt is null) entry.Entity.ChangedAt = now;
            // The tombstone of an erasure is stamped on the same clock, so other replicas' indexes read it with the changes.
            foreach (var entry in eventData.Context.ChangeTracker.Entries<ErasedVolunteer>())
                if (entry.State is EntityState.Added) entry.Property(e => e.ActedAt).CurrentValue = now;
        }
        return ValueTask.FromResult(result);
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context?.ChangeTracker.Entries<Volunteer>().Any() == true || eventData.Context?.ChangeTracker.Entries<ErasedVolunteer>().Any() == true)
            index()?.MarkStale();
        return ValueTask.FromResult(result);
    }
}

/// <summary>Loads the index at start-up and looks for other replicas' changes every second.</summary>
public sealed class RegisterIndexRefresher(RegisterIndex index, ILogger<RegisterIndexRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        do
        {
            try
            {
                await index.RefreshAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Could not refresh the register index; trying again");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
