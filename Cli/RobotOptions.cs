using System.CommandLine;

namespace NeuralIk.Cli;

/// <summary>
/// `--urdf FILE [--base LINK] [--tip LINK]`: a spatial arm's robot file and the chain's ends, shared by the
/// commands that read one. The file itself is read (and its errors reported) on use.
/// </summary>
public sealed class RobotOptions
{
    public Option<string?> Urdf { get; } = new("--urdf") { Description = "A spatial arm: its URDF robot file " +
        "(revolute and continuous joints; the model learns full poses)" };
    public Option<string?> Base { get; } = new("--base") { Description = "First link of the --urdf chain " +
        "(default: the root link)" };
    public Option<string?> Tip { get; } = new("--tip") { Description = "Last link of the --urdf chain (default: " +
        "the end of the longest movable chain)" };

    public Option[] All => [Urdf, Base, Tip];

    public RobotFile? Read(ParseResult r)
    {
        var (urdf, baseLink, tipLink) = (r.GetValue(Urdf), r.GetValue(Base), r.GetValue(Tip));
        if (urdf is null)
            return baseLink is null && tipLink is null ? null
                : throw new CliException($"{(baseLink is null ? "--tip" : "--base")} names a link of a --urdf file; " +
                    "give --urdf FILE");
        return File.Exists(urdf) ? new RobotFile(urdf, baseLink, tipLink)
            : throw new CliException($"--urdf {urdf}: no such file");
    }
}
