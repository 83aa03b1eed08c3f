using System.Globalization;
using System.Text;

namespace MhAll.Benchmarks;

/// <summary>Writes one Markdown file of figures per benchmark, stamped with the machine and date.</summary>
public sealed class ResultsFile(string directory)
{
    public async Task WriteAsync(string name, string title, IEnumerable<(string Measure, string Figure, string Target, bool? Met)> rows, string notes)
    {
        Directory.CreateDirectory(directory);
        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"# {title}")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}.")
            .AppendLine()
            .AppendLine("| measure | figure | target | met |")
            .AppendLine("|---|---|---|---|");
        foreach (var (measure, figure, target, met) in rows)
            text.AppendLine(CultureInfo.InvariantCulture, $"| {measure} | {figure} | {target} | {(met is null ? "" : met.Value ? "yes" : "no")} |");
        text.AppendLine().AppendLine(notes.Trim());
        var path = Path.Combine(directory, name + ".md");
        await File.WriteAllTextAsync(path, text.ToString());
        Console.WriteLine(text);
        Console.WriteLine($"Written to {path}");
    }
}
