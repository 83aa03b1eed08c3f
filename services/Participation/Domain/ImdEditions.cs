namespace MhAll.Participation.Domain;

/// <summary>
/// The two editions of the English Indices of Deprivation the register keeps: IMD 2025 (on LSOAs 2021), the default,
/// and IMD 2019 (on LSOAs 2011), for a study that asks for it.
/// </summary>
public static class ImdEditions
{
    public const int Imd2025 = 2025;
    public const int Imd2019 = 2019;
    public static readonly int[] All = [Imd2025, Imd2019];

    /// <summary>The edition a study's criteria use: 2025 unless they ask for 2019.</summary>
    public static int Of(Data.Eligibility criteria) => criteria.ImdEdition ?? Imd2025;

    public static int? Decile(int edition, int? imd2025Decile, int? imd2019Decile) => edition == Imd2019 ? imd2019Decile : imd2025Decile;

    /// <summary>The population dimension of Areas holding each edition's residents by decile.</summary>
    public static string PopulationDimension(int edition) => edition == Imd2019 ? "imd-decile" : "imd2025-decile";
}
