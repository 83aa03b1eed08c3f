using MhAll.Participation.Domain;
using MhAll.Participation.Features.Volunteers;

namespace MhAll.UnitTests.Participation;

public sealed class RegisterVolunteerValidationTests
{
    private const int Year = 2026;
    private static VolunteerDetails Valid => new()
    {
        FirstName = "Amina", LastName = "Begum", Email = "amina@example.org", YearOfBirth = 1988, EthnicGroup = "asian-bangladeshi",
        Relationships = ["lived-experience"],
    };

    private static Dictionary<string, string[]>? Validate(VolunteerDetails details) =>
        details.Validate(Year) is { Any: true } errors ? errors.ToDictionary() : null;

    [Fact]
    public void A_complete_adult_registration_is_valid() => Assert.Null(Validate(Valid));

    [Fact]
    public void Email_is_the_channel_when_none_is_chosen() => Assert.Equal(["email"], Valid.ChannelsOrDefault);

    [Theory]
    [InlineData("sms", null, null, null, "phone")]
    [InlineData("phone", "07700 900123", null, null, null)]
    [InlineData("phone", "+44 (0)20 7946 0018", null, null, null)]
    [InlineData("phone", "12345", null, null, "phone")]
    [InlineData("post", null, "1 High Street", null, "address")]
    [InlineData("post", null, "1 High Street", "E14 5AB", null)]
    [InlineData("pigeon", null, null, null, "contactChannels")]
    public void A_chosen_channel_needs_the_details_to_reach_them(string channel, string? phone, string? address, string? postcode, string? fault)
    {
        var errors = Validate(Valid with { ContactChannels = [channel], Phone = phone, Address = address, Postcode = postcode });
        if (fault is null) Assert.Null(errors);
        else Assert.Contains(fault, errors!.Keys);
    }

    [Fact]
    public void Lists_take_known_codes_once_each()
    {
        var errors = Validate(Valid with
        {
            Relationships = [], Conditions = ["depression", "depression"], ResearchInterests = ["astrology"], HeardVia = "tv",
            GenderIdentity = "x", Language = "English",
        })!;
        Assert.Equal(["conditions", "genderIdentity", "heardVia", "language", "relationships", "researchInterests"], errors.Keys.Order());
    }

    [Theory]
    [InlineData(2007, true)]  // 19 this year
    [InlineData(2009, false)] // 17 this year
    [InlineData(1899, false)]
    [InlineData(2027, false)]
    public void Only_adults_born_in_a_plausible_year_can_join(int yearOfBirth, bool valid)
    {
        var errors = Validate(Valid with { YearOfBirth = yearOfBirth });
        Assert.Equal(valid, errors is null);
        if (!valid) Assert.Contains("yearOfBirth", errors!.Keys);
    }

    [Fact]
    public void Someone_turning_18_this_year_confirms_they_have_had_their_birthday()
    {
        Assert.Equal(["confirmsAdult"], Validate(Valid with { YearOfBirth = 2008 })!.Keys);
        Assert.Null(Validate(Valid with { YearOfBirth = 2008, ConfirmsAdult = true }));
    }

    [Theory]
    [InlineData("no-at-sign")]
    [InlineData("two@@example.org")]
    [InlineData("name@localhost")]
    [InlineData("Display Name <a@example.org>")]
    public void Email_addresses_must_be_plain_addresses(string email) =>
        Assert.Contains("email", Validate(Valid with { Email = email })!.Keys);

    [Fact]
    public void Names_are_required_and_bounded()
    {
        var errors = Validate(Valid with { FirstName = " ", LastName = new string('x', 101) })!;
        Assert.Equal(["firstName", "lastName"], errors.Keys.Order());
    }

    [Theory]
    [InlineData("white-roma", true)]
    [InlineData("prefer-not-to-say", true)]
    [InlineData(null, true)]
    [InlineData("White British", false)]
    public void Ethnic_group_is_a_census_2021_code(string? code, bool valid) =>
        Assert.Equal(valid, Validate(Valid with { EthnicGroup = code }) is null);

    [Fact]
    public void There_are_19_census_categories_in_5_broad_groups()
    {
        Assert.Equal(19, EthnicGroups.BroadGroupOf.Count);
        Assert.Equal(["asian", "black", "mixed", "other", "white"], EthnicGroups.BroadGroupOf.Values.Distinct().Order());
    }

    [Theory]
    [InlineData(2008, "18-24")]
    [InlineData(2001, "25-34")]
    [InlineData(1992, "25-34")]
    [InlineData(1991, "35-44")]
    [InlineData(1962, "55-64")]
    [InlineData(1952, "65-74")]
    [InlineData(1951, "75+")]
    public void Age_bands_follow_the_census_bands(int yearOfBirth, string band) => Assert.Equal(band, AgeBands.Of(yearOfBirth, Year));
}
