using MhAll.Participation.Data;
using Microsoft.Extensions.DependencyInjection;

namespace MhAll.ServiceTests;

/// <summary>Volunteers written straight to the register, for tests of what is done with them (the sign-up itself is tested elsewhere).</summary>
public static class RegisterSeeding
{
    public const string TowerHamlets = "E09000030";

    public static async Task<List<Guid>> AddVolunteersAsync(IServiceProvider services, int count, string language, string ethnicGroup,
        int imdDecile = 1, string borough = TowerHamlets, int yearOfBirth = 1985, string? subject = null, int? imd2019Decile = null)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParticipationDbContext>();
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var id = Guid.CreateVersion7();
            ids.Add(id);
            db.Volunteers.Add(new Volunteer
            {
                Id = id, SubjectId = subject ?? Guid.NewGuid().ToString(), FirstName = "Test", LastName = $"Person {i}", Email = $"{id:N}@example.org",
                ContactChannels = ["email"], Language = language, YearOfBirth = yearOfBirth, AgeBand = "35-44", EthnicGroup = ethnicGroup,
                Relationships = ["lived-experience"], LocalAuthorityCode = borough, Lsoa11Code = "E01004200", Imd2025Decile = imdDecile, Imd2019Decile = imd2019Decile,
                RegisteredAt = DateTimeOffset.UtcNow, MatchKey = Random.Shared.Next(),
            });
        }
        await db.SaveChangesAsync();
        return ids;
    }

    /// <summary>A proposal holding the chosen volunteers, written as matching would, for the team to confirm through the API.</summary>
    public static async Task<Guid> ProposalAsync(IServiceProvider services, Guid studyId, IReadOnlyCollection<Guid> ids)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParticipationDbContext>();
        var proposal = new MatchProposal
        {
            Id = Guid.CreateVersion7(), StudyId = studyId, Seed = 1, Requested = ids.Count, VolunteerIds = [.. ids], ProposedBy = "test",
            ProposedAt = DateTimeOffset.UtcNow, ExpiresAt = DateTimeOffset.UtcNow.AddHours(1),
        };
        db.MatchProposals.Add(proposal);
        await db.SaveChangesAsync();
        return proposal.Id;
    }
}
