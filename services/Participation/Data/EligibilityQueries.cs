using MhAll.Participation.Domain;

namespace MhAll.Participation.Data;

/// <summary>Who a study may reach: the one definition feasibility and matching share.</summary>
public static class EligibilityQueries
{
    /// <summary>On the register, consented to contact, and reachable on at least one channel they chose.</summary>
    public static IQueryable<Volunteer> Contactable(this IQueryable<Volunteer> volunteers) =>
        volunteers.Where(v => v.WithdrawnAt == null && v.ContactChannels.Count > 0);

    /// <summary>Meets every criterion that is set; an ICB means its local authorities on <paramref name="today"/>.</summary>
    public static IQueryable<Volunteer> Meeting(this IQueryable<Volunteer> volunteers, Eligibility criteria, Areas areas, DateOnly today)
    {
        if (criteria.MinAge is { } min) volunteers = volunteers.Where(v => v.YearOfBirth <= today.Year - min);
        if (criteria.MaxAge is { } max) volunteers = volunteers.Where(v => v.YearOfBirth >= today.Year - max);
        if (criteria.Sexes is [_, ..] sexes) volunteers = volunteers.Where(v => sexes.Contains(v.Sex!));
        if (criteria.EthnicGroups is [_, ..] groups) volunteers = volunteers.Where(v => groups.Contains(v.EthnicGroup!));
        var places = criteria.LocalAuthorities.Concat(criteria.Icbs.SelectMany(icb => areas.LocalAuthoritiesOfIcb(icb, today))).Distinct().ToList();
        if (places is [_, ..]) volunteers = volunteers.Where(v => places.Contains(v.LocalAuthorityCode!));
        if (criteria.ImdDeciles is [_, ..] deciles)
            volunteers = ImdEditions.Of(criteria) == ImdEditions.Imd2019
                ? volunteers.Where(v => deciles.Contains(v.Imd2019Decile!.Value))
                : volunteers.Where(v => deciles.Contains(v.Imd2025Decile!.Value));
        if (criteria.Languages is [_, ..] languages) volunteers = volunteers.Where(v => languages.Contains(v.Language));
        if (criteria.Relationships is [_, ..] relationships) volunteers = volunteers.Where(v => v.Relationships.Any(r => relationships.Contains(r)));
        if (criteria.Conditions is [_, ..] conditions) volunteers = volunteers.Where(v => v.Conditions.Any(c => conditions.Contains(c)));
        return volunteers;
    }
}
