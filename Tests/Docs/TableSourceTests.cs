using NeuralIk.Tests.Support;
using Xunit;

namespace NeuralIk.Tests.Docs;

/// <summary>
/// A table in the README or docs/ that follows a marker <c>&lt;!-- table from: FILE --&gt;</c> is a copy of the
/// first table of that committed file (a benchmark's result, or what Bench/tables/results.py made from them), line
/// for line (BenchmarkDotNet's bold, emphasis only, left out): a result re-measured and committed without its copy,
/// or a copy edited by hand, fails here. CI also re-makes the generated tables from their sources (.ci/run).
/// </summary>
public class TableSourceTests
{
    const string Marker = "<!-- table from: ";

    public static TheoryData<string> Pages() => new(["README.md", .. Directory.GetFiles(
        Path.Combine(Repository.Root, "docs"), "*.md").Select(p => Path.GetRelativePath(Repository.Root, p))]);

    [Theory]
    [MemberData(nameof(Pages))]
    public void Every_marked_table_is_its_files_table(string page)
    {
        var lines = File.ReadAllLines(Path.Combine(Repository.Root, page));
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith(Marker, StringComparison.Ordinal))
                continue;
            var source = lines[i][Marker.Length..].Replace(" -->", "", StringComparison.Ordinal).Trim();
            var path = Path.Combine(Repository.Root, source);
            Assert.True(File.Exists(path), $"{page}:{i + 1}: {source} does not exist");
            var copy = Table(lines.Skip(i + 1));
            Assert.True(copy.Count > 2, $"{page}:{i + 1}: no table after the marker");
            var table = Table(File.ReadAllLines(path).SkipWhile(l => !l.StartsWith('|')));
            Assert.Equal(table.Select(l => l.Replace("**", "", StringComparison.Ordinal)), copy);
        }
    }

    [Fact]
    public void The_readme_marks_its_tables()
    {
        var readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));
        Assert.True(readme.Split(Marker).Length - 1 >= 2, "the README's results and performance tables are marked");
    }

    static List<string> Table(IEnumerable<string> lines) => [.. lines.TakeWhile(l => l.StartsWith('|'))];
}
