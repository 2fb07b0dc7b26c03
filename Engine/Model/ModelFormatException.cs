namespace NeuralIk.Engine.Model;

/// <summary>A model file that cannot be loaded; the message names the file and the reason.</summary>
public sealed class ModelFormatException : Exception
{
    public ModelFormatException(string message) : base(message) { }
    public ModelFormatException(string message, Exception inner) : base(message, inner) { }
}
