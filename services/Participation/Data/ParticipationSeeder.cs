namespace MhAll.Participation.Data;

/// <summary>The reference data Participation ships, loaded at the migration step; safe to run again.</summary>
public static class ParticipationSeeder
{
    public const string ConsentTextVersion1 =
        "I agree that the MH-ALL research register may keep my details and contact me, in the ways I choose, about " +
        "mental health research studies I may be able to take part in. Being contacted does not mean I have to take " +
        "part. I can leave the register at any time, and ask for my details to be erased.";

    public static async Task SeedAsync(ParticipationDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        await PostcodeAreaSeeder.SeedAsync(db, clock, cancellationToken);
        if (await db.ConsentTexts.FindAsync([1], cancellationToken) is null)
        {
            db.ConsentTexts.Add(new ConsentText { Version = 1, Text = ConsentTextVersion1, PublishedAt = new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.Zero) });
            await db.SaveChangesAsync(cancellationToken);
        }
    }
}
