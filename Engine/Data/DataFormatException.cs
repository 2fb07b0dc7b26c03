namespace NeuralIk.Engine.Data;

/// <summary>A data file that cannot be read as asked; the message names the file, the line and the problem.</summary>
public sealed class DataFormatException : Exception
{
    public DataFormatException(string message) : base(message) { }

    public static DataFormatException At(string file, int line, string problem) => new($"{file}:{line}: {problem}");
}
