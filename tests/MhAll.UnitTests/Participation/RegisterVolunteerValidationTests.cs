using MhAll.Participation.Domain;
using MhAll.Participation.Features.Volunteers;

namespace MhAll.UnitTests.Participation;

public sealed class RegisterVolunteerValidationTests
{
    private const int Year = 2026;
    private static RegisterVolunteer.Request Valid => new("Amina", "Begum", "amina@example.org", 1988, "asian-bangladeshi");

    [Fact]
    public void A_complete_adult_registration_is_valid() => Assert.Null(RegisterVolunteer.Validate(Valid, Year));

    [Theory]
    [InlineData(2008, true)]  // 18 this year
    [InlineData(2009, false)] // 17 this year
    [InlineData(1899, false)]
    [InlineData(2027, false)]
    public void Only_adults_born_in_a_plausible_year_can_join(int yearOfBirth, bool valid)
    {
        var errors = RegisterVolunteer.Validate(Valid with { YearOfBirth = yearOfBirth }, Year);
        Assert.Equal(valid, errors is null);
        if (!valid) Assert.Contains("yearOfBirth", errors!.Keys);
    }

    [Theory]
    [InlineData("no-at-sign")]
    [InlineData("two@@example.org")]
    [InlineData("name@localhost")]
    [InlineData("Display Name <a@example.org>")]
    public void Email_addresses_must_be_plain_addresses(string email) =>
        Assert.Contains("email", RegisterVolunteer.Validate(Valid with { Email = email }, Year)!.Keys);

    [Fact]
    public void Names_are_required_and_bounded()
    {
        var errors = RegisterVolunteer.Validate(Valid with { FirstName = " ", LastName = new string('x', 101) }, Year)!;
        Assert.Equal(["firstName", "lastName"], errors.Keys.Order());
    }

    [Theory]
    [InlineData("white-roma", true)]
    [InlineData("prefer-not-to-say", true)]
    [InlineData(null, true)]
    [InlineData("White British", false)]
    public void Ethnic_group_is_a_census_2021_code(string? code, bool valid) =>
        Assert.Equal(valid, RegisterVolunteer.Validate(Valid with { EthnicGroup = code }, Year) is null);

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
