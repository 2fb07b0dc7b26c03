namespace NeuralIk.Engine.IO;

/// <summary>A file the user named could not be written; the message names that path and why, in one line.</summary>
public sealed class FileWriteException(string path, string reason) : IOException($"{path}: cannot write: {reason}");
