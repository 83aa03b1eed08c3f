using MhAll.Benchmarks;

// Usage: eng/bench.sh [--quick]   (--quick: smaller samples, for trying the command out)
var quick = args.Contains("--quick");
var results = new ResultsFile(Path.Combine(MhAll.Testing.RepositoryPaths.Root, "tests", "MhAll.Benchmarks", "results"));
await MessagingBenchmark.RunAsync(results, quick);
