using MhAll.Participation.Domain;

namespace MhAll.UnitTests.Participation;

public sealed class PostcodeTests
{
    [Theory]
    [InlineData("E14 5AB", "E14 5AB")]
    [InlineData("e145ab", "E14 5AB")]
    [InlineData("  rm17   6sl ", "RM17 6SL")]
    [InlineData("EC1A1BB", "EC1A 1BB")]
    [InlineData("W1A 0AX", "W1A 0AX")]
    public void Postcodes_are_normalised_as_people_type_them(string typed, string normalised) =>
        Assert.Equal(normalised, Postcodes.Normalise(typed));

    [Theory]
    [InlineData("")]
    [InlineData("E14")]
    [InlineData("14 5AB")]
    [InlineData("E14 5A")]
    [InlineData("not a postcode")]
    public void Text_that_cannot_be_a_postcode_is_refused(string typed) => Assert.Null(Postcodes.Normalise(typed));
}
