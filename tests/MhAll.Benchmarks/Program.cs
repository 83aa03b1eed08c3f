using MhAll.Benchmarks;

// Usage: eng/bench.sh [messaging|learning|participation|mentoring|training|panel] [--quick]   (--quick: smaller samples, for trying the command out)
var quick = args.Contains("--quick");
var results = new ResultsFile(Path.Combine(MhAll.Testing.RepositoryPaths.Root, "tests", "MhAll.Benchmarks", "results"));
var only = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal));
if (only is null or "messaging") await MessagingBenchmark.RunAsync(results, quick);
if (only is null or "learning") await LearningBenchmark.RunAsync(results, quick);
if (only is null or "participation") await ParticipationBenchmark.RunAsync(results, quick);
if (only is null or "mentoring") await MentoringBenchmark.RunAsync(results, quick);
if (only is null or "training") await TrainingBenchmark.RunAsync(results, quick);
if (only is null or "panel") await PanelBenchmark.RunAsync(results, quick);
