using MhAll.Participation.Data;
using MhAll.Participation.Domain;
using MhAll.ServiceDefaults.Http;

namespace MhAll.Participation.Features.Studies;

/// <summary>Checks a set of eligibility criteria, naming each field at fault (prefix "eligibility." inside a study).</summary>
public static class Criteria
{
    public static ValidationErrors Check(this ValidationErrors errors, Eligibility? criteria, Areas areas, DateOnly today, string prefix = "")
    {
        if (criteria is null) return errors.Add(prefix.TrimEnd('.') is { Length: > 0 } p ? p : "criteria", "This field is required.");
        if (criteria.MinAge is < AgeBands.AdultAge or > 120) errors.Add(prefix + "minAge", "Between 18 and 120: the register is for adults.");
        if (criteria.MaxAge is < AgeBands.AdultAge or > 120) errors.Add(prefix + "maxAge", "Between 18 and 120: the register is for adults.");
        if (criteria is { MinAge: { } min, MaxAge: { } max } && min > max) errors.Add(prefix + "maxAge", "At least the minimum age.");
        errors.SubsetOf(prefix + "sexes", criteria.Sexes, Vocabularies.Sexes)
            .SubsetOf(prefix + "conditions", criteria.Conditions, Vocabularies.Conditions)
            .SubsetOf(prefix + "ethnicGroups", criteria.EthnicGroups, EthnicGroups.BroadGroupOf.Keys.ToList())
            .SubsetOf(prefix + "localAuthorities", criteria.LocalAuthorities, areas.LocalAuthorityCodes)
            .SubsetOf(prefix + "icbs", criteria.Icbs, areas.IcbCodesOn(today))
            .SubsetOf(prefix + "relationships", criteria.Relationships, Vocabularies.Relationships);
        if (criteria.ImdDeciles.Any(d => d is < 1 or > 10)) errors.Add(prefix + "imdDeciles", "Deciles run from 1 (most deprived) to 10.");
        if (criteria.ImdEdition is { } edition && !ImdEditions.All.Contains(edition))
            errors.Add(prefix + "imdEdition", "The IMD edition is 2025 (the default) or 2019.");
        if (criteria.Languages.Any(l => !Vocabularies.IsLanguageCode(l))) errors.Add(prefix + "languages", "Use ISO 639 codes in lower case, like en or bn.");
        return errors;
    }
}
