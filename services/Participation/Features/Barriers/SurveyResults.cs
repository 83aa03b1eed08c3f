using MhAll.Participation.Data;
using MhAll.Participation.Domain;
using MhAll.ServiceDefaults.Disclosure;
using static MhAll.Participation.Features.Barriers.Surveys;

namespace MhAll.Participation.Features.Barriers;

/// <summary>
/// Turns a survey's responses into results. A response cites a barrier when it picks an option coded with it, or
/// agrees (4 or 5) with a Likert statement about it. Counts are published rounded to 5 with 1–7 hidden, except for
/// programme staff; free-text answers only ever go to programme staff (people write identifying things).
/// </summary>
public static class SurveyResults
{
    public static SurveyReport Compute(Survey survey, IReadOnlyList<SurveyResponse> responses, string by, bool raw)
    {
        int? Publish(int count) => raw ? count : DisclosureControl.IsSmall(count) ? null : DisclosureControl.Round(count);
        double? ShareOf(int count, int total) => total == 0 || Publish(count) is null ? null : Math.Round(count / (double)total, 4);

        var questions = survey.Questions.ToDictionary(q => q.Id);
        var cited = responses.Select(r => Cites(r, questions)).ToList();

        List<BarrierCount> Barriers(IReadOnlyList<HashSet<string>> citations) => Vocabularies.Barriers
            .Select(b => citations.Count(c => c.Contains(b)))
            .Select((count, i) => new BarrierCount(Vocabularies.Barriers[i], Publish(count), ShareOf(count, citations.Count)))
            .ToList();

        var questionResults = survey.Questions.Select(q =>
        {
            var answers = responses.Select(r => r.Answers.FirstOrDefault(a => a.QuestionId == q.Id)).OfType<SurveyAnswer>().ToList();
            var options = q.Options.Select(o => new OptionCount(o.Id, o.Text, o.Barrier, Publish(answers.Count(a => a.OptionIds.Contains(o.Id))))).ToList();
            var likert = answers.Where(a => a.Likert is not null).Select(a => a.Likert!.Value).ToList();
            return new QuestionResult(q.Id, q.Kind, q.Text, q.Barrier, options,
                q.Kind == "likert" && Publish(likert.Count) is not null && likert.Count > 0 ? Math.Round(likert.Average(), 2) : null,
                q.Kind == "likert" ? Enumerable.Range(1, 5).Select(v => Publish(likert.Count(l => l == v))).ToList() : null,
                q.Kind == "text" && raw ? answers.Select(a => a.Text!).ToList() : null);
        }).ToList();

        var byGroup = responses.Select((r, i) => (Group: GroupOf(r, by), Cited: cited[i]))
            .GroupBy(x => x.Group)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new GroupResult(g.Key, Publish(g.Count()), Barriers(g.Select(x => x.Cited).ToList())))
            .ToList();

        return new SurveyReport(survey.Id, Publish(responses.Count), raw, Barriers(cited), questionResults, by, byGroup);
    }

    public static HashSet<string> Cites(SurveyResponse response, IReadOnlyDictionary<string, SurveyQuestion> questions)
    {
        var barriers = new HashSet<string>();
        foreach (var answer in response.Answers)
        {
            if (!questions.TryGetValue(answer.QuestionId, out var q)) continue;
            foreach (var option in q.Options.Where(o => answer.OptionIds.Contains(o.Id) && o.Barrier is not null)) barriers.Add(option.Barrier!);
            if (q is { Kind: "likert", Barrier: { } barrier } && answer.Likert >= 4) barriers.Add(barrier);
        }
        return barriers;
    }

    private static string GroupOf(SurveyResponse r, string by) => by switch
    {
        "ethnic-broad-group" => MatchingDimensions.BroadGroup(r.EthnicGroup) ?? "not-stated",
        "age-band" => r.AgeBand ?? "not-stated",
        "imd-quintile" => MatchingDimensions.Quintile(r.ImdDecile) ?? "not-stated",
        _ => r.Relationship ?? "not-stated",
    };
}
