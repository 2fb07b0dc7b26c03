namespace NeuralIk.Engine.Kinematics;

/// <summary>A robot description that cannot be read: the message names the file, the line and the element.</summary>
public sealed class UrdfException(string message) : Exception(message);
