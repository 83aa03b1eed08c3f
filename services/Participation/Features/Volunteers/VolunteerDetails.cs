using System.ComponentModel.DataAnnotations;
using MhAll.Participation.Data;
using MhAll.Participation.Domain;
using MhAll.ServiceDefaults.Http;

namespace MhAll.Participation.Features.Volunteers;

/// <summary>What a volunteer tells the register about themselves: the same fields on joining (self or assisted) and when correcting them.</summary>
public record VolunteerDetails
{
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    [MaxLength(254)] public string? Email { get; init; }
    /// <summary>UK number; needed when sms or phone is a chosen channel.</summary>
    public string? Phone { get; init; }
    /// <summary>Address lines without the postcode; needed when post is a chosen channel.</summary>
    [FreeText(300)] public string? Address { get; init; }
    public string? Postcode { get; init; }
    /// <summary>email, sms, phone, post; email when left out.</summary>
    public List<string>? ContactChannels { get; init; }
    /// <summary>ISO 639 code; "en" when left out.</summary>
    public string? Language { get; init; }
    [FreeText(500)] public string? AccessibilityNeeds { get; init; }
    public bool EasyRead { get; init; }
    public int? YearOfBirth { get; init; }
    /// <summary>Asked only of those born 18 years ago this year, who may not have had their 18th birthday yet.</summary>
    public bool? ConfirmsAdult { get; init; }
    public string? Sex { get; init; }
    public string? GenderIdentity { get; init; }
    /// <summary>One of the 19 Census 2021 categories or prefer-not-to-say.</summary>
    public string? EthnicGroup { get; init; }
    /// <summary>lived-experience, carer, public, staff: at least one.</summary>
    public List<string>? Relationships { get; init; }
    public List<string>? Conditions { get; init; }
    public List<string>? ResearchInterests { get; init; }
    /// <summary>How they heard of the register.</summary>
    public string? HeardVia { get; init; }

    public IReadOnlyList<string> ChannelsOrDefault => ContactChannels ?? ["email"];

    public ValidationErrors Validate(int currentYear)
    {
        var errors = new ValidationErrors()
            .Required("firstName", FirstName, 100)
            .Required("lastName", LastName, 100)
            .Email("email", Email?.Trim())
            .MaxLength("address", Address, 300)
            .MaxLength("accessibilityNeeds", AccessibilityNeeds, 500)
            .SubsetOf("contactChannels", ChannelsOrDefault.ToList(), Vocabularies.ContactChannels, atLeast: 1)
            .OneOf("sex", Sex, Vocabularies.Sexes)
            .OneOf("genderIdentity", GenderIdentity, Vocabularies.GenderIdentities)
            .SubsetOf("relationships", Relationships, Vocabularies.Relationships, atLeast: 1)
            .SubsetOf("conditions", Conditions, Vocabularies.Conditions)
            .SubsetOf("researchInterests", ResearchInterests, Vocabularies.ResearchTypes)
            .OneOf("heardVia", HeardVia, Vocabularies.OutreachChannels);
        if (YearOfBirth is not { } year) errors.Add("yearOfBirth", "This field is required.");
        else if (year < 1900 || year > currentYear) errors.Add("yearOfBirth", $"Enter a year between 1900 and {currentYear}.");
        else if (currentYear - year < AgeBands.AdultAge) errors.Add("yearOfBirth", "The register is for adults: you must be 18 or over to join.");
        else if (currentYear - year == AgeBands.AdultAge && ConfirmsAdult != true)
            errors.Add("confirmsAdult", $"Born in {year}: confirm you have had your 18th birthday (the register is for adults).");
        if (EthnicGroup is { } group && !EthnicGroups.IsValid(group))
            errors.Add("ethnicGroup", "Choose one of the Census 2021 categories, or prefer-not-to-say.");
        if (!string.IsNullOrWhiteSpace(Postcode) && Postcodes.Normalise(Postcode) is null)
            errors.Add("postcode", "Enter a UK postcode, like E14 5AB.");
        if (!string.IsNullOrWhiteSpace(Phone) && PhoneNumbers.Normalise(Phone) is null)
            errors.Add("phone", "Enter a UK phone number, like 07700 900123.");
        if (Language is { } language && !Vocabularies.IsLanguageCode(language))
            errors.Add("language", "Use an ISO 639 language code in lower case, like en, bn or ur.");
        if (ChannelsOrDefault.Any(c => c is "sms" or "phone") && string.IsNullOrWhiteSpace(Phone))
            errors.Add("phone", "Give a phone number to be contacted by text or phone.");
        if (ChannelsOrDefault.Contains("post") && (string.IsNullOrWhiteSpace(Address) || string.IsNullOrWhiteSpace(Postcode)))
            errors.Add("address", "Give an address and postcode to be contacted by post.");
        return errors;
    }

