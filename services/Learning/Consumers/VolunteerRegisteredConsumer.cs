using System.Globalization;
using MassTransit;
using MhAll.Contracts.Participation;
using MhAll.Learning.Data;
using MhAll.Messaging.Inbox;
using Microsoft.EntityFrameworkCore;

namespace MhAll.Learning.Consumers;

/// <summary>Adds a registration to Learning's read model: the pseudonymous row and the counts reports read.</summary>
public sealed class VolunteerRegisteredConsumer(LearningDbContext db, ILogger<VolunteerRegisteredConsumer> logger)
    : InboxConsumer<VolunteerRegistered, LearningDbContext>(db, logger)
{
    protected override Guid? SerializeOn(VolunteerRegistered message) => message.VolunteerId;

    protected override async Task HandleAsync(VolunteerRegistered message, ConsumeContext<VolunteerRegistered> context, CancellationToken cancellationToken)
    {
        // Erased before this registration arrived: keep it as anonymised history only, never counted as on the register.
        if (await Db.ErasureTombstones.FindAsync([message.VolunteerId], cancellationToken) is not null)
        {
            Db.RegisteredVolunteers.Add(VolunteerLeftConsumers.Anonymised(From(message), left: true));
            return;
        }
        Db.RegisteredVolunteers.Add(From(message));
        await RegistrationCounts.AddAsync(Db, message.VolunteerId, message.LocalAuthorityCode, Groups(message), +1, cancellationToken);
    }

    private static RegisteredVolunteer From(VolunteerRegistered message) => new()
    {
        VolunteerId = message.VolunteerId,
        RegisteredAt = message.RegisteredAt,
        CategoriesAsOf = message.RegisteredAt,
        AgeBand = message.AgeBand,
        EthnicGroup = message.EthnicGroup,
        Sex = message.Sex,
        LocalAuthorityCode = message.LocalAuthorityCode,
        ImdDecile = message.ImdDecile,
        Imd2025Decile = message.Imd2025Decile,
    };

    /// <summary>The volunteer's group in each counted dimension; a dimension not stated counts as "not-stated".</summary>
    public static IEnumerable<(string Dimension, string Group)> Groups(VolunteerRegistered message) => Groups(From(message));

    public static IEnumerable<(string Dimension, string Group)> Groups(RegisteredVolunteer volunteer)
    {
        yield return (Dimensions.EthnicGroup, volunteer.EthnicGroup ?? RegistrationCounts.NotStated);
        yield return ("age-band", volunteer.AgeBand);
        yield return ("sex", volunteer.Sex ?? RegistrationCounts.NotStated);
        yield return (Dimensions.ImdDecile, volunteer.ImdDecile?.ToString(CultureInfo.InvariantCulture) ?? RegistrationCounts.NotStated);
        yield return (Dimensions.Imd2025Decile, volunteer.Imd2025Decile?.ToString(CultureInfo.InvariantCulture) ?? RegistrationCounts.NotStated);
    }
}

/// <summary>Changes the sharded counts in the consumer's transaction.</summary>
public static class RegistrationCounts
{
    public const string NotStated = "not-stated";

    /// <summary>One statement for all the volunteer's groups, always in the same order, so concurrent updates cannot deadlock.</summary>
    public static Task AddAsync(LearningDbContext db, Guid volunteerId, string? areaCode, IEnumerable<(string Dimension, string Group)> groups,
        int delta, CancellationToken cancellationToken)
    {
        var area = areaCode ?? RegistrationCount.UnknownArea;
        var shard = (short)((uint)volunteerId.GetHashCode() % RegistrationCount.Shards);
        var rows = groups.OrderBy(g => g.Dimension, StringComparer.Ordinal).ToList();
        var parameters = new List<object> { area, shard, delta };
        var values = rows.Select(row =>
        {
            parameters.Add(row.Dimension);
            parameters.Add(row.Group);
            return $"({{{parameters.Count - 2}}}, {{0}}, {{{parameters.Count - 1}}}, {{1}}, {{2}})";
        }).ToList();
        // Only placeholders are interpolated into the SQL text; every value is a parameter.
#pragma warning disable EF1002
        return db.Database.ExecuteSqlRawAsync($"""
            INSERT INTO registration_counts (dimension, area_code, "group", shard, count) VALUES {string.Join(", ", values)}
            ON CONFLICT (dimension, area_code, "group", shard) DO UPDATE SET count = registration_counts.count + excluded.count
            """, parameters, cancellationToken);
#pragma warning restore EF1002
    }
}
