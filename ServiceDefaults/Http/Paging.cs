using Microsoft.AspNetCore.Mvc;

namespace MhAll.ServiceDefaults.Http;

/// <summary>
/// How every list endpoint pages: <c>?page=1&amp;pageSize=50</c> (at most 200), answered with the items, the page,
/// its size and the total. Each list documents its own fixed order.
/// </summary>
public sealed record PageQuery([FromQuery(Name = "page")] int? Page, [FromQuery(Name = "pageSize")] int? PageSize)
{
    public const int DefaultSize = 50;
    public const int MaxSize = 200;

    public int Number => Page ?? 1;
    public int Size => PageSize ?? DefaultSize;
    public int Skip => (Number - 1) * Size;

    public ValidationErrors Check(ValidationErrors? errors = null)
    {
        errors ??= new ValidationErrors();
        if (Page is < 1) errors.Add("page", "Pages start at 1.");
        // The offset, (page - 1) × size, must fit the int that Skip takes: beyond it, it would wrap round to negative.
        else if (PageSize is null or (>= 1 and <= MaxSize) && (long)(Number - 1) * Size > int.MaxValue)
            errors.Add("page", $"At most {int.MaxValue / Size + 1} at this page size.");
        if (PageSize is < 1 or > MaxSize) errors.Add("pageSize", $"Between 1 and {MaxSize}.");
        return errors;
    }

    public Paged<T> Of<T>(IEnumerable<T> all)
    {
        var list = all as IReadOnlyCollection<T> ?? all.ToList();
        return new Paged<T>(list.Skip(Skip).Take(Size).ToList(), Number, Size, list.Count);
    }
}

public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total)
{
    public Paged<TOut> Map<TOut>(Func<T, TOut> map) => new([.. Items.Select(map)], Page, PageSize, Total);
}
