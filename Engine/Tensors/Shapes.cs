namespace NeuralIk.Engine.Tensors;

/// <summary>
/// Argument checks shared by every kernel implementation, so a bad call fails the same way in all of them.
/// </summary>
internal static class Shapes
{
    public static void Require(int length, int rows, int cols, string name)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(cols);
        if (length < (long)rows * cols)
            throw new ArgumentException($"{name} has {length} elements, needs {rows}×{cols}", name);
    }

    public static void RequireOptional(int length, int rows, int cols, string name)
    {
        if (length != 0)
            Require(length, rows, cols, name);
    }

    public static void CheckForward(int x, int w, int bias, int m, int k, int n, int y)
    {
        Require(x, m, k, "x");
        Require(w, k, n, "w");
        RequireOptional(bias, 1, n, "bias");
        Require(y, m, n, "y");
    }

    public static void CheckWeightGradient(int x, int dy, int m, int k, int n, int dw, int i0, int i1)
    {
        Require(x, m, k, "x");
        Require(dy, m, n, "dy");
        if (i0 < 0 || i1 > k || i0 > i1)
            throw new ArgumentOutOfRangeException(nameof(i0), $"row range [{i0}, {i1}) is outside [0, {k})");
        Require(dw, i1 - i0, n, "dw");
    }

    public static void CheckBiasGradient(int dy, int m, int n, int db)
    {
        Require(dy, m, n, "dy");
        Require(db, 1, n, "db");
    }
}
