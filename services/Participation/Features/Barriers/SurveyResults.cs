using MhAll.Participation.Data;
using MhAll.Participation.Domain;
using MhAll.ServiceDefaults.Disclosure;
using static MhAll.Participation.Features.Barriers.Surveys;

namespace MhAll.Participation.Features.Barriers;

/// <summary>
/// Turns a survey's responses into results. A response cites a barrier when it picks an option coded with it, or
/// agrees (4 or 5) with a Likert statement about it. Counts that add up are protected as tables, as every published
/// count is (1–7 hidden, others rounded to 5, secondary suppression): the responses by group; for each barrier, the
/// groups' counts of those citing it (the barrier's total is that table's total); a single-choice question's options;
/// a Likert statement's five answers. Shares and means are worked out from the published counts only. Programme staff
/// see it all raw (audited); free-text answers only ever go to them (people write identifying things).
/// </summary>
public static class SurveyResults
{
    public static SurveyReport Compute(Survey survey, IReadOnlyList<SurveyResponse> responses, string by, int imdEdition, bool raw)
    {
        var questions = survey.Questions.ToDictionary(q => q.Id);
        var people = responses.Select(r => (Group: GroupOf(r, by, imdEdition), Cited: Cites(r, questions))).ToList();
        var groups = people.Select(p => p.Group).Distinct().Order(StringComparer.Ordinal).ToList();
        ProtectedTable ByGroup(Func<(string Group, HashSet<string> Cited), bool> counted) =>
            DisclosureControl.Publish(groups.Select(g => (g, people.Count(p => p.Group == g && counted(p)))).ToList(), raw);

        var responded = ByGroup(_ => true);
        var citing = Vocabularies.Barriers.Select(b => (Barrier: b, Table: ByGroup(p => p.Cited.Contains(b)))).ToList();

        var byGroup = groups.Select((g, i) => new GroupResult(g, responded.Cells[i].Count,
            citing.Select(c => new BarrierCount(c.Barrier, c.Table.Cells[i].Count, ShareOf(c.Table.Cells[i].Count, responded.Cells[i].Count))).ToList())).ToList();
        var barriers = citing.Select(c => new BarrierCount(c.Barrier, c.Table.Total, ShareOf(c.Table.Total, responded.Total))).ToList();

        var questionResults = survey.Questions.Select(q =>
        {
            var answers = responses.Select(r => r.Answers.FirstOrDefault(a => a.QuestionId == q.Id)).OfType<SurveyAnswer>().ToList();
            var picked = q.Options.Select(o => (o.Id, answers.Count(a => a.OptionIds.Contains(o.Id)))).ToList();
            // A single-choice question's options divide its answers between them; a multiple-choice one's do not.
            var optionCounts = q.Kind == "single"
                ? DisclosureControl.Publish(picked, raw).Cells.Select(c => c.Count).ToList()
                : picked.Select(p => raw ? p.Item2 : DisclosureControl.Publish(p.Item2)).ToList();
            var options = q.Options.Select((o, i) => new OptionCount(o.Id, o.Text, o.Barrier, optionCounts[i])).ToList();
            List<int?>? likertCounts = null;
            double? likertMean = null;
            if (q.Kind == "likert")
            {
                var scale = DisclosureControl.Publish(Enumerable.Range(1, 5).Select(v => (v.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    answers.Count(a => a.Likert == v))).ToList(), raw);
                likertCounts = scale.Cells.Select(c => c.Count).ToList();
                if (likertCounts.All(c => c is not null) && likertCounts.Sum() is > 0 and var all)
                    likertMean = Math.Round(likertCounts.Select((c, i) => c!.Value * (i + 1)).Sum() / (double)all, 2);
            }
            return new QuestionResult(q.Id, q.Kind, q.Text, q.Barrier, options, likertMean, likertCounts,
                q.Kind == "text" && raw ? answers.Select(a => a.Text!).ToList() : null);
        }).ToList();

        return new SurveyReport(survey.Id, responded.Total, raw, barriers, questionResults, by, byGroup, by == "imd-quintile" ? imdEdition : null);
    }

    private static double? ShareOf(int? count, int? total) => count is { } c && total is > 0 and var t ? Math.Round(c / (double)t, 4) : null;

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

    private static string GroupOf(SurveyResponse r, string by, int imdEdition) => by switch
    {
        "ethnic-broad-group" => MatchingDimensions.BroadGroup(r.EthnicGroup) ?? "not-stated",
        "age-band" => r.AgeBand ?? "not-stated",
        "imd-quintile" => MatchingDimensions.Quintile(ImdEditions.Decile(imdEdition, r.Imd2025Decile, r.Imd2019Decile)) ?? "not-stated",
        _ => r.Relationship ?? "not-stated",
    };
}
