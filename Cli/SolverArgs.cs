using System.CommandLine;
using NeuralIk.Engine.Kinematics;
using NeuralIk.Engine.Model;
using NeuralIk.Engine.Solving;

namespace NeuralIk.Cli;

/// <summary>
/// What the commands that solve share: --obstacle, --answers, --candidates and --budget-ms, and a target read from
/// X Y [PHI].
/// </summary>
public static class SolverArgs
{
    /// <summary>
    /// Most answers a command looks for per target: the search grows with the count (1,000 took minutes).
    /// </summary>
    public const int MaxAnswers = 32;

    static readonly string[] QuaternionNames = ["QX", "QY", "QZ", "QW"];

    /// <summary>The third number of a target: φ of a planar pose, or z of a spatial arm's target.</summary>
    public static Argument<double?> PhiOrZArgument() => new("PHI|Z")
    {
        Description = "End orientation in radians (planar models trained with --orientation), or z of a spatial " +
            "arm's target",
        Arity = ArgumentArity.ZeroOrOne,
    };

    /// <summary>QX QY QZ QW: a spatial arm's target orientation, optional (none: any orientation).</summary>
    public static Argument<double?>[] QuaternionArguments() => [.. QuaternionNames.Select(name =>
        new Argument<double?>(name)
        {
            Description = $"Target orientation of a spatial arm: the unit quaternion's {name[1..]}",
            Arity = ArgumentArity.ZeroOrOne,
        })];

    /// <summary>--candidates and --budget-ms: when a search for more answers stops.</summary>
    public static (Option<int?> Candidates, Option<double?> BudgetMs) StopOptions() => (
        new Option<int?>("--candidates")
        {
            Description = "Stop looking for more answers after N candidates per target: the same answers on any " +
                "machine (a redundant planar chain counts per phase of its search, 48 by default)",
        },
        new Option<double?>("--budget-ms")
        {
            Description = "Stop looking for more answers after this long per target, in ms (default 5 for a " +
                "spatial arm; a planar chain counts candidates unless given)",
        });

    /// <summary>--guess network|none: where a search from references starts.</summary>
    public static Option<string> GuessOption()
    {
        var option = new Option<string>("--guess")
        {
            Description = "network (default): refine the network's guess near each reference; none: refine from " +
                "each reference itself, the same search without the network (arms in space or learned)",
            DefaultValueFactory = _ => "network",
        };
        option.AcceptOnlyFromAmong("network", "none");
        return option;
    }

    /// <summary>--steps N: learned steps from the current posture and after a guess (a model with a learned step).
    /// </summary>
    public static Option<int?> StepsOption() => new("--steps")
    {
        Description = $"Learned steps toward the answer from the current posture (--near) and after a guess, 0 to " +
            $"{MaxSteps} (arms in space trained for poses have a learned step; default " +
            $"{IkSolver.DefaultNearSteps} from the current posture, {IkSolver.DefaultSteps} after a guess)",
    };

    /// <summary>Most learned steps a command takes: each costs about two LM iterations.</summary>
    public const int MaxSteps = 16;

    /// <summary>The steps given, checked against the range and the model (null when not given).</summary>
    public static int? Steps(int? steps, IkModel model) => steps switch
    {
        null => null,
        < 0 or > MaxSteps => throw new CliException($"--steps must be 0 to {MaxSteps}, got {steps}"),
        _ when model.Step is null => throw new CliException("--steps: this model has no learned step (arms in space " +
            "trained for poses have one)"),
        _ => steps,
    };

    /// <summary>Whether the network guesses; --guess none refused for a planar arm of links, which has no search
    /// from references to run without it.</summary>
    public static bool Network(string guess, IkSolver solver)
    {
        if (guess == "none" && solver.Chain is PlanarChain)
            throw new CliException("--guess none is for arms searched from references (in space, or learned): a " +
                "planar arm of links starts from its network's guess and its closed forms");
        return guess == "network";
    }

