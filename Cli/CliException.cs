namespace NeuralIk.Cli;

/// <summary>
/// A failure the user can act on: printed as one line, exit code 2 (bad arguments or input) unless told otherwise.
/// </summary>
public sealed class CliException : Exception
{
    public CliException(string message, int exitCode = ExitCodes.BadInput) : base(message) => ExitCode = exitCode;

    public int ExitCode { get; }
}

public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int BadInput = 2;
}