    /// <summary>Copies the details onto the record (all but the postcode, which <see cref="VolunteerQueries.PlaceAsync"/> resolves).</summary>
    public void ApplyTo(Volunteer volunteer)
    {
        volunteer.FirstName = FirstName!.Trim();
        volunteer.LastName = LastName!.Trim();
        volunteer.Email = Email!.Trim().ToLowerInvariant();
        volunteer.Phone = PhoneNumbers.Normalise(Phone);
        volunteer.Address = string.IsNullOrWhiteSpace(Address) ? null : Address.Trim();
        volunteer.ContactChannels = [.. ChannelsOrDefault];
        volunteer.Language = Language ?? "en";
        volunteer.AccessibilityNeeds = string.IsNullOrWhiteSpace(AccessibilityNeeds) ? null : AccessibilityNeeds.Trim();
        volunteer.EasyRead = EasyRead;
        volunteer.YearOfBirth = YearOfBirth!.Value;
        volunteer.Sex = Sex;
        volunteer.GenderIdentity = GenderIdentity;
        volunteer.EthnicGroup = EthnicGroup;
        volunteer.Relationships = [.. Relationships!];
        volunteer.Conditions = [.. Conditions ?? []];
        volunteer.ResearchInterests = [.. ResearchInterests ?? []];
        volunteer.HeardVia = HeardVia;
    }
}

/// <summary>A volunteer's record as they (or programme staff) see it.</summary>
public sealed record VolunteerView(Guid Id, string FirstName, string LastName, string Email, string? Phone, string? Address, string? Postcode,
    IReadOnlyList<string> ContactChannels, string Language, string? AccessibilityNeeds, bool EasyRead, int YearOfBirth, string? Sex,
    string? GenderIdentity, string? EthnicGroup, IReadOnlyList<string> Relationships, IReadOnlyList<string> Conditions,
    IReadOnlyList<string> ResearchInterests, string? HeardVia, VolunteerView.Place? Area, string? Notice, DateTimeOffset RegisteredAt,
    DateTimeOffset? WithdrawnAt)
{
    /// <summary>
    /// Where the volunteer's postcode lies, in both editions: LSOA 2021 with its IMD 2025 decile, LSOA 2011 with its IMD
    /// 2019 decile, each with how it was found (exact: the ONS lookup; approximate: from the postcode's position).
    /// <see cref="Approximate"/> is true when the LSOA 2021 is not exact.
    /// </summary>
    public sealed record Place(string? Lsoa21Code, string Lsoa11Code, string LocalAuthorityCode, string LocalAuthorityName, string? IcbCode,
        string? IcbName, int? Imd2025Decile, int? Imd2019Decile, string Lsoa21Method, string Lsoa11Method, bool Approximate);

    public const string OutOfArea = "We could not place this postcode in East London or Essex. You are registered all the same; "
        + "studies that recruit by area may not find you.";

    /// <summary>For a volunteer who is not erased (erased rows are never returned).</summary>
    public static VolunteerView From(Volunteer v, Areas areas, DateOnly today)
    {
        Place? place = null;
        if (v is { LocalAuthorityCode: { } la, Lsoa11Code: { } lsoa11 } && areas.MembershipOn(la, today) is { } membership)
        {
            var icb = areas.IcbOn(la, v.IcbCode, today);
            // Placed before both editions were kept: no LSOA 2021 nor IMD 2025 until the re-place command runs.
            var lsoa21Method = v.Lsoa21Method ?? AreaMethods.Approximate;
            place = new Place(v.Lsoa21Code, lsoa11, la, membership.LocalAuthorityName, icb?.Code, icb?.Name, v.Imd2025Decile,
                v.Imd2019Decile, lsoa21Method, v.Lsoa11Method ?? AreaMethods.Approximate, lsoa21Method != AreaMethods.Exact);
        }
        return new VolunteerView(v.Id, v.FirstName!, v.LastName!, v.Email!, v.Phone, v.Address, v.Postcode, v.ContactChannels, v.Language,
            v.AccessibilityNeeds, v.EasyRead, v.YearOfBirth!.Value, v.Sex, v.GenderIdentity, v.EthnicGroup, v.Relationships, v.Conditions,
            v.ResearchInterests, v.HeardVia, place, v.Postcode is not null && v.LocalAuthorityCode is null ? OutOfArea : null, v.RegisteredAt,
            v.WithdrawnAt);
    }
}
