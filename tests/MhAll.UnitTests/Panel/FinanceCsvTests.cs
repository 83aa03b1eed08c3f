using MhAll.Panel.Domain.Payments;

namespace MhAll.UnitTests.Panel;

public sealed class FinanceCsvTests
{
    [Fact]
    public void The_export_has_a_header_and_one_row_per_line_with_pounds_to_two_decimals()
    {
        var run = new PaymentRun(new Guid("11111111-1111-1111-1111-111111111111"), new DateOnly(2027, 1, 29),
        [
            new PaymentRunLine(new Guid("22222222-2222-2222-2222-222222222222"), new Guid("33333333-3333-3333-3333-333333333333"), "Sam Okoro",
                "SUP-0042", new DateOnly(2027, 1, 10), new Pence(8250), PaymentMethod.Voucher, new Pence(5)),
        ], []);
        var csv = FinanceCsv.Write(run);
        Assert.Equal(
            "run_id,run_date,claim_id,member_id,payee_name,payee_reference,activity_date,fee_method,fee,expenses,total\r\n" +
            "11111111-1111-1111-1111-111111111111,2027-01-29,22222222-2222-2222-2222-222222222222,33333333-3333-3333-3333-333333333333," +
            "Sam Okoro,SUP-0042,2027-01-10,voucher,82.50,0.05,82.55\r\n",
            csv);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"")]
    [InlineData("+44 20 7946 0000", "'+44 20 7946 0000")]
    [InlineData("-1+1", "'-1+1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("Smith, Jo", "\"Smith, Jo\"")]
    [InlineData("O\"Brien", "\"O\"\"Brien\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("Jo Smith-Jones", "Jo Smith-Jones")]
    [InlineData("", "")]
    public void Text_is_made_safe_for_spreadsheets_and_quoted_when_needed(string value, string field)
    {
        Assert.Equal(field, FinanceCsv.Text(value));
    }

    [Fact]
    public void A_formula_in_a_payee_name_reaches_the_file_defused()
    {
        var run = PaymentRunPlanner.Plan(Guid.NewGuid(), new DateOnly(2027, 1, 29),
            [new ApprovedClaim(Guid.NewGuid(), Guid.NewGuid(), "=cmd|'/c calc'!A1", "@ref", new DateOnly(2027, 1, 1), new DateOnly(2027, 1, 2),
                new Pence(100), PaymentMethod.BankTransfer, Pence.Zero)], []);
        var row = FinanceCsv.Write(run).Split("\r\n")[1];
        Assert.Contains(",'=cmd|'/c calc'!A1,'@ref,", row);
    }
}
