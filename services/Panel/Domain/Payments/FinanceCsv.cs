using System.Globalization;
using System.Text;

namespace MhAll.Panel.Domain.Payments;

/// <summary>
/// The payment run as finance imports it (docs/decisions/0010): a header row, one row per claim, CRLF line ends,
/// RFC 4180 quoting. Amounts in pounds with two decimals ("27.50"), dates ISO 8601. Text that a spreadsheet would
/// read as a formula (starting with = + - @, tab or carriage return) is prefixed with an apostrophe.
/// </summary>
public static class FinanceCsv
{
    public static readonly string[] Columns =
        ["run_id", "run_date", "claim_id", "member_id", "payee_name", "payee_reference", "activity_date", "fee_method", "fee", "expenses", "total"];

    public static string Write(PaymentRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var text = new StringBuilder();
        text.AppendJoin(',', Columns).Append("\r\n");
        foreach (var line in run.Lines)
        {
            string[] fields =
            [
                run.RunId.ToString(), Date(run.RunDate), line.ClaimId.ToString(), line.MemberId.ToString(), Text(line.PayeeName),
                Text(line.PayeeReference), Date(line.ActivityDate), Method(line.FeeMethod), line.Fee.ToPounds(), line.Expenses.ToPounds(),
                line.Total.ToPounds(),
            ];
            text.AppendJoin(',', fields).Append("\r\n");
        }
        return text.ToString();
    }

    /// <summary>One text field made safe: formula-looking text defused, then quoted when it holds a comma, quote or line break.</summary>
    public static string Text(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Method(PaymentMethod method) => method switch
    {
        PaymentMethod.None => "none",
        PaymentMethod.BankTransfer => "bank-transfer",
        PaymentMethod.Voucher => "voucher",
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };
}