    /// <summary>--near q1,…,qN and --near-mode first|nearest: answers near the arm's current posture.</summary>
    public static (Option<string?> Near, Option<string> Mode) NearOptions()
    {
        var mode = new Option<string>("--near-mode")
        {
            Description = "With --near: first (default) returns the first answers found, the search starting at the " +
                "current posture; nearest searches the whole budget and returns the nearest found",
            DefaultValueFactory = _ => "first",
        };
        mode.AcceptOnlyFromAmong("first", "nearest");
        return (new Option<string?>("--near")
        {
            Description = "The arm's current posture q1,…,qN (one value per joint, as the answers give them): " +
                "answers come nearest it first in the largest joint change (arms in space or learned)",
        }, mode);
    }

    /// <summary>The current posture given, checked against the arm (null when not given).</summary>
    public static IReadOnlyList<double>? Near(string? text, IkSolver solver)
    {
        if (ArgParsing.Numbers(text, "--near") is not { } q)
            return null;
        if (solver.Chain is PlanarChain)
            throw new CliException("--near is for arms searched from references (in space, or learned): a planar arm " +
                "of links answers per branch (--elbow picks one)");
        return q.Length == solver.Chain.Count ? q : throw new CliException($"--near: {q.Length} values for an arm of " +
            $"{solver.Chain.Count} joints ({string.Join(", ", solver.Chain.Names)})");
    }

    /// <summary>The stop rule asked for, or null for the arm's own.</summary>
    public static StopRule? Stop(int? candidates, double? budgetMs)
    {
        if (candidates is <= 0 or > 100_000)
            throw new CliException("--candidates must be from 1 to 100000");
        if (budgetMs is { } ms && !(ms > 0 && ms <= 60_000))
            throw new CliException("--budget-ms must be more than 0 and at most 60000");
        return candidates is null && budgetMs is null ? null : new StopRule(candidates, budgetMs);
    }

    /// <summary>
    /// The target's numbers as given: X Y, then PHI|Z and the quaternion up to the first one missing.
    /// </summary>
    public static double[] Numbers(ParseResult r, Argument<double?>[] arguments) =>
        [.. arguments.Select(r.GetValue).TakeWhile(n => n is not null).Select(n => n!.Value)];

    public static Option<string[]> ObstacleOption() => new("--obstacle")
    {
        Description = "Circle x,y,radius the links must avoid (repeatable)",
        AllowMultipleArgumentsPerToken = false,
    };

    public static Obstacle[] Obstacles(string[]? texts)
    {
        try
        {
            return [.. (texts ?? []).Select(Obstacle.Parse)];
        }
        catch (FormatException e)
        {
            throw new CliException($"--obstacle: {e.Message}");
        }
    }

    /// <summary>--answers, one rule for every command and model: 1 to <see cref="MaxAnswers"/>.</summary>
    public static Option<int> AnswersOption()
    {
        var option = new Option<int>("--answers")
        {
            Description = $"Distinct answers to look for per target (chains with free links), 1 to {MaxAnswers}",
            DefaultValueFactory = _ => IkSolver.DefaultAnswers,
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is var k and (< 1 or > MaxAnswers))
                result.AddError($"--answers must be 1 to {MaxAnswers}, got {k}");
        });
        return option;
    }

    /// <summary>A model that reaches positions takes no PHI.</summary>
    public static void NoPhi(double? phi)
    {
        if (phi is not null)
            throw new CliException("PHI is for models trained with --orientation; this one reaches positions: " +
                "give X Y");
    }

    /// <summary>--output of a batch: required, and never the --input file itself (it would be overwritten).</summary>
    public static string BatchOutput(string input, string? output)
    {
        if (output is null)
            throw new CliException("--input needs --output");
        return Path.GetFullPath(output) != Path.GetFullPath(input) ? output
            : throw new CliException($"--output {output} is the --input file: write the answers to another file");
    }

    /// <summary>"up" or "down" as a branch; anything else ("both", none) is either.</summary>
    public static Elbow? Branch(string? name) => name switch { "up" => Elbow.Up, "down" => Elbow.Down, _ => null };

    /// <summary>An answer's configuration label: its elbow, or "" for an arm without one.</summary>
    public static string Name(Elbow? branch) => branch switch { Elbow.Up => "up", Elbow.Down => "down", _ => "" };
}
